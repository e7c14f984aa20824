package dev.ssmtpmailer.queue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A file spool that no process delivers from, opened to move its messages into another store (the CLI's
 * {@code queue import}, from the file spool to the shared database). While open it holds {@code spool.lock}, so
 * no {@code serve} can start on the directory meanwhile; it refuses to open while one runs.
 *
 * <pre>{@code
 * try (SpoolExport spool = SpoolExport.open(dir); Stream<QueueEntry> entries = spool.entries()) {
 *     for (QueueEntry e : (Iterable<QueueEntry>) entries::iterator) {
 *         try (InputStream bytes = spool.openMessage(e)) { ... store e and bytes elsewhere, durably ... }
 *         spool.remove(e);                   // only after the other store committed it
 *     }
 * }
 * }</pre>
 *
 * Requests that other processes left in {@code control/} for the owner (a retry, a purge) are not applied: run
 * them again on the new store.
 */
public final class SpoolExport implements AutoCloseable {
    private final SpoolFiles files;
    private final FileView view;
    private final FileLock lock;

    private SpoolExport(SpoolFiles files, FileLock lock) {
        this.files = files;
        this.view = new FileView(files);
        this.lock = lock;
    }

    /**
     * @param spoolDir a spool directory ({@code spool_dir})
     * @return the spool, locked against a {@code serve} starting on it until {@link #close()}
     * @throws SpoolException if the directory holds no spool, or a process (a running {@code serve}) holds its lock, or
     *         the journal a stopped {@code serve} left cannot be settled (its messages made durable on their own)
     */
    public static SpoolExport open(Path spoolDir) {
        SpoolFiles files = SpoolFiles.existing(Objects.requireNonNull(spoolDir, "spoolDir"));
        FileLock lock = files.tryLock().orElseThrow(() -> new SpoolException(files.root,
                "the spool is in use (spool.lock is held): stop the serve that delivers from it first", null));
        try {
            JournalReplay.settle(files); // the stopped serve's journal: its messages durable on their own, none revived later
        } catch (IOException | RuntimeException e) {
            SpoolFiles.release(lock);
            throw e instanceof SpoolException se ? se : new SpoolException(files.root, "cannot settle the spool journal: " + e, e);
        }
        return new SpoolExport(files, lock);
    }

    /**
     * @return the queued messages, oldest first, then the dead letters, each read as it is consumed; close it.
     *         Removing an entry already returned does not disturb the stream.
     * @throws SpoolException if the spool cannot be read
     */
    public Stream<QueueEntry> entries() {
        return view.list(Integer.MAX_VALUE);
    }

    /**
     * @return how many messages, queued and dead, the spool holds now (its directories are listed, no file is read)
     * @throws SpoolException if the spool cannot be read
     */
    public long count() {
        return view.ids(files.queue).size() + (long) view.ids(files.dead).size();
    }

    /**
     * @param entry an entry of {@link #entries()}
     * @return the message bytes as accepted (without the envelope), streamed from its file; close it
     * @throws java.nio.file.NoSuchFileException if the message is gone
     * @throws IOException if the file cannot be read or is damaged
     */
    public InputStream openMessage(QueueEntry entry) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(files.msg(dir(entry), entry.id())), 64 * 1024);
        try {
            EntryFormat.readHeader(in);
            return in;
        } catch (IllegalArgumentException e) {
            in.close();
            throw new IOException("the message file of " + entry.id() + " is damaged: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Deletes a message's files, durably (the directory is fsynced): call it once the message is safe elsewhere.
     * Deleting a message that is already gone does nothing.
     *
     * @param entry an entry of {@link #entries()}
     * @throws IOException if the files cannot be deleted
     */
    public void remove(QueueEntry entry) throws IOException {
        files.delete(dir(entry), entry.id());
    }

    private Path dir(QueueEntry entry) {
        return entry.dead() ? files.dead : files.queue;
    }

    /** Releases {@code spool.lock}. */
    @Override
    public void close() {
        SpoolFiles.release(lock);
    }

    @Override
    public String toString() {
        return "SpoolExport[" + files.root + "]";
    }
}
