package dev.ssmtpmailer.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The message data as it arrives from the client, on its way into the queue. It enforces the size limit
 * (the queue's read fails with {@link TooLarge}, so the queue discards what it wrote) and remembers whether
 * a failure came from the client (connection lost, timeout), so that the server can tell a client problem
 * from a storage problem.
 */
final class ClientData extends FilterInputStream {
    private final long limit;
    private long count;
    private boolean tooLarge;
    private IOException clientFailure;

    /** The message grew beyond {@code max_message_size}. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("message larger than " + limit + " bytes");
        }
    }

    ClientData(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        checkLimit();
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            clientFailure = e;
            throw e;
        }
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        checkLimit();
        int n;
        try {
            n = in.read(buf, off, len);
        } catch (IOException e) {
            clientFailure = e;
            throw e;
        }
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // through read(), so that the count and the limit stay right
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        int r = read(scratch, 0, scratch.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the rest of the data belongs to the SMTP session, which reads it to the final dot itself
    }

    private void checkLimit() throws TooLarge {
        if (count > limit) {
            tooLarge = true;
            throw new TooLarge(limit);
        }
    }

    /**
     * Reads and discards the rest of the data, without the limit, so that the session can answer and go on.
     *
     * @throws IOException if the client's connection fails
     */
    void drain() throws IOException {
        byte[] scratch = new byte[16 * 1024];
        try {
            while (in.read(scratch) >= 0) {
                // discarded: only the end of the data matters
            }
        } catch (IOException e) {
            clientFailure = e;
            throw e;
        }
    }

    /** @return whether the message went over the limit */
    boolean tooLarge() {
        return tooLarge || count > limit;
    }

    /** @return the failure reading from the client, or {@code null} */
    IOException clientFailure() {
        return clientFailure;
    }

    /** @return bytes read from the client */
    long count() {
        return count;
    }
}
