package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link QueueControl} for a spool directory that this process does not deliver from (the CLI's {@code queue}
 * command). Reads go straight to the files. Changes are applied directly while no process holds
 * {@code spool.lock} (this one takes it for the duration), else left as request files in {@code control/} for
 * the owner, which applies them within its poll interval.
 */
final class SpoolAdmin implements QueueControl {
    private static final String PURGED = "purged by operator";

    private final SpoolFiles files;
    private final InstantSource clock;

    SpoolAdmin(SpoolFiles files, InstantSource clock) {
        this.files = files;
        this.clock = clock;
    }

    static Optional<QueueEntry> read(SpoolFiles files, Path dir, QueueId id) {
        try {
            return Optional.of(files.readEntry(dir, id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new SpoolException(files.root, "cannot read entry " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<QueueEntry> list() {
        List<QueueEntry> out = new ArrayList<>(files.entries(files.queue));
        out.addAll(files.entries(files.dead));
        return out;
    }

    @Override
    public Optional<QueueEntry> show(QueueId id) {
        Optional<QueueEntry> queued = read(files, files.queue, id);
        return queued.isPresent() ? queued : read(files, files.dead, id);
    }

    @Override
    public boolean retryNow(QueueId id) {
        if (!Files.exists(files.msg(files.queue, id))) {
            return false;
        }
        return change("retry." + id.value(), () -> {
            Optional<QueueEntry> e = read(files, files.queue, id);
            if (e.isPresent()) {
                files.writeEnv(files.queue, e.get().withNextAttempt(clock.instant()));
            }
        });
    }

    @Override
    public int retryAll() {
        List<QueueEntry> queued = files.entries(files.queue);
        change("retry.ALL", () -> {
            for (QueueEntry e : queued) {
                files.writeEnv(files.queue, e.withNextAttempt(clock.instant()));
            }
        });
        return queued.size();
    }

    @Override
    public boolean purge(QueueId id) {
        try {
            if (Files.exists(files.msg(files.dead, id)) || Files.exists(files.env(files.dead, id))) {
                // the owner never changes dead letters, so no lock is needed to delete one
                files.delete(files.dead, id);
                return true;
            }
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot delete dead letter " + id + ": " + e, e);
        }
        if (!Files.exists(files.msg(files.queue, id))) {
            return false;
        }
        return change("purge." + id.value(), () -> {
            Optional<QueueEntry> e = read(files, files.queue, id);
            if (e.isPresent()) {
                files.moveToDead(e.get().dead(PURGED));
            }
        });
    }

    @Override
    public QueueStats stats() {
        List<QueueEntry> queued = files.entries(files.queue);
        Instant now = clock.instant();
        Duration oldest = queued.isEmpty() ? Duration.ZERO : Duration.between(queued.get(0).created(), now);
        return new QueueStats(0, 0, 0, 0, 0, queued.size(), oldest.isNegative() ? Duration.ZERO : oldest);
    }

    @FunctionalInterface
    private interface Change {
        void apply() throws IOException;
    }

    /** Applies the change under the directory lock, or leaves the request for the process that holds it. */
    private boolean change(String request, Change direct) {
        Optional<FileLock> lock = files.tryLock();
        try {
            if (lock.isPresent()) {
                direct.apply();
            } else {
                files.request(request);
            }
            return true;
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot apply " + request + ": " + e, e);
        } finally {
            lock.ifPresent(SpoolFiles::release);
        }
    }
}
