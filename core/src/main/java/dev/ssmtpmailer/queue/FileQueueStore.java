package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.internal.CloseState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link QueueStore} on the local file system, in the layout of {@link SpoolFiles}; one process owns the
 * directory at a time (its {@code spool.lock}). Envelopes, bytes and recipient states live in the files; memory
 * holds a {@link FileIndex} of due times and leases. Leases are not written to disk: after a restart nothing is
 * leased. Opening clears incoming/ only; queue/ is listed and the states of deferred messages are read in the
 * background ({@link FileRecovery}): {@link #claim} and {@link #control} wait until that has ended, {@link #stats}
 * until the listing has.
 *
 * <p>Each message has at most one state write in progress ({@link FileIndex.Slot#busy}); a write runs outside the
 * store's lock, so that the fsyncs of several workers and accepts overlap and share directory fsyncs. A control
 * request for a message whose write is in progress waits for that write.
 *
 * <p>Ids begin with the creation time in base 36 milliseconds (8 characters until 2059), then 8 random
 * characters: they sort by age, which {@link #list} and {@link #stats} rely on, and recovery schedules a message
 * that was never attempted from its id alone.
 */
final class FileQueueStore implements QueueStore {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);

    private final SpoolFiles files;
    private final SpoolAccept accepts;
    private final FileView view;
    private final FileLock dirLock;
    /** Guarded by {@code this}. */
    private final FileIndex index;
    private final AtomicLong tokens = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1L << 40));
    private final List<Runnable> wakeUps = new CopyOnWriteArrayList<>();
    private final CloseState closeState = new CloseState("the spool store is closed");
    private final FileRecovery recovery;
    /** Test seam: runs when a claim is about to read a leased message's files (outside the lock). */
    Consumer<QueueId> beforeRead = id -> { };

    private FileQueueStore(SpoolFiles files, SpoolAccept accepts, FileLock dirLock, FileRecovery recovery) {
        this.files = files;
        this.accepts = accepts;
        this.view = new FileView(files);
        this.dirLock = dirLock;
        this.recovery = recovery;
        this.index = recovery.index();
    }

    /** @see QueueStore#files */
    static FileQueueStore open(Path directory) {
        SpoolFiles files = SpoolFiles.create(directory);
        return tryOpen(files).orElseThrow(() -> new SpoolException(files.root,
                "the spool is owned by another running process, or by another Spool of this one (spool.lock is held)", null));
    }

    /** @return the store, recovered, or empty when another process (or store) holds the directory's lock */
    static Optional<FileQueueStore> tryOpen(SpoolFiles files) {
        Optional<FileLock> lock = files.tryLock();
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        SpoolAccept accepts = null;
        try {
            accepts = SpoolAccept.open(files); // its journal adopts the old one before recovery lists queue/
            FileQueueStore store = new FileQueueStore(files, accepts, lock.get(), FileRecovery.recover(files));
            store.recovery.start(store, store.closeState::isClosed, store::wakeUp);
            return Optional.of(store);
        } catch (IOException | RuntimeException e) {
            if (accepts != null) {
                accepts.close();
            }
            SpoolFiles.release(lock.get());
            throw e instanceof SpoolException se ? se : new SpoolException(files.root, "recovery failed: " + e, e);
        }
    }

    /** Checks that the store is open and waits until the recovery scan has scheduled every message; hold {@code this}. */
    private void awaitRecovery() {
        closeState.requireOpen();
        recovery.checkFailure();
        while (index.scanning()) {
            awaitWrite();
            closeState.requireOpen();
            recovery.checkFailure();
        }
    }

    /** @return the spool directory */
    Path directory() {
        return files.root;
    }

    // ---------------------------------------------------------------- accept and read

    @Override
    public QueueEntry accept(NewMessage message, MessageContent content) throws IOException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(content, "content");
        closeState.requireOpen();
        Instant created = message.created().truncatedTo(ChronoUnit.MILLIS);
        QueueId id = SpoolFiles.newId(created);
        recovery.accepting(id);
        EntryFormat.Header stored = accepts.accept(new QueueEntry(id, created, message.sender(), 0, created,
                message.rewriteFrom(), message.recipients(), null), content);
        synchronized (this) {
            index.add(id, created, created, stored);
        }
        wakeUp();
        return stored.entry();
    }

    @Override
    public InputStream openMessage(QueueId id) throws IOException {
        Objects.requireNonNull(id, "id");
        EntryFormat.Header known;
        synchronized (this) {
            known = index.known(id);
        }
        return files.openData(id, known);
    }

    @Override
    public Optional<QueueEntry> show(QueueId id) {
        return view.show(Objects.requireNonNull(id, "id"));
    }

    @Override
    public Stream<QueueEntry> list(int limit) {
        return view.list(limit);
    }

    @Override
    public synchronized StoreStats stats(Instant now) {
        while (index.listing()) {
            awaitWrite();
        }
        recovery.checkFailure();
        StoreStats stats = index.stats(now);
        SpoolJournal journal = files.journalInUse();
        int unrestored = journal == null ? 0 : journal.unresolved().size(); // set by the adoption, before the listing
        return unrestored == 0 ? stats : new StoreStats(stats.depth(), stats.oldestAge(), unrestored);
    }

    @Override
    public synchronized Optional<Instant> nextDue() {
        return index.nextDue();
    }

    // ---------------------------------------------------------------- claims and leases

    @Override
    public List<ClaimedMessage> claim(String owner, Instant now, int max, Duration leaseDuration) {
        QueueStore.checkClaim(owner, now, max, leaseDuration);
        closeState.requireOpen();
        List<FileIndex.Slot> leased = new ArrayList<>();
        List<FileIndex.Slot> toPurge = new ArrayList<>();
        synchronized (this) {
            awaitRecovery();
            for (FileIndex.Slot s : index.claimable(now, max)) {
                if (s.purgeRequested()) {
                    // its holder's lease expired before it could apply the purge: purge instead of handing it out
                    s.busy = true;
                    toPurge.add(s);
                } else {
                    index.lease(s, new Lease(s.id(), owner, tokens.incrementAndGet(), now.plus(leaseDuration)));
                    leased.add(s);
                }
            }
        }
        toPurge.forEach(this::purgeNow);
        List<ClaimedMessage> out = new ArrayList<>(leased.size());
        for (FileIndex.Slot s : leased) {
            EntryFormat.Header state = s.state();
            try {
                if (state == null) {
                    beforeRead.accept(s.id());
                    state = files.readQueued(s.id());
                    synchronized (this) {
                        s.state(state);
                        index.readable(s);
                    }
                }
                out.add(new ClaimedMessage(state.entry(), s.lease()));
            } catch (IOException | IllegalArgumentException e) {
                UnreadableEntry.settle(this, index, files, s, e, now);
            }
        }
        return out;
    }

    @Override
    public Lease renew(Lease lease, Instant now, Duration leaseDuration) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        synchronized (this) {
            FileIndex.Slot s = index.holder(lease);
            Lease renewed = new Lease(lease.id(), lease.owner(), lease.token(), now.plus(leaseDuration));
            index.lease(s, renewed);
            return renewed;
        }
    }

    /** Waits for the message's write in progress, checks the lease and marks the start of this write. */
    private synchronized FileIndex.Slot beginWrite(Lease lease) {
        closeState.requireOpen();
        awaitIdle(lease.id());
        FileIndex.Slot s = index.holder(lease);
        s.busy = true;
        return s;
    }

    private void endWrite(FileIndex.Slot s) {
        endWrites(List.of(s));
    }

    /**
     * Ends the writes of these slots, begun under this store's lock, and wakes whoever waits for one of them: the
     * store's own writes and the owner's bulk retry end theirs here. Recovery ({@link FileRecovery})
     * marks and clears its own batches under the same lock; claims and control requests wait until it has ended.
     */
    synchronized void endWrites(List<FileIndex.Slot> slots) {
        slots.forEach(s -> s.busy = false);
        notifyAll();
    }

    private void awaitWrite() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpoolException(files.root, "interrupted while waiting for a state write", e);
        }
    }

    /**
     * Runs a write of the lease's holder (one write of a message at a time, after the lease was checked): {@code write}
     * gets the slot and the message's state with the outcomes applied.
     */
    private <T> T write(Lease lease, List<RecipientOutcome> outcomes, BiFunction<FileIndex.Slot, QueueEntry, T> write) {
        FileIndex.Slot s = beginWrite(lease);
        try {
            // while the lease lasts only its holder writes the state, so the holder's view is the state on disk
            EntryFormat.Header state = s.state();
            QueueEntry current = state != null ? state.entry() : read(s.id());
            return write.apply(s, current.withOutcomes(List.copyOf(outcomes)));
        } catch (RuntimeException e) {
            synchronized (this) {
                if (s.lease() != null) {
                    s.state(null); // a failed write may have reached the files: whoever writes next reads them
                }
            }
            throw e;
        } finally {
            endWrite(s);
        }
    }

    private QueueEntry read(QueueId id) {
        try {
            return files.readEntry(files.queue, id);
        } catch (IOException | IllegalArgumentException e) {
            throw new SpoolException(files.root, "cannot read the state of " + id + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- outcomes

    @Override
    public QueueEntry record(Lease lease, List<RecipientOutcome> outcomes) {
        return write(lease, outcomes, (s, updated) -> {
            writeState(updated);
            synchronized (this) {
                EntryFormat.Header state = s.state();
                s.state(new EntryFormat.Header(updated, state == null ? -1 : state.offset(), true));
            }
            return updated;
        });
    }

    @Override
    public QueueEntry release(Lease lease, List<RecipientOutcome> outcomes, Instant nextAttempt) {
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        return write(lease, outcomes, (s, updated) -> {
            if (updated.pending().isEmpty()) {
                throw new IllegalArgumentException("message " + lease.id() + " has no pending recipient left to release;"
                        + " complete or dead-letter it");
            }
            if (s.purgeRequested()) {
                return toDead(s, updated.purged());
            }
            Instant next = s.retryAt() != null && s.retryAt().isBefore(nextAttempt) ? s.retryAt() : nextAttempt;
            QueueEntry released = updated.withNextAttempt(next);
            writeState(released);
            synchronized (this) {
                index.release(s, next);
            }
            return released;
        });
    }

    @Override
    public void complete(Lease lease, List<RecipientOutcome> outcomes) {
        write(lease, outcomes, (s, updated) -> {
            if (!updated.delivered()) {
                throw new IllegalArgumentException("message " + lease.id() + " is not delivered to every recipient");
            }
            try {
                files.remove(lease.id(), s.state()); // no fsync: a crash just now may send it once more (at-least-once)
            } catch (IOException e) {
                throw new SpoolException(files.root, "cannot remove delivered message " + lease.id() + ": " + e, e);
            }
            synchronized (this) {
                index.remove(s);
            }
            return updated;
        });
    }

    @Override
    public QueueEntry deadLetter(Lease lease, List<RecipientOutcome> outcomes, String reason) {
        Objects.requireNonNull(reason, "reason");
        return write(lease, outcomes, (s, updated) -> toDead(s, s.purgeRequested() ? updated.purged() : updated.dead(reason)));
    }

    /** Moves a message whose write this thread holds to dead/ and out of the index. */
    private QueueEntry toDead(FileIndex.Slot s, QueueEntry dead) {
        try {
            files.moveToDead(dead);
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot move " + dead.id() + " to the dead letters: " + e, e);
        }
        synchronized (this) {
            index.remove(s);
        }
        return dead;
    }

    private void writeState(QueueEntry e) {
        try {
            files.writeEnv(files.queue, e);
        } catch (IOException ex) {
            throw new SpoolException(files.root, "cannot write the state of " + e.id() + ": " + ex, ex);
        }
    }

    // ---------------------------------------------------------------- control

    @Override
    public ControlResult control(ControlRequest request, Instant now) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");
        synchronized (this) {
            awaitRecovery();
        }
        ControlResult result;
        if (request instanceof ControlRequest.Retry r) {
            result = retry(r.id(), now) ? ControlResult.applied(1) : ControlResult.notFound();
        } else if (request instanceof ControlRequest.Purge p) {
            result = purge(p.id());
        } else {
            result = ControlResult.applied(BulkRetry.owned(this, index, files, now, id -> retry(id, now)));
        }
        if (result.found()) {
            wakeUp();
        }
        return result;
    }

    /** @return the message's slot once no write of it is in progress, {@code null} if it is not queued; hold {@code this} */
    private FileIndex.Slot awaitIdle(QueueId id) {
        FileIndex.Slot s;
        while ((s = index.get(id)) != null && s.busy) {
            awaitWrite();
        }
        return s;
    }

    private boolean retry(QueueId id, Instant now) {
        FileIndex.Slot s;
        synchronized (this) {
            s = awaitIdle(id);
            if (s == null) {
                return false;
            }
            if (s.lease() != null) {
                s.requestRetry(now);
                return true;
            }
            s.busy = true;
            index.forget(s);
        }
        try {
            writeState(read(id).withNextAttempt(now));
            synchronized (this) {
                index.reschedule(s, now);
            }
            log.debug("spooled message {} made due now", id);
            return true;
        } finally {
            endWrite(s);
        }
    }

    private ControlResult purge(QueueId id) {
        FileIndex.Slot s;
        synchronized (this) {
            s = awaitIdle(id);
            if (s != null && s.lease() != null) {
                s.requestPurge();
                log.debug("spooled message {} is being attempted; purged when the attempt ends", id);
                return ControlResult.applied(1);
            }
            if (s != null) {
                s.busy = true;
            }
        }
        if (s != null) {
            purgeNow(s);
            return ControlResult.applied(1);
        }
        try {
            if (files.deleteDead(id)) {
                log.debug("dead letter {} deleted", id);
                return ControlResult.applied(1);
            }
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot delete dead letter " + id + ": " + e, e);
        }
        return ControlResult.notFound();
    }

    /** Purges a message whose write this thread has begun. */
    private void purgeNow(FileIndex.Slot s) {
        try {
            toDead(s, read(s.id()).purged());
            log.warn("spooled message {} purged by operator (kept in {})", s.id(), files.dead);
        } finally {
            endWrite(s);
        }
    }

    @Override
    public int applyRequests(Instant now) {
        List<ControlRequest> requests = ControlFiles.take(files);
        requests.forEach(r -> control(r, now));
        return requests.size();
    }

    // ---------------------------------------------------------------- life

    @Override
    public void onWakeUp(Runnable listener) {
        wakeUps.add(Objects.requireNonNull(listener, "listener"));
    }

    private void wakeUp() {
        wakeUps.forEach(Runnable::run);
    }

    @Override
    public void close() {
        if (!closeState.markClosed()) {
            return; // closed already, or closing on another thread
        }
        recovery.awaitEnd(); // no other owner may find the scan still changing files, which uses the spares
        accepts.close();
        SpoolFiles.release(dirLock);
    }

    @Override
    public String toString() {
        return "FileQueueStore[" + files.root + "]";
    }
}
