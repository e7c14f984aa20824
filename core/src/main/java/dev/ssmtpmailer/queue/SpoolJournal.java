package dev.ssmtpmailer.queue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of accepted messages: the file store's journal ({@code spool_dir/journal/*.jnl}). A message of up
 * to {@value #MAX_RECORD} bytes (envelope included) is durable once a copy of its file's bytes is in the journal
 * and the journal is fsynced ({@code fdatasync}); one fsync covers every record appended before it started, so
 * concurrent accepts share it (leader and followers: the first waiter syncs for all, the others find their record
 * covered). The message's own file in {@code queue/} is written but not fsynced: after a power loss, recovery
 * ({@link #replay}) rewrites from the journal any message file that did not reach the disk.
 *
 * <p>The journal vouches for a message until it is released: when it is removed (delivered) a release record is
 * appended, without an fsync; before its first state write its own file is fsynced ({@link SpoolFiles#writeEnv}),
 * then it is released. A segment is deleted once it and every older one hold no message still vouched for, so a
 * release record is never deleted before the record it releases.
 *
 * <p>A record: magic {@code SJR1}, type ({@code M} message, {@code R} release), id length, id (ASCII), payload
 * length, payload (the message file's bytes; empty for a release), CRC32C of type to payload. A torn or zero tail
 * ends a segment's records: only records before it were fsynced.
 */
final class SpoolJournal {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);
    /** The largest message file (envelope and data) that a journal record makes durable; larger ones are fsynced. */
    static final int MAX_RECORD = 256 * 1024;
    /** A segment past this size is closed and a new one started (at the next group fsync). */
    static final long SEGMENT_BYTES = 16L * 1024 * 1024;
    static final String SUFFIX = ".jnl";
    private static final int MAGIC = 0x534A5231;
    private static final byte MESSAGE = 'M';
    private static final byte RELEASE = 'R';
    private static final byte[] NO_BYTES = {};

    private final Path dir;
    private final long segmentBytes;
    /** Held by the thread that fsyncs for everyone (the leader); taken before {@code this}. */
    private final Object syncLock = new Object();
    /** Oldest first; the last one is appended to. Guarded by {@code this}. */
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    /** The segment holding each message the journal vouches for. Guarded by {@code this}. */
    private final Map<QueueId, Segment> vouched = new HashMap<>();
    private long nextSegment;
    /** Sequence number of the last record appended, and of the last one known durable. Guarded by {@code this}. */
    private long appended;
    private long durable;

    private static final class Segment {
        final Path file;
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

    /** Opens a new, empty journal in {@code dir} (created if missing), after {@link #replay}; see {@link #close}. */
    static SpoolJournal open(Path dir) throws IOException {
        return open(dir, SEGMENT_BYTES);
    }

    /** @param segmentBytes the size past which a segment is closed and a new one started */
    static SpoolJournal open(Path dir, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        long next = 1;
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                next = Math.max(next, number(p) + 1);
            }
        }
        SpoolJournal j = new SpoolJournal(dir, segmentBytes, next);
        synchronized (j) {
            j.startSegment();
        }
        return j;
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

    /** @return whether the journal vouches for the message (its own file may not be on disk yet) */
    synchronized boolean vouchesFor(QueueId id) {
        return vouched.containsKey(id);
    }

    /**
     * The journal no longer vouches for the message: it was removed, or its own file was made durable. Appends a
     * release record without an fsync (the next group fsync or the kernel's write-back takes it to disk) and
     * deletes the segments that vouch for nothing any more.
     */
    void release(QueueId id) throws IOException {
        synchronized (this) {
            Segment s = vouched.remove(id);
            if (s == null || closed()) {
                return;
            }
            append(segments.getLast(), RELEASE, id, NO_BYTES, 0);
            s.vouched--;
            deleteReleased();
        }
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
            s.channel.close();
            Files.deleteIfExists(s.file); // no fsync: a segment back after a crash only repeats releases
        }
    }

    private boolean closed() {
        return segments.isEmpty();
    }

    private void requireOpen() throws IOException {
        if (closed()) {
            throw new IOException("the spool journal is closed");
        }
    }

    /**
     * Closes the journal after making every message it vouches for durable in its own file (fsynced, and queue/
     * fsynced once), then deletes its segments: a spool closed cleanly leaves no journal to replay. Accepts that
     * are still waiting fail.
     */
    void close(SpoolFiles files) throws IOException {
        synchronized (syncLock) {
            synchronized (this) {
                if (closed()) {
                    return;
                }
                try {
                    for (QueueId id : vouched.keySet()) {
                        forceIfExists(files.msg(files.queue, id));
                    }
                    SpoolFiles.fsyncDir(files.queue);
                } finally {
                    for (Segment s : segments) {
                        s.channel.close();
                    }
                }
                for (Segment s : segments) {
                    Files.deleteIfExists(s.file);
                }
                segments.clear();
                vouched.clear();
                SpoolFiles.fsyncDir(dir);
            }
        }
    }

    private static void forceIfExists(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            // removed meanwhile (delivered)
        }
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Makes every message the journal still vouches for durable in its own file, then deletes the journal: a
     * message file that is missing or differs from its record is rewritten (written to incoming/, fsynced, renamed
     * into queue/), one that matches is fsynced. A message with a state file or in dead/ was settled before the
     * crash and is left alone. Runs before the rest of recovery, by the owner of the spool.
     *
     * @return how many message files were rewritten
     */
    static int replay(SpoolFiles files, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> segments = files.files(dir, SUFFIX);
        Map<QueueId, byte[]> open = new LinkedHashMap<>();
        for (Path segment : segments) {
            read(segment, open);
        }
        int rewritten = 0;
        for (Map.Entry<QueueId, byte[]> e : open.entrySet()) {
            rewritten += settle(files, e.getKey(), e.getValue()) ? 1 : 0;
        }
        if (!open.isEmpty()) {
            SpoolFiles.fsyncDir(files.queue);
        }
        for (Path segment : segments) {
            Files.deleteIfExists(segment);
        }
        SpoolFiles.fsyncDir(dir);
        if (rewritten > 0) {
            log.warn("spool {}: {} accepted message(s) had not reached the disk and were restored from the journal",
                    files.root, rewritten);
        }
        return rewritten;
    }

    /** Reads a segment's records up to its end or a torn record: messages into {@code open}, releases out of it. */
    private static void read(Path segment, Map<QueueId, byte[]> open) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(segment), 64 * 1024))) {
            while (true) {
                if (in.readInt() != MAGIC) {
                    return;
                }
                byte type = in.readByte();
                byte[] idBytes = in.readNBytes(in.readUnsignedByte());
                int length = in.readInt();
                if (length < 0 || length > MAX_RECORD || (type != MESSAGE && type != RELEASE)) {
                    return;
                }
                byte[] payload = in.readNBytes(length);
                int stored = in.readInt();
                CRC32C crc = new CRC32C();
                crc.update(type);
                crc.update(idBytes.length);
                crc.update(idBytes);
                crc.update(ByteBuffer.allocate(4).putInt(0, length));
                crc.update(payload);
                if (payload.length != length || stored != (int) crc.getValue()) {
                    return;
                }
                QueueId id = new QueueId(new String(idBytes, StandardCharsets.US_ASCII));
                if (type == MESSAGE) {
                    open.put(id, payload);
                } else {
                    open.remove(id);
                }
            }
        } catch (EOFException | IllegalArgumentException e) {
            // the torn tail of a segment (or a damaged id): the records before it are the fsynced ones
        }
    }

    /** @return whether the message's file had to be rewritten from the journal */
    private static boolean settle(SpoolFiles files, QueueId id, byte[] bytes) throws IOException {
        if (Files.exists(files.env(files.queue, id)) || Files.exists(files.msg(files.dead, id))
                || Files.exists(files.env(files.dead, id))) {
            return false; // settled before the crash: its own files are durable
        }
        Path file = files.msg(files.queue, id);
        if (Files.exists(file) && sameBytes(file, bytes)) {
            forceIfExists(file);
            return false;
        }
        Path tmp = files.msg(files.incoming, id);
        SpoolFiles.writeSynced(tmp, bytes);
        SpoolFiles.move(tmp, file);
        return true;
    }

    private static boolean sameBytes(Path file, byte[] bytes) throws IOException {
        if (Files.size(file) != bytes.length) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(bytes.length + 1), bytes);
        }
    }
}
