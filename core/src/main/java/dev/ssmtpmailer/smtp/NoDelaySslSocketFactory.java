package dev.ssmtpmailer.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Layers TLS with our trust settings over a socket that has {@code TCP_NODELAY}. Angus uses the
 * {@code ssl.socketFactory} both for implicit TLS (it connects a plain socket, then calls
 * {@link #createSocket(Socket, String, int, boolean)}) and for STARTTLS (it layers TLS over the plain socket
 * of the session); in both cases the plain socket passes through here, so the flag is set whichever factory
 * created it.
 */
final class NoDelaySslSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    NoDelaySslSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return observed(delegate.createSocket(NoDelaySocketFactory.noDelay(s), host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return observed(NoDelaySocketFactory.noDelay(delegate.createSocket()));
    }

    /**
     * A probe reports the protocol, cipher and certificate of its connection's TLS socket; a
     * {@link SocketCapture} takes it as the socket the session is written to (offered after the plain socket
     * below it, so the capture ends with the TLS one).
     */
    private static Socket observed(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            ProbeRecorder.tlsSocketCreated(ssl);
        }
        return SocketCapture.offer(socket);
    }

    /** Connects with TLS by the delegate; the host name stays a name, for SNI and the host name check. */
    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return NoDelaySocketFactory.noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return NoDelaySocketFactory.noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }

    /** No local address ({@code null}, port 0): the JDK picks one and an ephemeral port, as without one. */
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket(host, port, null, 0);
    }

    /** No local address, as {@link #createSocket(String, int)}. */
    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host, port, null, 0);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public String toString() {
        return "NoDelaySslSocketFactory";
    }
}
