package dev.ssmtpmailer.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the file store keeps in memory of each queued message: no envelope and no recipients (they stay in the
 * files and are read when the message is claimed or shown), only its id, creation and due time, and its lease.
 * Claims take the earliest-due messages from one ordered set, O(log n) each, so a deep queue costs a few
 * dozen bytes per waiting message and no scan. Not thread-safe: {@link FileQueueStore} guards it.
 */
final class FileIndex {

    /**
     * One queued message. Kept small, since a deep queue holds one per waiting message: the id as a string, two
     * times as epoch milliseconds, and what only a leased message needs in an object of its own.
     */
    static final class Slot {
        private final String id;
        /** Creation, in epoch milliseconds. */
        final long created;
        /** When the message is due, in epoch milliseconds rounded up (a claim is never early). */
        private long next;
        /** The lease and the requests that wait for its end; {@code null} when nobody holds the message. */
        private Held held;
        /** A state write (by a lease holder or a control request) is in progress: claims and control wait. */
        boolean busy;

        Slot(String id, long created, long next) {
            this.id = id;
            this.created = created;
            this.next = next;
        }

        QueueId id() {
            return new QueueId(id);
        }

        /** @return the lease in force, or expired but not yet ended; {@code null} when nobody holds the message */
        Lease lease() {
            return held == null ? null : held.lease;
        }

        /** @return whether a purge arrived during the lease: applied when it ends (or by the claim that takes it over) */
        boolean purgeRequested() {
            return held != null && held.purgeRequested;
        }

        /** @return the time of a retry that arrived during the lease (the release is due no later), or {@code null} */
        Instant retryAt() {
            return held == null ? null : held.retryAt;
        }

        /** @return the message's state as its holder last read or wrote it, and where its data starts; {@code null} if not leased */
        EntryFormat.Header state() {
            return held == null ? null : held.state;
        }

        /** Keeps the holder's view of the message's state; call only while leased. */
        void state(EntryFormat.Header state) {
            held.state = state;
        }

        /** Records a purge for the end of the lease; call only while leased. */
        void requestPurge() {
            held.purgeRequested = true;
        }

        /** Records a retry for the end of the lease; call only while leased. */
        void requestRetry(Instant at) {
            held.retryAt = held.retryAt == null || at.isBefore(held.retryAt) ? at : held.retryAt;
        }

        /** @return where the schedule keeps it: the lease's expiry while leased, else the due time */
        long key() {
            return held != null ? ceilMillis(held.lease.expires()) : next;
        }
    }

    /**
     * What a leased message carries: its lease, its state (only the holder writes it while the lease lasts, so the
     * files need not be read again), and the control requests that wait for the lease's end.
     */
    private static final class Held {
        Lease lease;
        EntryFormat.Header state;
        boolean purgeRequested;
        Instant retryAt;

        Held(Lease lease) {
            this.lease = lease;
        }
    }

    private static final Comparator<Slot> BY_KEY = Comparator.comparingLong(Slot::key).thenComparing(s -> s.id);

    /** Beyond this many accepted and not yet claimed messages, the oldest are read from their files when claimed. */
    private static final int FRESH_LIMIT = 1024;

    /** By id, which for this store's ids is by age: an id starts with its creation time (see {@link FileQueueStore}). */
    private final TreeMap<String, Slot> byId = new TreeMap<>();
    private final TreeSet<Slot> schedule = new TreeSet<>(BY_KEY);
    /**
     * The state of messages accepted and not yet claimed, so that the first claim (usually a moment later) reads
     * no file. Bounded, so that a burst of accepts does not hold its envelopes in memory.
     */
    private final Map<String, EntryFormat.Header> fresh = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EntryFormat.Header> eldest) {
            return size() > FRESH_LIMIT;
        }
    };

    static long ceilMillis(Instant t) {
        long ms = t.toEpochMilli();
        return t.getNano() % 1_000_000 == 0 ? ms : ms + 1;
    }

    /** Adds a queued message that nobody holds, due at {@code next}. */
    Slot add(QueueId id, Instant created, Instant next) {
        return add(id, created, next, null);
    }

    /** Adds a message just accepted, due at {@code next}, with its state as written (kept until it is claimed). */
    Slot add(QueueId id, Instant created, Instant next, EntryFormat.Header accepted) {
        Slot s = new Slot(id.value(), created.toEpochMilli(), ceilMillis(next));
        Slot old = byId.put(s.id, s);
        if (old != null) {
            remove(old);
            byId.put(s.id, s);
        }
        schedule.add(s);
        if (accepted != null) {
            fresh.put(s.id, accepted);
        }
        return s;
    }

    /** @return the state of a queued message as its holder or its accept left it in memory, or {@code null} */
    EntryFormat.Header known(QueueId id) {
        Slot s = byId.get(id.value());
        return s != null && s.held != null && s.held.state != null ? s.held.state : fresh.get(id.value());
    }

    Slot get(QueueId id) {
        return byId.get(id.value());
    }

    void remove(Slot s) {
        if (byId.get(s.id) == s) {
            byId.remove(s.id);
            fresh.remove(s.id);
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
        return byId.keySet().stream().map(QueueId::new).toList();
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
            if (!s.busy && (s.held == null || !s.held.lease.expires().isAfter(now))) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Gives the slot a lease (a new one, or an extended one); the schedule then keeps it at the lease's expiry. A
     * message just accepted takes its state along.
     */
    void lease(Slot s, Lease lease) {
        schedule.remove(s);
        if (s.held == null) {
            s.held = new Held(lease);
            s.held.state = fresh.remove(s.id);
        } else {
            s.held.lease = lease; // a renewal, or a takeover: requests made during the old lease still wait
        }
        schedule.add(s);
    }

    /** Ends the slot's lease, if any, and makes it due at {@code next}. */
    void release(Slot s, Instant next) {
        schedule.remove(s);
        s.held = null;
        s.next = ceilMillis(next);
        schedule.add(s);
    }

    /** Makes a slot that nobody holds due at {@code next}. */
    void reschedule(Slot s, Instant next) {
        fresh.remove(s.id); // the state on disk changed
        schedule.remove(s);
        s.next = ceilMillis(next);
        schedule.add(s);
    }
}
