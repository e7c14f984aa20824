package dev.ssmtpmailer.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;

/**
 * A plain socket whose writes can be held back and sent together: with {@code TCP_NODELAY} every flush is a
 * segment of its own, and a pipelined group of SMTP commands (RFC 2920) should reach the server as one.
 * Angus flushes after every command and keeps its streams private, so the grouping happens here, below
 * Angus's buffer, the write-timeout wrapper and (after STARTTLS) TLS: while the calling thread
 * {@linkplain #holdWrites() holds writes}, bytes are collected and flushes ignored; the next write after
 * the hold sends the collected bytes and its own in one system call, inside Angus's write timeout.
 *
 * <p>The hold is per thread, not per socket: a transport is used by one thread at a time and writes
 * synchronously, so the only socket written in the holding thread is the transport's own. For implicit TLS
 * Angus creates the plain socket itself; writes are then not grouped, only pipelined.
 */
final class BatchingSocket extends Socket {
    private static final ThreadLocal<boolean[]> HOLDING = ThreadLocal.withInitial(() -> new boolean[1]);

    private OutputStream out;

    /** A hold on this thread's socket writes; closing it lets the next write send everything. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** @return a hold that lasts until closed */
    static Hold holdWrites() {
        boolean[] holding = HOLDING.get();
        holding[0] = true;
        return () -> holding[0] = false;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (out == null) {
            out = new Batching(super.getOutputStream());
        }
        return out;
    }

    /** The socket's stream with the held bytes in front of it. */
    static final class Batching extends OutputStream {
        private final OutputStream socket;
        private byte[] held = new byte[256];
        private int count;

        Batching(OutputStream socket) {
            this.socket = socket;
        }

        private static boolean holding() {
            return HOLDING.get()[0];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (holding()) {
                keep(b, off, len);
            } else if (count == 0) {
                socket.write(b, off, len);
            } else {
                keep(b, off, len);
                release();
            }
        }

        @Override
        public void flush() throws IOException {
            if (!holding()) {
                if (count > 0) {
                    release();
                }
                socket.flush();
            }
        }

        private void keep(byte[] b, int off, int len) {
            if (count + len > held.length) {
                held = Arrays.copyOf(held, Math.max(held.length * 2, count + len));
            }
            System.arraycopy(b, off, held, count, len);
            count += len;
        }

        private void release() throws IOException {
            int n = count;
            count = 0;
            socket.write(held, 0, n);
        }

        /** @return how many bytes are held (tests) */
        int held() {
            return count;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
