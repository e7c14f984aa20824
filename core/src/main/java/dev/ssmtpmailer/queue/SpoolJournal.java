package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

/**
 * Group commit of accepted messages: the file store's journal ({@code spool_dir/journal/*.jnl}). A message of up
 * to {@value #MAX_RECORD} bytes (envelope included) is durable once a copy of its file's bytes is in the journal
 * and the journal is fsynced ({@code fdatasync}); one fsync covers every record appended before it started, so
 * concurrent accepts share it (leader and followers: the first waiter syncs for all, the others find their record
 * covered). The message's own file in {@code queue/} is written but not fsynced: after a power loss, the next
 * owner's {@link #adopt} rewrites from the journal any message file that did not reach the disk.
 *
 * <p>The journal vouches for a message until it is released: when it is removed (delivered) a release record is
 * appended, without an fsync; before its first state write its own file is fsynced ({@link SpoolFiles#writeEnv}),
 * then it is released. A segment is deleted once it and every older one hold no message still vouched for, so a
 * release record is never deleted before the record it releases.
 *
 * <p>The journal outlives its process: {@link #close} fsyncs no message file (a stop after a burst that the
 * upstream could not take would fsync each of them, one by one) but leaves the segments that still vouch for
 * messages, and the next owner adopts them ({@link #adopt}, in the background before the listing of
 * {@code queue/}, see {@link FileRecovery}): each message they vouch for is checked against its record (a missing
 * or different file is written again, not fsynced), and the segments join this journal as its oldest, with their
 * counts, under the rule above; the new segment ({@link #open}) is numbered after them, so a release record in
 * it for a message of an adopted segment is read after that message's record. A kill -9 or
 * a power loss at any point, during or right after an adoption too, leaves segments that the next open adopts in
 * the same way: nothing is deleted before its messages were tried. A message whose file the adoption cannot check
 * or write is left {@link #unresolved}: never claimed or released by this owner, its record counted in its
 * segment, which therefore stays (with every newer one) for the next owner. A process that takes the spool's
 * lock without a journal (the CLI) settles it first ({@link JournalReplay#settle}).
 *
 * <p>A record: magic {@code SJR1}, type ({@code M} message, {@code R} release), id length, id (ASCII), payload
 * length, payload (the message file's bytes; empty for a release), CRC32C of type to payload. A torn or zero tail
 * ends a segment's records: only records before it were fsynced.
 */
final class SpoolJournal {
    /** The largest message file (envelope and data) that a journal record makes durable; larger ones are fsynced. */
    static final int MAX_RECORD = 256 * 1024;
    /** A segment past this size is closed and a new one started (at the next group fsync). */
    static final long SEGMENT_BYTES = 16L * 1024 * 1024;
    static final String SUFFIX = ".jnl";
    static final int MAGIC = 0x534A5231;
    static final byte MESSAGE = 'M';
    static final byte RELEASE = 'R';
    private static final byte[] NO_BYTES = {};

    private final Path dir;
    private final long segmentBytes;
    /** Held by the thread that fsyncs for everyone (the leader); taken before {@code this}. */
    private final Object syncLock = new Object();
    /** Oldest first; the last one is appended to. Guarded by {@code this}. */
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    /** The segment holding each message this journal's commits vouch for. Guarded by {@code this}. */
    private final Map<QueueId, Segment> vouched = new HashMap<>();
    /**
     * The messages that adopted segments vouch for, those segments, and how many messages they still vouch for;
     * dropped once that is none. Guarded by {@code this}.
     */
    private AdoptedIds adopted = AdoptedIds.none();
    private Segment[] adoptedSegments = {};
    private int adoptedLeft;
    /**
     * The adopted messages whose file could not be checked or written: their segments stay (with every newer one)
     * until the next owner adopts them again. Guarded by {@code this}.
     */
    private Set<String> unresolved = Set.of();
    /** The segments the previous owner left, until {@link #adopt}. Guarded by {@code this}. */
    private List<Path> left = List.of();
    private boolean closed;
    private long nextSegment;
    /** Sequence number of the last record appended, and of the last one known durable. Guarded by {@code this}. */
    private long appended;
    private long durable;

    private static final class Segment {
        final Path file;
        /** {@code null} for an adopted segment: nothing is appended to it any more. */
        final FileChannel channel;
        long size;
        int vouched;

        Segment(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }
    }

    private SpoolJournal(Path dir, long segmentBytes, long nextSegment) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.nextSegment = nextSegment;
    }

    /**
     * Opens the spool's journal: a new segment, numbered after those the previous owner left, which
     * {@link #adopt} takes over (before anything reads {@code queue/}).
     */
    static SpoolJournal open(SpoolFiles files) throws IOException {
        return open(files, SEGMENT_BYTES);
    }

    /** @param segmentBytes the size past which a segment is closed and a new one started */
    static SpoolJournal open(SpoolFiles files, long segmentBytes) throws IOException {
        Path dir = files.journal;
        Files.createDirectories(dir);
        List<Path> left = files.files(dir, SUFFIX);
        long next = 1;
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                next = Math.max(next, number(p) + 1);
            }
        }
        SpoolJournal j = new SpoolJournal(dir, segmentBytes, next);
        synchronized (j) {
            j.left = left;
            j.startSegment();
        }
        return j;
    }

    /**
     * Adopts the segments the previous owner left ({@link JournalReplay#adopt}: every message they vouch for checked
     * against its file, none fsynced) as this journal's oldest. Runs once, on the recovery thread, before the
     * listing of {@code queue/}: until it has ended no message is claimed, so none is released or read before its
     * check. Accepts go on meanwhile (their records are in the new segments, which hold no release of an adopted
     * message until then).
     *
     * @param closed whether the store was closed meanwhile: the segments are then left for the next owner
     * @return whether there were segments to adopt (message files may have been written into {@code queue/})
     */
    boolean adopt(SpoolFiles files, BooleanSupplier closed) throws IOException {
        List<Path> toAdopt;
        synchronized (this) {
            toAdopt = left;
            left = List.of();
        }
        if (toAdopt.isEmpty()) {
            return false;
        }
        JournalReplay.Adopted old = JournalReplay.adopt(files, toAdopt, closed);
        synchronized (this) {
            if (old == null || closed()) {
                return true;
            }
            adoptedSegments = new Segment[toAdopt.size()];
            for (int i = adoptedSegments.length - 1; i >= 0; i--) {
                Segment s = new Segment(toAdopt.get(i), null);
                s.vouched = old.vouched()[i];
                adoptedSegments[i] = s;
                if (Files.size(s.file) == 0) {
                    Files.delete(s.file); // holds nothing (a crash right after an open): it need not wait for older ones
                } else {
                    segments.addFirst(s);
                }
            }
            adopted = old.ids();
            unresolved = Set.copyOf(old.unresolved()); // counted in their segments, which stay: never released here
            adoptedLeft = adopted.size(); // each release of one counts down: the last one drops the ids
            if (adoptedLeft == 0) {
                dropAdopted();
            }
            deleteReleased();
        }
        return true;
    }

    /**
     * @return the ids of the messages the adoption could not check or restore ({@link JournalReplay#adopt}): not
     *         to be listed, claimed or released by this owner
     */
    synchronized Set<String> unresolved() {
        return unresolved;
    }

    private static long number(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return name.endsWith(SUFFIX) ? Long.parseLong(name.substring(0, name.length() - SUFFIX.length()), 16) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Appends the bytes of a message's file and returns once an fsync of the journal covers them: from then on the
     * journal vouches for the message.
     */
    void commit(QueueId id, byte[] bytes, int length) throws IOException {
        long seq;
        synchronized (this) {
            requireOpen();
            Segment s = segments.getLast();
            append(s, MESSAGE, id, bytes, length);
            s.vouched++;
            vouched.put(id, s);
            seq = ++appended;
        }
        awaitDurable(seq);
    }

    private void awaitDurable(long seq) throws IOException {
        synchronized (syncLock) {
            long covered;
            Segment current;
            synchronized (this) {
                if (durable >= seq) {
                    return; // an fsync that started after our append has completed meanwhile
                }
                requireOpen();
                covered = appended;
                current = segments.getLast(); // records after the last rotation are all here: rotations hold syncLock
            }
            current.channel.force(false);
            synchronized (this) {
                durable = Math.max(durable, covered);
                if (current.size >= segmentBytes && current == segments.peekLast()) {
                    current.channel.force(false); // records appended during our fsync
                    durable = appended;
                    startSegment();
                    deleteReleased();
                }
            }
        }
    }

    /**
     * @return whether the journal vouches for the message (its own file may not be on disk yet); still answered
     *         after {@link #close}, whose segments go on vouching until the next owner adopts them
     */
    synchronized boolean vouchesFor(QueueId id) {
        return vouched.containsKey(id) || adopted.segmentOf(id) >= 0;
    }

    /**
     * The journal no longer vouches for the message: it was removed, or its own file was made durable. Appends a
     * release record without an fsync (the next group fsync or the kernel's write-back takes it to disk) and
     * deletes the segments that vouch for nothing any more.
     */
    void release(QueueId id) throws IOException {
        synchronized (this) {
            if (closed()) {
                return; // its record stays: the next owner checks the message against it (a state file settles it)
            }
            Segment s = vouched.remove(id);
            if (s == null) {
                int adoptedIn = adopted.remove(id);
                if (adoptedIn < 0) {
                    return;
                }
                s = adoptedSegments[adoptedIn];
                if (--adoptedLeft == 0) {
                    dropAdopted(); // every adopted message tried: their ids need no heap any more
                }
            }
            append(segments.getLast(), RELEASE, id, NO_BYTES, 0);
            s.vouched--;
            deleteReleased();
        }
    }

    /** Call holding {@code this}. */
    private void dropAdopted() {
        adopted = AdoptedIds.none();
        adoptedSegments = new Segment[0];
    }

    /** Call holding {@code this}. */
    private void append(Segment s, byte type, QueueId id, byte[] payload, int length) throws IOException {
        byte[] idBytes = id.value().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer head = ByteBuffer.allocate(4 + 1 + 1 + idBytes.length + 4);
        head.putInt(MAGIC).put(type).put((byte) idBytes.length).put(idBytes).putInt(length).flip();
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 4, head.limit() - 4);
        crc.update(payload, 0, length);
        ByteBuffer[] record = {head, ByteBuffer.wrap(payload, 0, length), ByteBuffer.allocate(4).putInt(0, (int) crc.getValue())};
        while (record[2].hasRemaining()) {
            s.size += s.channel.write(record);
        }
    }

    /** Call holding {@code this}. */
    private void startSegment() throws IOException {
        Path file = dir.resolve(String.format("%016x%s", nextSegment++, SUFFIX));
        segments.addLast(new Segment(file, SpoolFiles.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)));
        SpoolFiles.fsyncDir(dir); // the segment's name must survive a power loss before a record in it counts
    }

    /** Deletes segments from the oldest while they vouch for nothing (never the current one). Call holding {@code this}. */
    private void deleteReleased() throws IOException {
        while (segments.size() > 1 && segments.getFirst().vouched == 0) {
            Segment s = segments.removeFirst();
            if (s.channel != null) {
                s.channel.close();
            }
            Files.deleteIfExists(s.file); // no fsync: a segment back after a crash only repeats releases
        }
    }

    private boolean closed() {
        return closed;
    }

    private void requireOpen() throws IOException {
        if (closed()) {
            throw new IOException("the spool journal is closed");
        }
    }

    /**
     * Closes the journal: its current segment is fsynced (the records appended since the last group fsync), so
     * accepts still waiting for a group fsync succeed (their records are durable and go on vouching for them); only
     * the oldest segments are deleted, and only while each vouches for nothing; the others stay for the next owner
     * to adopt ({@link #adopt}), but for the current one if it holds no record: no message file is fsynced here, so
     * a stop with many messages accepted and not yet tried is as quick as one with none. A spool closed with no
     * message vouched for leaves no journal. Accepts that had not appended their record yet fail.
     */
    void close() throws IOException {
        synchronized (syncLock) {
            synchronized (this) {
                if (closed()) {
                    return;
                }
                closed = true;
                try {
                    segments.getLast().channel.force(false);
                    durable = appended; // accepts waiting for a group fsync are covered: they succeed, and stay vouched for
                } finally {
                    for (Segment s : segments) {
                        if (s.channel != null) {
                            s.channel.close();
                        }
                    }
                }
                boolean deleted = false;
                while (!segments.isEmpty() && segments.getFirst().vouched == 0) {
                    Files.deleteIfExists(segments.removeFirst().file);
                    deleted = true;
                }
                if (!segments.isEmpty() && segments.getLast().size == 0) {
                    Files.deleteIfExists(segments.getLast().file); // no record: restarts do not pile up empty segments
                    deleted = true;
                }
                segments.clear();
                if (deleted) {
                    SpoolFiles.fsyncDir(dir);
                }
            }
        }
    }
}
