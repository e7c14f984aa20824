package dev.ssmtpmailer.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The message content after {@code 354}, written straight to the session's socket: every line end becomes
 * CRLF and a line that starts with {@code "."} gets a second one (RFC 5321 section 4.5.2), byte for byte what
 * Angus's {@code SMTPOutputStream} sends, and {@link #finish()} ends the data as its {@code ensureAtBOL} and
 * {@code "."} would.
 *
 * <p>Why not Angus's stream: it splits the content at every line end and makes two calls per line into an
 * 8 KiB buffer, and each full buffer is a socket write with its own write-timeout task. Profiles of 100 KB
 * messages put most of the client's CPU there. Here one pass copies runs of unchanged bytes into a 64 KiB
 * buffer, which goes out in one write; the last piece and the end-of-data line share one write, so a small
 * message is one segment, as before.
 *
 * <p>Every socket write is bounded by the write timeout: a deadline on the client's shared timer closes the
 * socket, as Angus's own write timeout does, so a stalled server fails the write with an I/O error.
 *
 * <p>A connection keeps one for all its messages ({@link #begin()} starts the next), so the buffer is not
 * allocated per message. Not thread-safe: one transport, one message at a time.
 */
final class DataStream extends OutputStream {
    static final int BUFFER = 64 * 1024;
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final byte[] END_OF_DATA = {DOT, CR, LF};

    private final Socket socket;
    private final OutputStream out;
    private final ScheduledExecutorService timer;
    private final long writeTimeoutMillis;
    private final byte[] buf = new byte[BUFFER];
    private int count;
    /** The previous content byte; a line starts after CR or LF, and so does the content. */
    private byte last = LF;

    /**
     * @param socket the socket Angus writes the session to (closed when a write overruns its deadline)
     * @param timer where write deadlines are armed
     * @param writeTimeoutMillis the longest a socket write may take
     * @throws IOException if the socket has no output stream
     */
    DataStream(Socket socket, ScheduledExecutorService timer, long writeTimeoutMillis) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.timer = timer;
        this.writeTimeoutMillis = writeTimeoutMillis;
    }

    /**
     * Starts a message: forgets what the previous one left.
     *
     * @return this stream
     */
    DataStream begin() {
        count = 0;
        last = LF;
        return this;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int end = off + len;
        int run = off;  // start of the bytes that go out unchanged
        byte prev = last;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == CR || c == LF) {
                copy(b, run, i - run);
                if (c == CR || prev != CR) {  // the LF of a CRLF was written with its CR
                    put(CR);
                    put(LF);
                }
                run = i + 1;
            } else if (c == DOT && (prev == CR || prev == LF)) {
                copy(b, run, i - run);
                put(DOT);  // the dot itself starts the next run
                run = i;
            }
            prev = c;
        }
        copy(b, run, end - run);
        last = prev;
    }

    /** Does nothing: the content goes out when the buffer is full and at {@link #finish()}. */
    @Override
    public void flush() {
        // as Angus's SMTPOutputStream: a body that flushes must not split the last piece from the end of data
    }

    /**
     * Ends the content: CRLF unless it ended with a line end, then {@code "."} CRLF; writes everything left.
     *
     * @throws IOException if the write fails or overruns the write timeout
     */
    void finish() throws IOException {
        if (last != CR && last != LF) {
            put(CR);
            put(LF);
        }
        copy(END_OF_DATA, 0, END_OF_DATA.length);
        drain();
    }

    /** Does not close the socket: the transport ends the data and keeps the session. */
    @Override
    public void close() {
        // nothing to release
    }

    private void put(byte b) throws IOException {
        if (count == buf.length) {
            drain();
        }
        buf[count++] = b;
    }

    private void copy(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (count == buf.length) {
                drain();
            }
            int n = Math.min(len, buf.length - count);
            System.arraycopy(b, off, buf, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    private void drain() throws IOException {
        int n = count;
        count = 0;
        ScheduledFuture<Void> deadline = timer.schedule(this::closeSocket, writeTimeoutMillis, TimeUnit.MILLISECONDS);
        try {
            out.write(buf, 0, n);
            out.flush();
        } finally {
            deadline.cancel(false);
        }
    }

    private Void closeSocket() throws IOException {
        socket.close();
        return null;
    }
}
