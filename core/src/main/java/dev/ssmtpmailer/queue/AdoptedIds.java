package dev.ssmtpmailer.queue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages that the segments a {@link SpoolJournal} adopted at its open still vouch for, and the segment of
 * each: an id of {@link SpoolFiles#newId} as two numbers (its time and random parts in base 36, as
 * {@link FileIndex} reads them) in a sorted array, with the segment's index beside it; about 20 bytes per message,
 * so that a restart on 100,000 journaled messages stays within goal 4's heap per waiting message (a map of
 * {@link QueueId}s would cost about 120 bytes each). Ids of another form are kept in a map. Guarded by the
 * journal's monitor.
 */
final class AdoptedIds {
    /** An id and the index of the adopted segment whose record vouches for it. */
    record Entry(QueueId id, int segment) {
    }

    private static final AdoptedIds NONE = new AdoptedIds(List.of());
    private static final int RELEASED = -1;

    /** Time and random part of each id, in pairs, sorted. */
    private final long[] keys;
    /** The segment of each pair, or {@link #RELEASED}. */
    private final int[] segments;
    private final Map<String, Integer> foreign = new HashMap<>();
    private final int size;

    private AdoptedIds(List<Entry> entries) {
        size = entries.size();
        List<long[]> parsed = new ArrayList<>(entries.size()); // time, random, segment
        for (Entry e : entries) {
            long[] k = key(e.id().value());
            if (k == null) {
                foreign.put(e.id().value(), e.segment());
            } else {
                parsed.add(new long[] {k[0], k[1], e.segment()});
            }
        }
        parsed.sort(Comparator.comparingLong((long[] k) -> k[0]).thenComparingLong(k -> k[1]));
        keys = new long[parsed.size() * 2];
        segments = new int[parsed.size()];
        for (int i = 0; i < segments.length; i++) {
            long[] k = parsed.get(i);
            keys[2 * i] = k[0];
            keys[2 * i + 1] = k[1];
            segments[i] = (int) k[2];
        }
    }

    static AdoptedIds of(List<Entry> entries) {
        return entries.isEmpty() ? NONE : new AdoptedIds(entries);
    }

    static AdoptedIds none() {
        return NONE;
    }

    /** @return how many messages were adopted (released ones too) */
    int size() {
        return size;
    }

    /** @return the index of the segment that vouches for {@code id}, or -1 if none does */
    int segmentOf(QueueId id) {
        String v = id.value();
        long[] k = key(v);
        if (k == null) {
            return foreign.getOrDefault(v, RELEASED);
        }
        int i = find(k);
        return i < 0 ? RELEASED : segments[i];
    }

    /** @return the index of the segment that vouched for {@code id}, which no longer does; -1 if none did */
    int remove(QueueId id) {
        String v = id.value();
        long[] k = key(v);
        if (k == null) {
            Integer s = foreign.remove(v);
            return s == null ? RELEASED : s;
        }
        int i = find(k);
        if (i < 0) {
            return RELEASED;
        }
        int s = segments[i];
        segments[i] = RELEASED;
        return s;
    }

    private int find(long[] k) {
        int lo = 0;
        int hi = segments.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = keys[2 * mid] != k[0] ? Long.compare(keys[2 * mid], k[0]) : Long.compare(keys[2 * mid + 1], k[1]);
            if (c == 0) {
                return mid;
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /**
     * @return the time and random parts of an id of {@link SpoolFiles#newId} ({@code TTTTTTTT-RRRRRRRR}, upper-case
     *         base 36), or {@code null} for an id of another form
     */
    static long[] key(String id) {
        if (id.length() != 17 || id.charAt(8) != '-') {
            return null;
        }
        long time = FileIndex.Slot.base36(id, 0, 8);
        long random = FileIndex.Slot.base36(id, 9, 17);
        return time < 0 || random < 0 ? null : new long[] {time, random};
    }
}
