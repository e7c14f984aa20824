package dev.ssmtpmailer.smtp;

import java.net.Socket;

/**
 * Remembers, for the thread that connects a transport, the last socket our socket factories handed to Angus:
 * the plain {@link BatchingSocket}, or the TLS socket layered over it (STARTTLS, implicit TLS). That socket
 * carries exactly the bytes Angus writes, so {@link TrackingTransport} can write message content to it
 * directly (see {@link DataStream}) instead of through Angus's per-line streams.
 *
 * <p>Per thread, like {@link BatchingSocket#holdWrites()}: Angus creates a session's sockets synchronously in
 * the thread that connects it, and the factories are shared by every connection.
 */
final class SocketCapture implements AutoCloseable {
    private static final ThreadLocal<SocketCapture> CURRENT = new ThreadLocal<>();

    private Socket socket;

    private SocketCapture() {
    }

    /** @return a capture of the sockets created in this thread until it is closed */
    static SocketCapture begin() {
        SocketCapture capture = new SocketCapture();
        CURRENT.set(capture);
        return capture;
    }

    /**
     * Called by the factories for each socket they return.
     *
     * @return {@code s}
     */
    static <S extends Socket> S offer(S s) {
        SocketCapture capture = CURRENT.get();
        if (capture != null) {
            capture.socket = s;
        }
        return s;
    }

    /** @return the last socket created while capturing, or {@code null} when none was */
    Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        CURRENT.remove();
    }
}
