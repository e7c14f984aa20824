package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable accept of the file store, with group commit. The envelope and the message go into one file in
 * incoming/ (the envelope's size field is filled in after the data: it has a fixed width), which is renamed into
 * queue/ (the commit); then:
 *
 * <ul>
 * <li>a file of up to {@value SpoolJournal#MAX_RECORD} bytes (a {@link SpareFiles spare} when there is one, so no
 *     new inode) is written from memory in one write, not fsynced, and
 *     its bytes are appended to the {@link SpoolJournal}; one fsync of the journal covers the accepts that arrived
 *     together, so under concurrency a message costs less than one fsync;
 * <li>a larger file is streamed to disk and fsynced itself, and queue/ is fsynced (shared by concurrent callers).
 * </ul>
 *
 * Only then does the accept return (and the server answer 250). On any failure every file the accept wrote is
 * removed again, so the client's retry is no duplicate. The buffers are pooled: an accept of a small message
 * allocates none.
 */
final class SpoolAccept implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);
    /** The size a pooled buffer starts at; it grows (doubling) up to {@link SpoolJournal#MAX_RECORD}. */
    static final int FIRST_BUFFER = 16 * 1024;
    /** Buffers kept for the next accepts: about the number of concurrent sessions worth keeping warm. */
    private static final int POOLED = 32;

    private final SpoolFiles files;
    private final SpoolJournal journal;
    private final SpareFiles spares;
    private final ArrayBlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(POOLED);

    private SpoolAccept(SpoolFiles files, SpoolJournal journal, SpareFiles spares) {
        this.files = files;
        this.journal = journal;
        this.spares = spares;
    }

    /**
     * Opens the journal for this spool's accepts; it adopts the one left by the previous owner on the recovery
     * thread ({@link SpoolJournal#adopt}, before the listing of queue/ and before any claim).
     */
    static SpoolAccept open(SpoolFiles files) throws IOException {
        SpoolJournal journal = SpoolJournal.open(files);
        SpareFiles spares;
        try {
            spares = SpareFiles.open(files.spare);
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        files.useJournal(journal);
        files.useSpares(spares);
        return new SpoolAccept(files, journal, spares);
    }

    /**
     * @param entry the entry to store; its size is replaced by the count of bytes written
     * @return the stored entry, and where its data starts in its file; durable
     */
    EntryFormat.Header accept(QueueEntry entry, MessageContent content) throws IOException {
        QueueId id = entry.id();
        Path tmp = files.msg(files.incoming, id);
        Path target = files.msg(files.queue, id);
        byte[] header = EntryFormat.encodeHeader(entry);
        Staged out = new Staged(tmp, take());
        boolean renamed = false;
        try {
            out.write(header);
            if (content instanceof StreamedContent streamed) {
                out.readFrom(streamed.in());
            } else {
                content.writeTo(out);
            }
            QueueEntry sized = entry.withSize(out.total() - header.length);
            if (!EntryFormat.writeSize(header, sized.size())) {
                throw new IOException("message too large for the spool: " + sized.size() + " bytes");
            }
            if (out.channel == null) {
                System.arraycopy(header, 0, out.buf, 0, header.length);
                long spare = spares.takeAs(tmp); // its length, or -1: none
                try (FileChannel ch = spare >= 0 ? FileChannel.open(tmp, StandardOpenOption.WRITE)
                        : SpoolFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    writeFully(ch, out.buf, out.count);
                    if (spare > out.count) {
                        // only then: truncate asks for the length and the position, and sets the position (3 calls)
                        ch.truncate(out.count);
                    }
                }
                SpoolFiles.move(tmp, target);
                renamed = true;
                journal.commit(id, out.buf, out.count);
            } else {
                out.finish(header);
                SpoolFiles.move(tmp, target);
                renamed = true;
                files.sync(files.queue);
            }
            return new EntryFormat.Header(sized, header.length);
        } catch (IOException | RuntimeException e) {
            out.closeQuietly(e);
            try {
                Files.deleteIfExists(renamed ? target : tmp);
                // in case its record reached the journal: it must not come back (release does nothing once the
                // journal is closed, but then no record of ours is durable: close's fsync makes a waiting commit succeed)
                journal.release(id);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            give(out.buf);
        }
    }

    private byte[] take() {
        byte[] b = buffers.poll();
        return b != null ? b : new byte[FIRST_BUFFER];
    }

    private void give(byte[] b) {
        buffers.offer(b); // dropped when the pool is full
    }

    private static void writeFully(FileChannel ch, byte[] bytes, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, length);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /**
     * Closes the journal, whose segments go on vouching for the messages not yet tried until the next owner adopts
     * them. It stays in use: a state write that a stop catches still fsyncs the file of a message it vouches for.
     */
    @Override
    public void close() {
        files.useSpares(null);
        try {
            journal.close();
        } catch (IOException e) {
            log.warn("closing the spool journal failed (the next start adopts it as it is): {}", e.toString());
        }
    }

    /**
     * The bytes of one accept: in memory while they fit a journal record, then (a large message) in the file,
     * through the same buffer.
     */
    private static final class Staged extends OutputStream {
        private final Path file;
        byte[] buf;
        int count;
        /** Bytes already in the file. */
        long flushed;
        FileChannel channel;

        Staged(Path file, byte[] buf) {
            this.file = file;
            this.buf = buf;
        }

        long total() {
            return flushed + count;
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buf.length) {
                makeRoom(1);
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (count == buf.length) {
                    makeRoom(len);
                }
                int n = Math.min(len, buf.length - count);
                System.arraycopy(b, off, buf, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        /** Reads {@code in} to its end straight into the buffer. */
        void readFrom(InputStream in) throws IOException {
            while (true) {
                if (count == buf.length) {
                    makeRoom(1);
                }
                int n = in.read(buf, count, buf.length - count);
                if (n < 0) {
                    return;
                }
                count += n;
            }
        }

        /** Grows the buffer while the bytes fit a journal record, else writes it out to the file. */
        private void makeRoom(int wanted) throws IOException {
            if (channel == null && buf.length < SpoolJournal.MAX_RECORD) {
                long need = Math.min(SpoolJournal.MAX_RECORD, Math.max((long) buf.length * 2, (long) count + wanted));
                byte[] grown = new byte[(int) need];
                System.arraycopy(buf, 0, grown, 0, count);
                buf = grown;
                return;
            }
            if (channel == null) {
                channel = SpoolFiles.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            writeFully(channel, buf, count);
            flushed += count;
            count = 0;
        }

        /** Writes the rest and the final envelope, fsyncs and closes the file. */
        void finish(byte[] sizedHeader) throws IOException {
            try (FileChannel ch = channel) {
                writeFully(ch, buf, count);
                flushed += count;
                count = 0;
                ch.position(0);
                writeFully(ch, sizedHeader, sizedHeader.length);
                ch.force(true);
            }
        }

        void closeQuietly(Exception failure) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }
}
