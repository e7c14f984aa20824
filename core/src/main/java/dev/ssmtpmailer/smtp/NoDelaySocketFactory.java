package dev.ssmtpmailer.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with {@code TCP_NODELAY}. SMTP writes a command and waits for its reply; with Nagle's
 * algorithm on, the last small segment of a message waits for the server's delayed ACK (about 40 ms on
 * Linux), which caps a reused connection at a few dozen large messages per second.
 *
 * <p>Angus asks for an unconnected socket ({@link #createSocket()}) and connects it itself with the
 * configured connection timeout.
 */
final class NoDelaySocketFactory extends SocketFactory {
    static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    private NoDelaySocketFactory() {
    }

    /** Sets {@code TCP_NODELAY} and offers the socket to a {@link SocketCapture} of this thread. */
    static Socket noDelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return SocketCapture.offer(s);
    }

    /** Angus creates every plain socket here; it can group pipelined commands (see {@link BatchingSocket}). */
    @Override
    public Socket createSocket() throws IOException {
        return noDelay(new BatchingSocket());
    }

    /** Resolves {@code host} as {@link Socket#Socket(String, int)} does and connects through the overload below. */
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket(InetAddress.getByName(host), port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(InetAddress.getByName(host), port, localHost, localPort);
    }

    /** No local address: the JDK picks one and an ephemeral port, as {@link Socket#Socket(InetAddress, int)} does. */
    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host, port, null, 0);
    }

    /** Every connected socket of this factory is created here. */
    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(new Socket(address, port, localAddress, localPort));
    }

    @Override
    public String toString() {
        return "NoDelaySocketFactory";
    }
}
