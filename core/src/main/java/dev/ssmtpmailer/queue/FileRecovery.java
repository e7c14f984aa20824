package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a spool directory to a consistent state after any crash, when its owner opens it, and builds the
 * owner's {@link FileIndex}, so that a deep queue does not delay the open (the steps and why they are safe are in
 * {@code docs/queue.md}):
 *
 * <ol>
 * <li>{@link #recover}, before the store is used, removes the unacknowledged files of incoming/ (accepts write
 * there first) and opens queue/ for the listing (an unreadable queue/ fails the open), and nothing else.</li>
 * <li>{@link #start}, in the background while the store already accepts, first has the journal adopt the
 * segments the previous owner left ({@link SpoolJournal#adopt}: each message file they vouch for checked against
 * its record, rewritten if it differs; one that cannot be is left out of the index, for the next open), then lists
 * queue/ by name: interrupted state
 * updates and moves to dead/ are finished, and every queued message is indexed by its file name. A message
 * without a state file is due at its creation, which its id tells: it is scheduled at once. Messages accepted
 * meanwhile are indexed by their accept, so the listing skips them ({@link #accepting}).</li>
 * <li>Then, on the same thread, {@link #scan} reads the state files of the others (messages that an attempt
 * deferred, usually nearly all of a deep queue) for their due time; a finished state is completed (removal or
 * dead/), a damaged one moved to dead/ with a reason.</li>
 * </ol>
 *
 * Claims and control requests wait for both to end, and {@link FileQueueStore#stats} for the listing: until then
 * nothing is delivered, retried or purged, so the background part only adds what no one has touched. The envelope
 * in front of a message's data is not read here but when the message is claimed, which moves a damaged message
 * to dead/ then.
 */
final class FileRecovery {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);
    /** Slots settled per hold of the store's monitor. */
    private static final int BATCH = 64;
    /** Listed messages indexed per hold of the store's monitor (about a millisecond's work). */
    private static final int LIST_BATCH = 1024;

    private final SpoolFiles files;
    private final FileIndex index;
    /** queue/, opened by {@link #recover} (an unreadable queue/ fails the open) and read by the listing. */
    private DirectoryStream<Path> queue;
    /**
     * The ids of messages accepted since the open, until the listing has been read: the listing may already show
     * their files (or the file of an accept that failed and removed it again), and their accept indexes them.
     */
    private volatile Set<String> acceptedMeanwhile = ConcurrentHashMap.newKeySet();
    /** What ended the recovery thread early, if anything did: claims, control and stats then throw it. */
    private volatile Throwable failure;
    /** Test seam: run at the start of the listing, to force a failure inside it. */
    static volatile Runnable listingFault = () -> { };
    private volatile Thread thread;
    private int leftovers;
    private int finished;
    private int corrupt;

    private FileRecovery(SpoolFiles files, FileIndex index) {
        this.files = files;
        this.index = index;
    }

    /**
     * The first step, before the store is used: incoming/ only, and queue/ opened for the listing (opened again
     * after an adoption, which may have renamed restored files into it).
     *
     * @throws IOException if incoming/ cannot be emptied or queue/ cannot be opened
     *
     * @return the recovery of a store whose index is still to be listed ({@link FileIndex#listing})
     */
    static FileRecovery recover(SpoolFiles files) throws IOException {
        FileRecovery r = new FileRecovery(files, new FileIndex());
        for (Path p : files.files(files.incoming, "")) {
            Files.deleteIfExists(p);
            r.leftovers++;
        }
        r.queue = Files.newDirectoryStream(files.queue);
        r.index.listing(true);
        return r;
    }

    /** @return the index, which the store guards with its monitor */
    FileIndex index() {
        return index;
    }

    /** Notes a message the store is about to accept, before its file can reach queue/. */
    void accepting(QueueId id) {
        Set<String> meanwhile = acceptedMeanwhile;
        if (meanwhile != null) {
            meanwhile.add(id.value());
        }
    }

    /**
     * Starts the rest of the recovery on a thread of its own: the listing, then the scan.
     *
     * @param lock the store's monitor, which guards the index; notified when the listing and the scan end
     * @param closed whether the store was closed meanwhile (the scan then stops; the listing always ends)
     * @param done called at the end
     */
    void start(Object lock, BooleanSupplier closed, Runnable done) {
        thread = new Thread(() -> {
            try {
                DirectoryStream<Path> listed = queue;
                try {
                    SpoolJournal journal = files.journalInUse();
                    Set<String> unresolved = Set.of();
                    if (journal != null && journal.adopt(files, closed)) { // every file it vouches for checked first
                        listed.close(); // opened before the adoption renamed restored files in: it might miss them
                        listed = Files.newDirectoryStream(files.queue);
                        unresolved = journal.unresolved();
                    }
                    list(lock, listed, unresolved);
                } finally {
                    listed.close();
                }
            } catch (Throwable t) { // never leave claims, control and stats waiting: they throw it
                fail(t);
            } finally {
                synchronized (lock) { // only now may a claim write a state (through a .tmp file) or a control request change one
                    index.listing(false);
                    acceptedMeanwhile = null;
                    lock.notifyAll();
                }
            }
            try {
                if (failure == null) {
                    scan(lock, closed, done);
                }
            } catch (Throwable t) {
                fail(t);
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }, "ssmtp-mailer-spool-recovery");
        thread.setDaemon(true);
        thread.start();
    }

    private void fail(Throwable t) {
        failure = t;
        log.error("spool {}: the recovery failed, so nothing is delivered, retried or counted until a restart: {}",
                files.root, t.toString(), t);
    }

    /**
     * @throws SpoolException naming the cause, if the recovery thread failed (the index is then incomplete)
     */
    void checkFailure() {
        Throwable t = failure;
        if (t != null) {
            throw new SpoolException(files.root, "recovery failed: " + t, t);
        }
    }

    /** Waits until the recovery has ended (the scan stops after its batch in hand once the store is closed). */
    void awaitEnd() {
        if (thread == null) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The second step: one listing of queue/, by name (no file is opened for a message that has no state file),
     * indexed in batches so that accepts go on meanwhile; and the leftovers of interrupted updates are finished.
     *
     * @param unresolved the messages the adoption could not check or restore: not indexed, so never claimed here
     */
    private void list(Object lock, DirectoryStream<Path> queued, Set<String> unresolved) {
        listingFault.run();
        List<String> names = new ArrayList<>();
        for (Path p : queued) { // an I/O error here ends the thread: its failure is then thrown to claims and stats
            names.add(p.getFileName().toString());
        }
        Set<String> states = new HashSet<>();
        List<String> tmps = new ArrayList<>();
        for (String name : names) {
            if (name.endsWith(SpoolFiles.TMP)) {
                tmps.add(name);
            } else if (name.endsWith(SpoolFiles.ENV)) {
                states.add(name.substring(0, name.length() - SpoolFiles.ENV.length()));
            }
        }
        List<String> accepted = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        for (String name : names) {
            if (name.endsWith(SpoolFiles.MSG)) {
                String id = name.substring(0, name.length() - SpoolFiles.MSG.length());
                if (!unresolved.contains(id)) { // its record stays for the next start, which tries it again
                    (states.remove(id) ? deferred : accepted).add(id);
                }
            }
        }
        int unscheduled = add(lock, accepted, false) + add(lock, deferred, true);
        try {
            for (String tmp : tmps) {
                // an interrupted state update: the previous state file is still in place and valid
                Files.deleteIfExists(files.queue.resolve(tmp));
                leftovers++;
            }
            for (String id : states) { // those left have no message file
                try {
                    recoverLoneState(new QueueId(id));
                } catch (IllegalArgumentException e) { // not a queue id
                    notQueued(id + SpoolFiles.ENV);
                }
            }
            SpoolFiles.fsyncDir(files.queue);
        } catch (IOException | RuntimeException e) {
            log.warn("spool {}: the leftovers of an interrupted update could not be finished: {}", files.root, e.toString());
        }
        if (leftovers > 0 || !names.isEmpty()) {
            log.debug("spool {} listed: {} queued ({} to read their state), {} unacknowledged leftovers removed",
                    files.root, accepted.size() + deferred.size(), unscheduled, leftovers);
        }
    }

    /**
     * Indexes listed messages, skipping those accepted meanwhile (their accept indexed them; the file of one
     * that failed is gone again). An accept notes its id before its file can reach queue/, so every listed one
     * is noted by now.
     *
     * @param withState whether they have a state file, which the scan reads; else they are due at their creation
     * @return how many wait for the scan
     */
    private int add(Object lock, List<String> ids, boolean withState) {
        Set<String> meanwhile = acceptedMeanwhile;
        int unscheduled = 0;
        for (int from = 0; from < ids.size(); from += LIST_BATCH) {
            synchronized (lock) {
                for (String id : ids.subList(from, Math.min(ids.size(), from + LIST_BATCH))) {
                    try {
                        if (!meanwhile.contains(id) && (withState || !index.addAsAccepted(id))) {
                            index.addUnscheduled(id); // due when its state file says: the scan reads it
                            unscheduled++;
                        }
                    } catch (IllegalArgumentException e) { // not a queue id
                        notQueued(id + SpoolFiles.MSG);
                    }
                }
            }
        }
        return unscheduled;
    }

    /** A file in queue/ whose name is not a queue id's (one copied in): left alone. */
    private void notQueued(String name) {
        log.warn("spool {}: queue/{} is left alone: its name is not a queue id, so it is no queued message's file",
                files.root, name);
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
     * The third step: reads the state of every unscheduled message, oldest first, and schedules it or finishes
     * it, holding {@code lock} (the store's monitor, which guards {@code index}) only to pick a batch and to
     * record it; then notifies the lock's waiters and calls {@code done}.
     *
     * @param closed whether the store was closed meanwhile (the scan then stops)
     */
    private void scan(Object lock, BooleanSupplier closed, Runnable done) {
        FileIndex.Slot cursor = null;
        int scheduled = 0;
        while (!closed.getAsBoolean()) {
            List<FileIndex.Slot> batch;
            synchronized (lock) {
                batch = index.scanning() ? index.unscheduledAfter(cursor, BATCH) : List.of();
                batch.forEach(s -> s.busy = true);
            }
            if (batch.isEmpty()) {
                break;
            }
            for (FileIndex.Slot s : batch) {
                Due due = settle(s.id());
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
        if (scheduled > 0 || finished > 0 || corrupt > 0) {
            log.debug("spool {} recovered: {} deferred messages scheduled, {} finished, {} damaged moved to dead/",
                    files.root, scheduled, finished, corrupt);
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
                if (!UnreadableEntry.contentError(ex)) {
                    throw ex; // a passing read error: kept queued below, and read again at its claim
                }
                toDead(id, "unreadable state: " + ex.getMessage());
                return null;
            }
            if (!e.dead() && !e.pending().isEmpty()) {
                return new Due(e.created(), e.nextAttempt());
            }
            finished++;
            if (e.dead()) {
                files.moveToDead(e); // a move to dead/ that had written its final state
            } else if (e.delivered()) {
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
