package dev.ssmtpmailer.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.nio.ByteOrder;
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
 * messages put most of the client's CPU there. Here one pass looks for line ends eight bytes at a time,
 * copies content that needs no change (CRLF lines not starting with a dot) in long runs into a 64 KiB
 * buffer, and that buffer goes out in one write; the last piece and the end-of-data line share one write, so
 * a small message is one segment, as before, and one under 64 KiB is one write on a plain connection (over TLS
 * the socket writes each 16 KiB record on its own, whatever the buffer).
 *
 * <p>Why 64 KiB: the JDK's socket writes a heap array through a temporary native buffer of at most 128 KiB
 * per system call, so 128 KiB would make a 100 KB message one write; measured side by side (docs/performance.md,
 * goal 1), that ran 100 KB messages about 7% faster but 1 KB ones about 20% slower, so the buffer stays at
 * 64 KiB. A run that needs no change and fills whole
 * buffers (a large canonical message given in one piece) is not copied at all: it goes to the socket straight
 * from the caller's array, a buffer's worth per write, right after it was scanned, while it is still in the
 * CPU's cache. Only the rest of it is copied, so it can still share a write with the end-of-data line.
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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Socket socket;
    private final OutputStream out;
    private final ScheduledExecutorService timer;
    private final long writeTimeoutMillis;
    private final byte[] buf = new byte[BUFFER];
    private int count;
    /**
     * The last content byte; a line starts after CR or LF, and so does the content. A CR has gone out, its LF
     * not yet: the next piece may start with it.
     */
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

    /** The same rules as {@link #write(byte[], int, int)}, one byte: a body may write byte by byte. */
    @Override
    public void write(int b) throws IOException {
        byte c = (byte) b;
        if (last == CR) {
            put(LF);  // owed, whatever comes
            if (c == LF) {
                last = LF;
                return;
            }
        }
        if (c == DOT && (last == CR || last == LF)) {
            put(DOT);
        } else if (c == LF) {
            put(CR);  // a LF without CR
        }
        put(c);  // a CR owes its LF to the next byte or to finish()
        last = c;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        int end = off + len;
        int run = off;  // start of the bytes that go out as they are
        int i = off;
        boolean lineStart = last == CR || last == LF;
        if (last == CR) {  // the previous piece ended with CR: its LF is owed
            if (b[i] == LF) {
                i++;  // here it is, it goes out with the run
            } else {
                put(LF);
            }
        }
        while (i < end) {
            if (lineStart && b[i] == DOT) {
                copy(b, run, i - run);
                put(DOT);  // the dot itself starts the next run
                run = i;
            }
            int j = lineEnd(b, i, end);
            if (j == end) {
                break;
            }
            if (b[j] == CR) {
                if (j + 1 == end) {
                    break;  // the LF is owed, see above
                } else if (b[j + 1] == LF) {
                    i = j + 2;  // CRLF stays in the run: canonical content is copied in long runs
                } else {
                    copy(b, run, j + 1 - run);
                    put(LF);
                    run = j + 1;
                    i = j + 1;
                }
            } else {  // a LF without CR: a LF after CR went with its CR
                copy(b, run, j - run);
                put(CR);
                run = j;
                i = j + 1;
            }
            lineStart = true;
            if (count + (i - run) >= buf.length) {
                // enough for a whole buffer (a full one has always gone out already): it goes out while its
                // bytes are still in the CPU's cache, as they are when nothing waits in the buffer (the usual
                // case after the first), else topping it up
                int n = buf.length - count;
                copy(b, run, n);
                run += n;
            }
        }
        copy(b, run, end - run);
        last = b[end - 1];
    }

    /**
     * @return the index of the first CR or LF in {@code b[from, end)}, or {@code end}; eight bytes per step.
     *     One test flags the bytes below {@code 0x0E} (CR is {@code 0x0D}, LF {@code 0x0A}); in mail text the
     *     only other such bytes are TAB and rare controls, which are checked and stepped over. The lowest
     *     flagged byte is exact, only bytes above it can be flagged wrongly. One test instead of one for CR
     *     and one for LF.
     */
    static int lineEnd(byte[] b, int from, int end) {
        int i = from;
        while (i + Long.BYTES <= end) {
            long word = (long) LONGS.get(b, i);
            long below = (word - 0x0E0E0E0E0E0E0E0EL) & ~word & 0x8080808080808080L;
            if (below == 0) {
                i += Long.BYTES;
                continue;
            }
            int k = i + (Long.numberOfTrailingZeros(below) >>> 3);
            if (b[k] == CR || b[k] == LF) {
                return k;
            }
            i = k + 1;  // a TAB or another control byte
        }
        for (; i < end; i++) {
            if (b[i] == CR || b[i] == LF) {
                return i;
            }
        }
        return end;
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
        if (last == CR) {
            put(LF);
        } else if (last != LF) {
            put(CR);
            put(LF);
        }
        copy(END_OF_DATA, 0, END_OF_DATA.length);
        if (count > 0) {  // else the end of data filled the buffer, which went out
            drain();
        }
    }

    /** Does not close the socket: the transport ends the data and keeps the session. */
    @Override
    public void close() {
        // nothing to release
    }

    private void put(byte b) throws IOException {
        buf[count++] = b;
        if (count == buf.length) {
            drain();
        }
    }

    private void copy(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (count == 0 && len >= buf.length) {  // a whole buffer's worth that needs no change: no copy
                send(b, off, buf.length);
                off += buf.length;
                len -= buf.length;
                continue;
            }
            int n = Math.min(len, buf.length - count);
            System.arraycopy(b, off, buf, count, n);
            count += n;
            off += n;
            len -= n;
            if (count == buf.length) {
                drain();
            }
        }
    }

    private void drain() throws IOException {
        int n = count;
        count = 0;
        send(buf, 0, n);
    }

    /** One socket write, bounded by the write timeout. */
    private void send(byte[] b, int off, int len) throws IOException {
        ScheduledFuture<Void> deadline = timer.schedule(this::closeSocket, writeTimeoutMillis, TimeUnit.MILLISECONDS);
        try {
            out.write(b, off, len);
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
