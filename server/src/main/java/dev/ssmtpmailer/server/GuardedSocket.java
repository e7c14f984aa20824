package dev.ssmtpmailer.server;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * The socket a SubEthaSMTP session talks through (plain, or the TLS socket after {@code STARTTLS}), with the
 * streams that apply {@link ClientConnection}'s limits.
 *
 * <p>Why a socket and not a hook in SubEthaSMTP: every reply, including the ones SubEthaSMTP writes itself
 * ({@code 500} for an unknown command, {@code 503} for a command out of order), goes through
 * {@code Session.sendResponse}, which prints to the socket's output stream and flushes once per reply. Its
 * output stream is the one place that sees them all.
 */
final class GuardedSocket extends Socket {
    private final Socket inner;
    private final ClientConnection connection;
    private final InputStream in;
    private final OutputStream out;

    /**
     * @param inner the socket the bytes travel through (the TCP socket, or the TLS socket layered on it)
     * @param connection the limits of this connection
     * @throws IOException if the socket's streams cannot be had (it was closed)
     */
    GuardedSocket(Socket inner, ClientConnection connection) throws IOException {
        this.inner = inner;
        this.connection = connection;
        this.in = new ClientInput(inner.getInputStream(), connection);
        this.out = new ReplyOutput(inner.getOutputStream(), connection);
    }

    ClientConnection connection() {
        return connection;
    }

    /** @return the socket under the limits: the TLS socket after {@code STARTTLS} */
    Socket inner() {
        return inner;
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        inner.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return inner.getSoTimeout();
    }

    @Override
    public InetAddress getInetAddress() {
        return inner.getInetAddress();
    }

    @Override
    public int getPort() {
        return inner.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return inner.getRemoteSocketAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return inner.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return inner.getLocalPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return inner.getLocalSocketAddress();
    }

    @Override
    public boolean isConnected() {
        return inner.isConnected();
    }

    @Override
    public boolean isBound() {
        return inner.isBound();
    }

    @Override
    public boolean isClosed() {
        return inner.isClosed();
    }

    @Override
    public void close() throws IOException {
        connection.drop("closed");
    }

    @Override
    public String toString() {
        return "GuardedSocket[" + inner + "]";
    }

    /**
     * Collects one reply (SubEthaSMTP flushes after each), hands it to {@link ClientConnection#reply} and
     * writes the result under the watchdog's eye; ends the connection when the limits say so. Closing flushes,
     * then closes the socket's stream ({@link FilterOutputStream#close()}).
     */
    private static final class ReplyOutput extends FilterOutputStream {
        private final ClientConnection connection;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);

        ReplyOutput(OutputStream out, ClientConnection connection) {
            super(out);
            this.connection = connection;
        }

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (pending.size() == 0) {
                return;
            }
            if (connection.ended()) {
                pending.reset();
                throw new SocketException("connection ended: " + connection.endReason());
            }
            byte[] reply = connection.reply(pending.toByteArray());
            pending.reset();
            connection.writeStarted();
            try {
                out.write(reply);
                out.flush();
            } finally {
                connection.writeEnded();
            }
            if (connection.ended()) {
                connection.drop(connection.endReason());
            }
        }
    }
}
