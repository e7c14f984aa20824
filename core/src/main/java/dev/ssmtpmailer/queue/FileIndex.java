package dev.ssmtpmailer.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the file store keeps in memory of each queued message: no envelope and no recipients (they stay in the
 * files and are read when the message is claimed or shown), only its id, creation and due time, and its lease.
 * Claims take the earliest-due messages from one ordered set, O(log n) each, so a deep queue costs a few
 * dozen bytes per waiting message and no scan. Not thread-safe: {@link FileQueueStore} guards it.
 */
final class FileIndex {

    /** One queued message. Its {@link #key} places it in the schedule, so only the index changes the fields that make it. */
    static final class Slot {
        final QueueId id;
        /** Creation, in epoch milliseconds. */
        final long created;
        /** When the message is due, in epoch milliseconds rounded up (a claim is never early). */
        private long next;
        /** The lease in force or expired but not yet ended; {@code null} when nobody holds the message. */
        private Lease lease;
        /** A state write (by a lease holder or a control request) is in progress: claims and control wait. */
        boolean busy;
        /** A purge arrived during the lease: applied when the lease ends (or by the claim that takes it over). */
        boolean purgeRequested;
        /** A retry arrived during the lease: the release makes the message due no later than this. */
        Instant retryAt;

        Slot(QueueId id, long created, long next) {
            this.id = id;
            this.created = created;
            this.next = next;
        }

        Lease lease() {
            return lease;
        }

        /** @return where the schedule keeps it: the lease's expiry while leased, else the due time */
        long key() {
            return lease != null ? ceilMillis(lease.expires()) : next;
        }
    }

    private static final Comparator<Slot> BY_KEY = Comparator.comparingLong(Slot::key).thenComparing(s -> s.id.value());

    /** By id, which for this store's ids is by age: an id starts with its creation time (see {@link FileQueueStore}). */
    private final TreeMap<QueueId, Slot> byId = new TreeMap<>(Comparator.comparing(QueueId::value));
    private final TreeSet<Slot> schedule = new TreeSet<>(BY_KEY);

    static long ceilMillis(Instant t) {
        long ms = t.toEpochMilli();
        return t.getNano() % 1_000_000 == 0 ? ms : ms + 1;
    }

    /** Adds a queued message that nobody holds, due at {@code next}. */
    Slot add(QueueId id, Instant created, Instant next) {
        Slot s = new Slot(id, created.toEpochMilli(), ceilMillis(next));
        Slot old = byId.put(id, s);
        if (old != null) {
            remove(old);
            byId.put(id, s);
        }
        schedule.add(s);
        return s;
    }

    Slot get(QueueId id) {
        return byId.get(id);
    }

    void remove(Slot s) {
        if (byId.get(s.id) == s) {
            byId.remove(s.id);
        }
        schedule.remove(s);
    }

    int size() {
        return byId.size();
    }

    /** @return the oldest queued message (the first id), or {@code null} */
    Slot oldest() {
        return byId.isEmpty() ? null : byId.firstEntry().getValue();
    }

    /** @return the ids of every queued message, oldest first (a snapshot) */
    List<QueueId> ids() {
        return new ArrayList<>(byId.keySet());
    }

    /** @return when the earliest message is due or its lease expires (epoch ms), {@link Long#MAX_VALUE} if none */
    long nextKey() {
        return schedule.isEmpty() ? Long.MAX_VALUE : schedule.first().key();
    }

    /**
     * @return up to {@code max} messages that a claim at {@code now} may take: due, or with an expired lease,
     *         and no write in progress; earliest first. They stay where they are until {@link #lease} moves them.
     */
    List<Slot> claimable(Instant now, int max) {
        long nowMs = now.toEpochMilli();
        List<Slot> out = new ArrayList<>(Math.min(max, 64));
        for (Slot s : schedule) {
            if (s.key() > nowMs || out.size() >= max) {
                break;
            }
            if (!s.busy && (s.lease == null || !s.lease.expires().isAfter(now))) {
                out.add(s);
            }
        }
        return out;
    }

    /** Gives the slot a lease (a new one, or an extended one); the schedule then keeps it at the lease's expiry. */
    void lease(Slot s, Lease lease) {
        schedule.remove(s);
        s.lease = lease;
        schedule.add(s);
    }

    /** Ends the slot's lease, if any, and makes it due at {@code next}. */
    void release(Slot s, Instant next) {
        schedule.remove(s);
        s.lease = null;
        s.purgeRequested = false;
        s.retryAt = null;
        s.next = ceilMillis(next);
        schedule.add(s);
    }

    /** Makes a slot that nobody holds due at {@code next}. */
    void reschedule(Slot s, Instant next) {
        schedule.remove(s);
        s.next = ceilMillis(next);
        schedule.add(s);
    }
}
