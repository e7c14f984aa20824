package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * counted and not written: its state on disk says due. One that the group-commit journal still vouches for (accepted
 * after {@code now}) is written alone by {@link SpoolFiles#writeEnv}, which fsyncs its file and releases it.
 */
final class BulkRetry implements AutoCloseable {
    static final int BATCH = 1024;
    private static final int THREADS = 16;

    private final SpoolFiles files;
    private final FsyncPool fsyncs;

    private BulkRetry(SpoolFiles files) {
        this.files = files;
        this.fsyncs = new FsyncPool("ssmtp-mailer-retry-fsync", THREADS, BATCH);
    }

    /**
     * The owner's retry of every message in its index: a leased one gets the retry when its lease ends, one whose
     * state write is in progress is retried alone ({@code one}), the others in batches. Each batch's slots are marked
     * busy under the lock of {@code store} (which guards the index) while their states are written, and the store
     * ends those writes ({@link FileQueueStore#endWrites}).
     *
     * @return how many messages were queued
     */
    static int owned(FileQueueStore store, FileIndex index, SpoolFiles files, Instant now, Predicate<QueueId> one) {
        List<QueueId> ids;
        synchronized (store) {
            ids = index.ids();
        }
        int n = 0;
        List<QueueId> alone = new ArrayList<>();
        try (BulkRetry bulk = new BulkRetry(files)) {
            for (int from = 0; from < ids.size(); from += BATCH) {
                List<FileIndex.Slot> batch = new ArrayList<>(BATCH);
                synchronized (store) {
                    for (QueueId id : ids.subList(from, Math.min(ids.size(), from + BATCH))) {
                        FileIndex.Slot s = index.get(id);
                        if (s == null) {
                            continue; // delivered or purged meanwhile
                        }
                        if (s.lease() != null) {
                            n++;
                            s.requestRetry(now);
                        } else if (s.busy) { // counted below, by what its own retry says
                            alone.add(id);
                        } else {
                            n++;
                            s.busy = true;
                            index.forget(s);
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
                    synchronized (store) {
                        batch.forEach(s -> index.reschedule(s, now));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    throw new SpoolException(files.root, "cannot retry the queued messages: " + e, e);
                } finally {
                    store.endWrites(batch);
                }
            }
        }
        return n + (int) alone.stream().filter(one).count();
    }

    /**
     * The retry of every message in {@code queue/} by a process that holds the spool's lock but no index (the CLI
     * while no {@code serve} runs).
     *
     * @param view the reader of the spool's states
     * @param ids the queued messages
     * @return how many of them were queued
     * @throws IOException if a state cannot be written
     * @throws SpoolException if a state cannot be read or is damaged
     */
    static int direct(SpoolFiles files, FileView view, List<QueueId> ids, Instant now) throws IOException {
        int n = 0;
        try (BulkRetry bulk = new BulkRetry(files)) {
            List<QueueEntry> states = new ArrayList<>(BATCH);
            for (QueueId id : ids) {
                Optional<QueueEntry> e = view.read(files.queue, id);
                if (e.isEmpty() || e.get().dead()) {
                    continue; // gone (delivered meanwhile), or being moved to dead/
                }
                n++;
                states.add(e.get());
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
        List<QueueEntry> changed = new ArrayList<>(states.size());
        for (QueueEntry e : states) {
            if (!e.nextAttempt().isAfter(now)) {
                continue;
            }
            if (files.journalVouchesFor(e.id())) {
                files.writeEnv(files.queue, e.withNextAttempt(now));
            } else {
                changed.add(e);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        List<Future<Path>> written = new ArrayList<>(changed.size());
        for (QueueEntry e : changed) {
            byte[] bytes = EntryFormat.encode(e.withNextAttempt(now));
            written.add(fsyncs.submit(() -> files.writeNextEnv(files.queue, e.id(), bytes)));
        }
        // Every write ends before any rename, and before a failure is thrown: the caller then clears the batch's busy
        // flags, and a dispatcher's own write of one of these messages must not meet a writer of the same tmp file.
        List<Path> tmps = new ArrayList<>(written.size());
        IOException failed = null;
        for (Future<Path> f : written) {
            try {
                tmps.add(FsyncPool.await(f));
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed; // the tmp files written are removed by the next open's recovery, or overwritten
        }
        for (int i = 0; i < changed.size(); i++) {
            SpoolFiles.move(tmps.get(i), files.env(files.queue, changed.get(i).id()));
        }
        files.sync(files.queue);
    }

    @Override
    public void close() {
        fsyncs.close();
    }
}
