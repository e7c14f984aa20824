package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a spool directory to a consistent state after any crash, when its owner opens it, and builds the
 * owner's {@link FileIndex}, in two steps so that a deep queue does not delay the open (the steps and why they
 * are safe are in {@code docs/queue.md}):
 *
 * <ol>
 * <li>{@link #recover}, before the store is used, reads directories only: unacknowledged files are removed,
 * interrupted state updates and moves to dead/ finished, and every queued message indexed by its file name. A
 * message without a state file is due at its creation, which its id tells: it is scheduled at once.</li>
 * <li>{@link #scan}, in the background while the store already accepts, reads the state files of the others
 * (messages that an attempt deferred, usually nearly all of a deep queue) for their due time; a finished state
 * is completed (removal or dead/), a damaged one moved to dead/ with a reason. Claims and control requests wait
 * for it to end.</li>
 * </ol>
 *
 * The envelope in front of a message's data is not read here but when the message is claimed, which moves a
 * damaged message to dead/ then.
 */
final class FileRecovery {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);
    /** Slots settled per hold of the store's monitor. */
    private static final int BATCH = 64;

    private final SpoolFiles files;
    private final FileIndex index = new FileIndex();
    private int leftovers;
    private int corrupt;

    private FileRecovery(SpoolFiles files) {
        this.files = files;
    }

    /**
     * The first step: directories only.
     *
     * @return the index of the queued messages; those whose state file is still to read are unscheduled
     */
    static FileIndex recover(SpoolFiles files) throws IOException {
        FileRecovery r = new FileRecovery(files);
        r.run();
        return r.index;
    }

    private void run() throws IOException {
        for (Path p : files.files(files.incoming, "")) {
            Files.deleteIfExists(p);
            leftovers++;
        }
        // one listing of queue/, by name: no file is opened for a message that has no state file
        String[] names = SpoolFiles.names(files.queue);
        Set<String> states = new HashSet<>();
        for (String name : names) {
            if (name.endsWith(SpoolFiles.TMP)) {
                // an interrupted state update: the previous state file is still in place and valid
                Files.deleteIfExists(files.queue.resolve(name));
                leftovers++;
            } else if (name.endsWith(SpoolFiles.ENV)) {
                states.add(name.substring(0, name.length() - SpoolFiles.ENV.length()));
            }
        }
        int unscheduled = 0;
        for (String name : names) {
            if (name.endsWith(SpoolFiles.MSG)) {
                String id = name.substring(0, name.length() - SpoolFiles.MSG.length());
                if (states.remove(id) || !index.addAsAccepted(id)) {
                    index.addUnscheduled(id); // due when its state file says: the scan reads it
                    unscheduled++;
                }
            }
        }
        for (String id : states) { // those left have no message file
            recoverLoneState(new QueueId(id));
        }
        SpoolFiles.fsyncDir(files.queue);
        if (leftovers > 0 || index.size() > 0) {
            log.debug("spool {} opened: {} queued ({} to read in the background), {} unacknowledged leftovers removed",
                    files.root, index.size(), unscheduled, leftovers);
        }
    }

    /** A state file without its message file: a move to dead/ to finish, or an interrupted removal. */
    private void recoverLoneState(QueueId id) throws IOException {
        Path envFile = files.env(files.queue, id);
        if (Files.exists(files.msg(files.dead, id))) {
            // a move to dead/ was interrupted between its two renames
            SpoolFiles.move(envFile, files.env(files.dead, id));
            SpoolFiles.fsyncDir(files.dead);
        } else {
            // the removal of a delivered message was interrupted: its message file goes first
            Files.deleteIfExists(envFile);
            leftovers++;
        }
    }

    /**
     * Starts {@link #scan} on a thread of its own, if messages wait for it.
     *
     * @return the thread, or {@code null} when every message is scheduled
     */
    static Thread startScan(SpoolFiles files, FileIndex index, Object lock, BooleanSupplier closed, Runnable done) {
        synchronized (lock) {
            if (!index.scanning()) {
                return null;
            }
        }
        Thread t = new Thread(() -> scan(files, index, lock, closed, done), "ssmtp-mailer-spool-recovery");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until a scan has ended (it stops after its batch in hand once the store is closed). */
    static void awaitEnd(Thread scan) {
        if (scan == null) {
            return;
        }
        try {
            scan.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The second step: reads the state of every unscheduled message, oldest first, and schedules it or finishes
     * it, holding {@code lock} (the store's monitor, which guards {@code index}) only to pick a batch and to
     * record it; then notifies the lock's waiters and calls {@code done}.
     *
     * @param closed whether the store was closed meanwhile (the scan then stops)
     */
    static void scan(SpoolFiles files, FileIndex index, Object lock, BooleanSupplier closed, Runnable done) {
        FileRecovery r = new FileRecovery(files);
        FileIndex.Slot cursor = null;
        int scheduled = 0;
        while (!closed.getAsBoolean()) {
            List<FileIndex.Slot> batch;
            synchronized (lock) {
                batch = index.unscheduledAfter(cursor, BATCH);
                batch.forEach(s -> s.busy = true);
            }
            if (batch.isEmpty()) {
                break;
            }
            for (FileIndex.Slot s : batch) {
                Due due = r.settle(s.id());
                synchronized (lock) {
                    s.busy = false;
                    if (due == null) {
                        index.remove(s);
                    } else {
                        index.schedule(s, due.created(), due.next());
                        scheduled++;
                    }
                }
            }
            cursor = batch.get(batch.size() - 1);
        }
        synchronized (lock) {
            lock.notifyAll();
        }
        if (scheduled > 0 || r.leftovers > 0 || r.corrupt > 0) {
            log.debug("spool {} recovered: {} deferred messages scheduled, {} finished, {} damaged moved to dead/",
                    files.root, scheduled, r.leftovers, r.corrupt);
        }
        done.run();
    }

    /** When a message that stays queued was created and is due. */
    private record Due(Instant created, Instant next) {
    }

    /**
     * Reads a queued message's state and completes what a crash interrupted.
     *
     * @return when it is due, if it stays queued; {@code null} if it was finished or moved to dead/
     */
    private Due settle(QueueId id) {
        try {
            QueueEntry e;
            try {
                e = files.readEntry(files.queue, id);
            } catch (NoSuchFileException ex) {
                return null;
            } catch (IOException | IllegalArgumentException ex) {
                toDead(id, "unreadable state: " + ex.getMessage());
                return null;
            }
            if (!e.dead() && !e.pending().isEmpty()) {
                return new Due(e.created(), e.nextAttempt());
            }
            leftovers++;
            if (e.dead()) {
                files.moveToDead(e); // a move to dead/ that had written its final state
            } else if (e.recipients().stream().allMatch(r -> r.state() == RecipientState.DELIVERED)) {
                files.remove(id); // delivered to everyone, the removal had not happened yet
            } else {
                files.moveToDead(e.dead(e.failureReason()));
            }
            return null;
        } catch (IOException | RuntimeException ex) {
            // the files cannot be changed now: keep it queued and due at once (the epoch is before any clock's now),
            // so that its claim reads it again and moves it to dead/ if it is damaged; never leave it unscheduled,
            // which would hold every claim
            log.warn("spool entry {} could not be recovered and is tried as it stands: {}", id, ex.toString());
            return new Due(Instant.EPOCH, Instant.EPOCH);
        }
    }

    private void toDead(QueueId id, String reason) throws IOException {
        files.moveCorruptToDead(id, reason);
        log.warn("spool entry {} is damaged and was moved to {}: {}", id, files.dead, reason);
        corrupt++;
    }
}
