package dev.ssmtpmailer.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The data of {@code DATA}, read from the session's buffered input in blocks: ends at {@code CRLF.CRLF} and
 * removes the stuffed dot at the start of a line (RFC 5321 section 4.5.2). Lines end with CRLF only; every
 * other byte, bare CR and LF included, is forwarded exactly as received, and a dot followed by a bare CR or LF
 * is kept (it cannot be stuffing: {@code \r\n.\n} from a client is its data).
 *
 * <p>Why not SubEthaSMTP's own streams: they go through three layers one byte per call (with a lock per byte
 * in {@code BufferedInputStream.read()}); that was 60 % of the relay's CPU time on 100 KB messages. Where the
 * session's buffer holds nothing of its own after the {@code DATA} line (usually: {@link ClientInput} hands it one
 * command line per read), this scans the data in {@link ClientInput}'s buffer itself, which a socket read fills
 * with up to {@value ClientInput#DATA_BUFFER} bytes, and copies it once, into the reader's array; what follows the
 * terminator (the client's pipelined next command) stays there for the session. Otherwise it reads a block after
 * {@code mark}, scans it, then {@code reset}s and skips exactly what it used. The session's buffer holds bytes of
 * its own when {@link GuardedCommand}'s look at what follows a {@code DATA}'s or {@code BDAT}'s data (for a
 * {@code 0xFF}), made while the connection is still in data mode, moved them there unfiltered: a {@code DATA}
 * whose data arrives before its {@code 354}, or a {@code DATA} after {@code BDAT}, pipelined behind the previous
 * data, takes the mark/reset way.
 */
final class DotStream extends InputStream {
    private static final int CHUNK = 64 * 1024;
    /**
     * The block buffer of the mark/reset way, one per thread: a block is used only within one {@code read} call,
     * so it can outlive the message, and a session (one thread in SubEthaSMTP) allocates it once rather than for
     * each DATA (it was most of the relay's allocation per message). Made at its first use only: the usual way
     * scans {@link ClientInput}'s buffer and needs none.
     */
    private static final ThreadLocal<byte[]> CHUNKS = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    private final InputStream in;
    /** The client's buffer to scan in place, or {@code null}: blocks are read from {@link #in} after a mark. */
    private final ClientInput client;
    /** The raw bytes consumed so far end with CRLF (true at the start: the data begins a line). */
    private boolean lineStart = true;
    private boolean prevCr;
    private boolean ended;
    /** The block being scanned: {@code block[from..to)}. */
    private byte[] block;
    private int from;
    private int to;

    /**
     * @param in the session's input; must support mark and reset (SubEthaSMTP's is a {@code BufferedInputStream})
     * @throws IllegalArgumentException if it does not
     */
    DotStream(InputStream in) {
        this(in, null);
    }

    private DotStream(InputStream in, ClientInput client) {
        if (client == null && !in.markSupported()) {
            throw new IllegalArgumentException("the session input must support mark/reset");
        }
        this.in = in;
        this.client = client;
    }

    /**
     * The data of a session's {@code DATA}.
     *
     * @param sessionInput the session's buffered input, over {@code client}'s stream
     * @param client what the session's buffer reads from: the data is scanned in its buffer when the session's
     *        buffer holds no bytes of its own; {@code null} when the session reads something else
     * @throws IOException if the buffered byte counts cannot be had
     */
    static DotStream of(InputStream sessionInput, ClientInput client) throws IOException {
        if (client != null && sessionInput.available() == client.available()) {
            return new DotStream(sessionInput, client);
        }
        return new DotStream(sessionInput);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            next(Math.max(len, 3));
            byte[] chunk = block;
            int n = to;
            int i = from;
            int o = off;
            int limit = off + len;
            while (i < n && o < limit) {
                if (lineStart && chunk[i] == '.') {
                    if (i + 2 >= n) {
                        break; // not enough look-ahead in this block: start the next one at the dot
                    }
                    byte next = chunk[i + 1];
                    if (next == '\r' && chunk[i + 2] == '\n') {
                        i += 3;
                        ended = true;
                        break;
                    }
                    if (next != '\r' && next != '\n') {
                        i++; // a stuffed dot: dropped
                        lineStart = false;
                        prevCr = false;
                        continue;
                    }
                    // A dot before a bare CR or LF: a client that stuffs would have doubled it, so it is
                    // the client's data and is forwarded as it came (the bytes of a DKIM-signed body).
                }
                // The rest of the line up to its LF goes out as one run: only a line's first byte needs a look,
                // and a copy per run rather than per byte was half of this stream's cost on 100 KB messages.
                int max = Math.min(n, i + (limit - o));
                int end = i;
                while (end < max && chunk[end] != '\n') {
                    end++;
                }
                if (end < max) {
                    end++; // the LF ends the run
                }
                System.arraycopy(chunk, i, b, o, end - i);
                o += end - i;
                byte last = chunk[end - 1];
                lineStart = last == '\n' && (end - i > 1 ? chunk[end - 2] == '\r' : prevCr);
                prevCr = last == '\r';
                i = end;
            }
            used(i - from);
            if (o > off) {
                return o - off;
            }
            if (ended) {
                return -1;
            }
        }
    }

    /** Sets {@link #block} to at least 3 bytes (a terminator is 3) of the data not yet used, up to {@code max}. */
    private void next(int max) throws IOException {
        if (client != null) {
            client.buffer(3);
            block = client.block();
            from = client.start();
            to = client.end();
            return;
        }
        byte[] chunk = CHUNKS.get(); // per read, not in a field: the buffer belongs to the reading thread
        in.mark(CHUNK);
        int n = 0;
        int m = Math.min(CHUNK, max);
        while (n < 3) {
            int r = in.read(chunk, n, m - n);
            if (r < 0) {
                throw new EOFException("connection closed before the <CRLF>.<CRLF> that ends the data");
            }
            n += r;
        }
        block = chunk;
        from = 0;
        to = n;
    }

    /** Takes the first {@code count} bytes of {@link #block}; the rest is read again. */
    private void used(int count) throws IOException {
        block = null; // a thread's block is not kept between reads
        if (client != null) {
            client.consume(count);
            return;
        }
        in.reset();
        long left = count;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                throw new IOException("cannot skip within the session buffer");
            }
            left -= s;
        }
    }

    @Override
    public void close() {
        // the session's input stays open for the next command
    }
}
