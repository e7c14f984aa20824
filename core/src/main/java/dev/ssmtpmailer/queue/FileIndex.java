package dev.ssmtpmailer.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the file store keeps in memory of each queued message: no envelope and no recipients (they stay in the
 * files and are read when the message is claimed or shown), only its id, creation and due time, and its lease.
 * Claims take the earliest-due messages from one ordered set, O(log n) each, so a deep queue costs about 130
 * bytes per waiting message and no scan. Not thread-safe: {@link FileQueueStore} guards it (and the recovery
 * scan of {@link FileRecovery} takes the same monitor).
 *
 * <p>A message whose due time is not known yet (recovery has not read its state file) is <em>unscheduled</em>:
 * indexed by id, so that it counts and lists, but not in the schedule until {@link #schedule} gives it its time.
 * While recovery still {@link #listing lists} the directory, messages queued before the start are still to come.
 */
final class FileIndex {

    /** {@link Slot#next} of a message that recovery has not scheduled yet. */
    private static final long UNSCHEDULED = Long.MAX_VALUE;

    /**
     * One queued message. Kept small, since a deep queue holds one per waiting message: an id of this store
     * ({@link SpoolFiles#newId}: creation time and 8 random base 36 characters) is kept as two numbers, not as a
     * string; times are epoch milliseconds; what only a leased message needs is in an object of its own.
     */
    static final class Slot {
        /** The digits of ids, in base 36. */
        static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        /** Creation, in epoch milliseconds: the time part of the id. */
        long created;
        /** The random part of the id as a base 36 number, or -1 for an id that this store did not make. */
        private final long random;
        /** An id that this store did not make, else {@code null}. */
        private final String foreign;
        /** When the message is due, in epoch milliseconds rounded up (a claim is never early); {@link #UNSCHEDULED}. */
        private long next;
        /** The lease and the requests that wait for its end; {@code null} when nobody holds the message. */
        private Held held;
        /** A state write (by a lease holder or a control request) is in progress: claims and control wait. */
        boolean busy;

        private Slot(long created, long random, String foreign, long next) {
            this.created = created;
            this.random = random;
            this.foreign = foreign;
            this.next = next;
        }

        /** @return a slot for {@code id}, created at {@code created} epoch ms unless the id says when */
        static Slot of(QueueId id, long created, long next) {
            return of(id.value(), created, next);
        }

        /**
         * @param id a queue id, as a file name gives it
         * @throws IllegalArgumentException if it is not a valid {@link QueueId}
         */
        static Slot of(String id, long created, long next) {
            long time = base36(id, 0, 8);
            long random = id.length() == 17 && id.charAt(8) == '-' ? base36(id, 9, 17) : -1;
            if (time < 0 || random < 0) {
                return new Slot(created, -1, new QueueId(id).value(), next);
            }
            return new Slot(time, random, null, next); // valid by its form: no pattern to match
        }

        /** @return the value of {@code s[from, to)} as upper-case base 36 digits, or -1 if it is not */
        static long base36(String s, int from, int to) {
            if (s.length() < to) {
                return -1;
            }
            long v = 0;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
                if (d < 0) {
                    return -1;
                }
                v = v * 36 + d;
            }
            return v;
        }

        /** @return whether the id is one of {@link SpoolFiles#newId}, so that {@link #created} is known from it */
        boolean createdKnown() {
            return foreign == null;
        }

        QueueId id() {
            return new QueueId(idText());
        }

        private String idText() {
            if (foreign != null) {
                return foreign;
            }
            StringBuilder b = new StringBuilder(17);
            base36(b, created);
            return base36(b.append('-'), random).toString();
        }

        /**
         * Appends {@code v} in upper-case base 36, with leading zeros to at least 8 digits: the two halves of an id,
         * as {@link #base36(String, int, int)} reads them. A negative {@code v} (a clock before 1970) is written
         * as {@code Long.toString(v, 36)} writes it, sign and all, padded the same way: such an id is not read back
         * as a time, so {@link #of(String, long, long)} keeps it as an id this store did not make.
         */
        static StringBuilder base36(StringBuilder b, long v) {
            if (v < 0) {
                String text = Long.toString(v, 36).toUpperCase(java.util.Locale.ROOT);
                return b.append("0".repeat(Math.max(0, 8 - text.length()))).append(text);
            }
            char[] digits = new char[13]; // Long.MAX_VALUE has 13 base 36 digits
            int i = digits.length;
            do {
                digits[--i] = DIGITS.charAt((int) (v % 36));
                v /= 36;
            } while (v > 0);
            for (int pad = 8 - (digits.length - i); pad > 0; pad--) {
                b.append('0');
            }
            return b.append(digits, i, digits.length - i);
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

    /** Id order, which for this store's ids is age order (the two numbers compare as the fixed-width text does). */
    private static final Comparator<Slot> BY_ID = (a, b) -> a.foreign == null && b.foreign == null
            ? a.created != b.created ? Long.compare(a.created, b.created) : Long.compare(a.random, b.random)
            : a.idText().compareTo(b.idText());
    private static final Comparator<Slot> BY_KEY = Comparator.comparingLong(Slot::key).thenComparing(BY_ID);

    /** Beyond this many accepted and not yet claimed messages, the oldest are read from their files when claimed. */
    private static final int FRESH_LIMIT = 1024;

    private final TreeSet<Slot> byId = new TreeSet<>(BY_ID);
    /** The scheduled slots, by due time (or lease expiry). */
    private final TreeSet<Slot> schedule = new TreeSet<>(BY_KEY);
    /** How many slots wait for the recovery scan. */
    private int unscheduled;
    /** Recovery is still listing queue/: more messages are to come (as accepted or unscheduled). */
    private boolean listing;
    /**
     * The state of messages accepted and not yet claimed, so that the first claim (usually a moment later) reads
     * no file. Bounded, so that a burst of accepts does not hold its envelopes in memory.
     */
    private final Map<Slot, EntryFormat.Header> fresh = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Slot, EntryFormat.Header> eldest) {
            return size() > FRESH_LIMIT;
        }
    };
    /**
     * How many claims in a row could not read a message's files for a passing reason; here, not in {@link Slot},
     * so that a waiting message costs no more memory for a count that almost every message never needs.
     */
    private final Map<Slot, Integer> unreadable = new IdentityHashMap<>();

    static long ceilMillis(Instant t) {
        long ms = t.toEpochMilli();
        return t.getNano() % 1_000_000 == 0 ? ms : ms + 1;
    }

    /**
     * Adds a message just accepted, due at {@code next}, with its state as written (kept until it is claimed), or
     * {@code null} to keep none.
     */
    Slot add(QueueId id, Instant created, Instant next, EntryFormat.Header accepted) {
        Slot s = put(Slot.of(id, created.toEpochMilli(), ceilMillis(next)));
        schedule.add(s);
        if (accepted != null) {
            fresh.put(s, accepted);
        }
        return s;
    }

    /**
     * Adds a queued message that has no state file: as accepted, due at its creation, which its id tells.
     *
     * @return whether it was added: {@code false} for an id that does not tell its creation
     */
    boolean addAsAccepted(String id) {
        Slot s = Slot.of(id, Long.MAX_VALUE, UNSCHEDULED);
        if (!s.createdKnown()) {
            return false;
        }
        s.next = s.created;
        schedule.add(put(s));
        return true;
    }

    /** Adds a queued message whose due time recovery has yet to read: it is not claimable until {@link #schedule}. */
    Slot addUnscheduled(String id) {
        Slot s = put(Slot.of(id, Long.MAX_VALUE, UNSCHEDULED));
        unscheduled++;
        return s;
    }

    private Slot put(Slot s) {
        Slot old = byId.ceiling(s);
        if (old != null && BY_ID.compare(old, s) == 0) {
            remove(old);
        }
        byId.add(s);
        return s;
    }

    /** Gives an unscheduled slot its creation (for an id that does not tell it) and due time. */
    void schedule(Slot s, Instant created, Instant next) {
        if (s.next != UNSCHEDULED || byId.ceiling(s) != s) {
            return; // scheduled or removed meanwhile
        }
        unscheduled--;
        if (!s.createdKnown()) {
            s.created = created.toEpochMilli();
        }
        s.next = ceilMillis(next);
        schedule.add(s);
    }

    /** @return whether recovery has more to do: slots to list, or to schedule from their state files */
    boolean scanning() {
        return listing || unscheduled > 0;
    }

    /** @return whether recovery is still listing the queued messages */
    boolean listing() {
        return listing;
    }

    /** Marks the start and the end of recovery's listing. */
    void listing(boolean listing) {
        this.listing = listing;
    }

    /** @return up to {@code max} unscheduled slots after {@code after} (from the start if {@code null}), in id order */
    List<Slot> unscheduledAfter(Slot after, int max) {
        List<Slot> out = new ArrayList<>(max);
        NavigableSet<Slot> rest = after == null ? byId : byId.tailSet(after, false);
        for (Slot s : rest) {
            if (out.size() >= max) {
                break;
            }
            if (s.next == UNSCHEDULED && s.held == null) {
                out.add(s);
            }
        }
        return out;
    }

    /** @return the state of a queued message as its holder or its accept left it in memory, or {@code null} */
    EntryFormat.Header known(QueueId id) {
        Slot s = get(id);
        if (s == null) {
            return null;
        }
        return s.held != null && s.held.state != null ? s.held.state : fresh.get(s);
    }

    Slot get(QueueId id) {
        Slot probe = Slot.of(id, Long.MAX_VALUE, UNSCHEDULED);
        Slot s = byId.ceiling(probe);
        return s != null && BY_ID.compare(s, probe) == 0 ? s : null;
    }

    /**
     * @return the lease's slot, if the lease is still the message's
     * @throws LeaseLostException if the message is gone or another claim took it over
     */
    Slot holder(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        Slot s = get(lease.id());
        if (s == null) {
            throw new LeaseLostException(lease, "the message is no longer queued");
        }
        if (s.lease() == null || s.lease().token() != lease.token()) {
            throw new LeaseLostException(lease, "another owner took the message over after the lease expired");
        }
        return s;
    }

    void remove(Slot s) {
        if (byId.ceiling(s) == s) {
            byId.remove(s);
            fresh.remove(s);
            unreadable.remove(s);
            if (s.next == UNSCHEDULED && s.held == null) {
                unscheduled--;
            }
        }
        schedule.remove(s);
    }

    int size() {
        return byId.size();
    }

    /** @return how many messages are queued and the age of the oldest (the first id) at {@code now} */
    StoreStats stats(Instant now) {
        long oldest = byId.isEmpty() ? Long.MAX_VALUE : byId.first().created;
        return new StoreStats(byId.size(), Duration.ofMillis(Math.max(0, now.toEpochMilli() - oldest)));
    }

    /** @return the ids of every queued message, oldest first (a snapshot) */
    List<QueueId> ids() {
        return byId.stream().map(Slot::id).toList();
    }

    /** @see QueueStore#nextDue */
    Optional<Instant> nextDue() {
        return schedule.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(schedule.first().key()));
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
            s.held.state = fresh.remove(s);
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

    /**
     * Ends a claim that could not read the message's files, due again at {@code next}. A purge or a retry requested
     * while it was leased still waits: the slot stays held, with a lease that expires at {@code next}, so that the
     * next claim takes it over (and applies the purge) instead of losing the request.
     */
    void releaseUnread(Slot s, Instant next) {
        if (s.held != null && (s.held.purgeRequested || s.held.retryAt != null)) {
            Lease l = s.held.lease;
            lease(s, new Lease(l.id(), l.owner(), l.token(), next));
        } else {
            release(s, next);
        }
    }

    /** @return how many claims in a row, this one included, could not read the slot's files for a passing reason */
    int unreadable(Slot s) {
        return unreadable.merge(s, 1, Integer::sum);
    }

    /** The slot's files were read: a later passing failure counts from one again. */
    void readable(Slot s) {
        if (!unreadable.isEmpty()) {
            unreadable.remove(s);
        }
    }

    /**
     * Forgets the state the accept left for the slot: a state write by someone who holds no lease (an operator's
     * retry) is about to begin, and if it fails half way (renamed, then not synced) nobody could tell whether the
     * state file exists; the next claim reads the files instead.
     */
    void forget(Slot s) {
        fresh.remove(s);
    }

    /** Makes a slot that nobody holds due at {@code next}. */
    void reschedule(Slot s, Instant next) {
        fresh.remove(s); // the state on disk changed
        schedule.remove(s);
        s.next = ceilMillis(next);
        schedule.add(s);
    }
}
