package dev.ssmtpmailer.queue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The data of a queued message as read from its file, which must hold at least the size its envelope names. A
 * file cut while the message waited (by hand, or by a damaged file system) ends the stream with an
 * {@link EOFException} naming the message, rather than looking like a shorter message that the upstream would
 * accept and the store would then remove. Bytes beyond the size are passed on as before. Wraps the stream without
 * a call of its own to the file system: the end of the file is seen by the read that returns -1.
 */
final class MessageData extends InputStream {
    private final InputStream in;
    private final QueueId id;
    private final Path file;
    private final long size;
    private long left;

    MessageData(InputStream in, QueueId id, Path file, long size) {
        this.in = in;
        this.id = id;
        this.file = file;
        this.size = size;
        this.left = size;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            return end();
        }
        left--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            return end();
        }
        left -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private int end() throws EOFException {
        if (left > 0) {
            throw new EOFException("the message file " + file + " of " + id + " ends " + left + " bytes before the end of its "
                    + size + "-byte message: it was cut while queued");
        }
        return -1;
    }
}
