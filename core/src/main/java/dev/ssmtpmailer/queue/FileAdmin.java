package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link QueueControl} for a spool directory that this process does not deliver from (the CLI's {@code queue}
 * command). Reads go straight to the files ({@link FileView}). A change is applied through the store itself
 * while no process holds {@code spool.lock} (this one takes it for the duration), else left as a request file in
 * {@code control/} for the owner, which applies it within its poll interval.
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
        return view.show(id);
    }

    @Override
    public boolean retryNow(QueueId id) {
        return Files.exists(files.msg(files.queue, id)) && change(ControlRequest.retry(id)).found();
    }

    @Override
    public int retryAll() {
        int queued = view.ids(files.queue).size();
        ControlResult r = change(ControlRequest.retryAll());
        return r.status() == ControlResult.Status.REQUESTED ? queued : r.messages();
    }

    @Override
    public boolean purge(QueueId id) {
        try {
            if (files.deleteDead(id)) {
                return true;
            }
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot delete dead letter " + id + ": " + e, e);
        }
        return Files.exists(files.msg(files.queue, id)) && change(ControlRequest.purge(id)).found();
    }

    @Override
    public QueueStats stats() {
        return new SpoolCounters().stats(view.stats(clock.instant()));
    }

    /** Applies the request through the store under the directory lock, or leaves it for the process that holds it. */
    private ControlResult change(ControlRequest request) {
        Optional<FileQueueStore> owned = FileQueueStore.tryOpen(files);
        if (owned.isPresent()) {
            try (QueueStore store = owned.get()) {
                return store.control(request, clock.instant());
            }
        }
        try {
            files.request(request);
            return new ControlResult(ControlResult.Status.REQUESTED, 1);
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot leave the request " + SpoolFiles.requestName(request) + ": " + e, e);
        }
    }
}
