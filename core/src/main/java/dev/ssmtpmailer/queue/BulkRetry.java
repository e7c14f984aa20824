package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * {@link ControlRequest.RetryAll} on the file store: every queued message made due now, its new state durable,
 * with the fsyncs shared. Per batch of {@value #BATCH} messages the new state files are written beside the old
 * ones, fsynced by {@value #THREADS} threads at once (the file system commits concurrent fsyncs of one directory
 * in one journal commit), renamed over the old ones, and the directory is fsynced once. A message one at a time
 * costs two fsyncs (its state file, the directory); 100,000 took minutes.
 *
 * <p>A crash in the middle leaves every message with its old state or its new one, whole (the rename follows the
 * file's fsync): the messages of the batches written are due, the others keep their schedule; nothing is lost, and
 * a second {@code queue retry} does the rest. A message that is due already (never attempted, or retried) is
 * counted and not written: its state on disk says due, and the journal may still vouch for its file.
 */
final class BulkRetry implements AutoCloseable {
    static final int BATCH = 1024;
    private static final int THREADS = 16;

    private final SpoolFiles files;
    private final ExecutorService fsyncs;

    private BulkRetry(SpoolFiles files) {
        this.files = files;
        this.fsyncs = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "ssmtp-mailer-retry-fsync");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The owner's retry of every message in its index: a leased one gets the retry when its lease ends, one whose
     * state write is in progress is retried alone ({@code one}), the others in batches. Each batch's slots are marked
     * busy under {@code lock} (the store, which guards the index) while their states are written.
     *
     * @return how many messages were queued
     */
    static int owned(Object lock, FileIndex index, SpoolFiles files, Instant now, Predicate<QueueId> one) {
        List<QueueId> ids;
        synchronized (lock) {
            ids = index.ids();
        }
        int n = 0;
        List<QueueId> alone = new ArrayList<>();
        try (BulkRetry bulk = new BulkRetry(files)) {
            for (int from = 0; from < ids.size(); from += BATCH) {
                List<FileIndex.Slot> batch = new ArrayList<>(BATCH);
                synchronized (lock) {
                    for (QueueId id : ids.subList(from, Math.min(ids.size(), from + BATCH))) {
                        FileIndex.Slot s = index.get(id);
                        if (s == null) {
                            continue; // delivered or purged meanwhile
                        }
                        n++;
                        if (s.lease() != null) {
                            s.requestRetry(now);
                        } else if (s.busy) {
                            alone.add(id);
                        } else {
                            s.busy = true;
                            batch.add(s);
                        }
                    }
                }
                try {
                    List<QueueEntry> states = new ArrayList<>(batch.size());
                    for (FileIndex.Slot s : batch) {
                        states.add(files.readEntry(files.queue, s.id()));
                    }
                    bulk.write(states, now);
                    synchronized (lock) {
                        batch.forEach(s -> index.reschedule(s, now));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    throw new SpoolException(files.root, "cannot retry the queued messages: " + e, e);
                } finally {
                    synchronized (lock) {
                        batch.forEach(s -> s.busy = false);
                        lock.notifyAll();
                    }
                }
            }
        }
        alone.forEach(one::test);
        return n;
    }

    /**
     * The retry of every message in {@code queue/} by a process that holds the spool's lock but no index (the CLI
     * while no {@code serve} runs).
     *
     * @param ids the queued messages
     * @return how many of them were queued
     * @throws IOException if a state cannot be read or written
     */
    static int direct(SpoolFiles files, List<QueueId> ids, Instant now) throws IOException {
        int n = 0;
        try (BulkRetry bulk = new BulkRetry(files)) {
            List<QueueEntry> states = new ArrayList<>(BATCH);
            for (QueueId id : ids) {
                QueueEntry e;
                try {
                    e = files.readEntry(files.queue, id);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (e.dead()) {
                    continue; // being moved to dead/
                }
                n++;
                states.add(e);
                if (states.size() == BATCH) {
                    bulk.write(states, now);
                    states.clear();
                }
            }
            bulk.write(states, now);
        }
        return n;
    }

    /** Writes the states of one batch, due {@code now}, with shared fsyncs (see the class comment). */
    private void write(List<QueueEntry> states, Instant now) throws IOException {
        List<QueueEntry> changed = states.stream().filter(e -> e.nextAttempt().isAfter(now)).toList();
        if (changed.isEmpty()) {
            return;
        }
        List<Future<Path>> written = new ArrayList<>(changed.size());
        for (QueueEntry e : changed) {
            byte[] bytes = EntryFormat.encode(e.withNextAttempt(now));
            Path tmp = files.queue.resolve(e.id().value() + SpoolFiles.ENV + SpoolFiles.TMP);
            written.add(fsyncs.submit(() -> {
                SpoolFiles.writeSynced(tmp, bytes);
                return tmp;
            }));
        }
        for (int i = 0; i < changed.size(); i++) {
            SpoolFiles.move(await(written.get(i)), files.env(files.queue, changed.get(i).id()));
        }
        files.sync(files.queue);
    }

    private static Path await(Future<Path> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the retried states", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    @Override
    public void close() {
        fsyncs.shutdownNow();
    }
}
