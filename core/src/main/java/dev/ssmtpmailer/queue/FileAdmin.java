package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link QueueControl} for a spool directory that this process does not deliver from (the CLI's {@code queue}
 * command). Reads go straight to the files ({@link FileView}). A {@link ControlRequest} is applied to the files
 * directly while no process holds {@code spool.lock} (this one takes it for the duration), else left as a
 * request file in {@code control/} for the owner, which applies it within its poll interval.
 */
final class FileAdmin implements QueueControl {
    private final SpoolFiles files;
    private final FileView view;
    private final InstantSource clock;

    FileAdmin(SpoolFiles files, InstantSource clock) {
        this.files = files;
        this.view = new FileView(files);
        this.clock = clock;
    }

    @Override
    public Stream<QueueEntry> list(int limit) {
        return view.list(limit);
    }

    @Override
    public Optional<QueueEntry> show(QueueId id) {
        return view.show(Objects.requireNonNull(id, "id"));
    }

    @Override
    public boolean retryNow(QueueId id) {
        Objects.requireNonNull(id, "id");
        return change(ControlRequest.retry(id), id).found();
    }

    @Override
    public int retryAll() {
        int queued = view.ids(files.queue).size();
        ControlResult r = change(ControlRequest.retryAll(), null);
        return r.status() == ControlResult.Status.REQUESTED ? queued : r.messages();
    }

    @Override
    public boolean purge(QueueId id) {
        Objects.requireNonNull(id, "id");
        try {
            if (files.deleteDead(id)) {
                return true;
            }
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot delete dead letter " + id + ": " + e, e);
        }
        return change(ControlRequest.purge(id), id).found();
    }

    /**
     * @return whether the message is in the queue (not dead): a request for it can be left for the owner (while
     *         the owner's journal may still restore it: then it is not found)
     */
    private boolean queued(QueueId id) {
        return Files.exists(files.msg(files.queue, id));
    }

    @Override
    public QueueStats stats() {
        return new SpoolCounters().stats(view.stats(clock.instant()));
    }

    /**
     * Applies the request under the directory lock, or leaves it for the process that holds it. Applied directly,
     * it changes only the files of its messages (no recovery, no index, so that a retry of each message of a deep
     * queue stays cheap), once the journal of the stopped owner is settled: the messages it still vouches for are
     * made durable in their own files, so that a state file or a removal needs no journal.
     *
     * @param id the one message the request is about, or {@code null}: looked for in {@code queue/} before a
     *        request is left, and after the settling when applied here (a message file a power loss took is back)
     */
    private ControlResult change(ControlRequest request, QueueId id) {
        Optional<FileLock> lock = files.tryLock();
        try {
            if (lock.isEmpty()) {
                if (id != null && !queued(id)) {
                    return ControlResult.notFound();
                }
                ControlFiles.request(files, request);
                return new ControlResult(ControlResult.Status.REQUESTED, 1);
            }
            JournalReplay.settle(files); // its changes need the files the stopped owner's journal vouches for durable
            Instant now = clock.instant();
            if (request instanceof ControlRequest.Retry r) {
                return apply(r.id(), e -> files.writeEnv(files.queue, e.withNextAttempt(now)));
            }
            if (request instanceof ControlRequest.Purge p) {
                return apply(p.id(), e -> files.moveToDead(e.purged()));
            }
            return ControlResult.applied(BulkRetry.direct(files, view, view.ids(files.queue), now)); // batched fsyncs
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot apply " + ControlFiles.name(request) + ": " + e, e);
        } finally {
            lock.ifPresent(SpoolFiles::release);
        }
    }

    @FunctionalInterface
    private interface Change {
        void apply(QueueEntry queued) throws IOException;
    }

    private ControlResult apply(QueueId id, Change change) throws IOException {
        Optional<QueueEntry> queued = view.show(id).filter(e -> !e.dead());
        if (queued.isEmpty()) {
            return ControlResult.notFound();
        }
        change.apply(queued.get());
        return ControlResult.applied(1);
    }
}
