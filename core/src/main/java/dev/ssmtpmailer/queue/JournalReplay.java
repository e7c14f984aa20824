package dev.ssmtpmailer.queue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link SpoolJournal} left by the previous process vouches for, and the two ways of taking it over:
 *
 * <ul>
 * <li>{@link #adopt}, by the owner that opens the spool (on its recovery thread, before the listing of
 *     {@code queue/} and before any claim): every message
 *     the journal still vouches for is checked against its record, a missing or different file is written again
 *     (not fsynced: the record stays), and the segments are kept, so that the new journal goes on vouching for those
 *     messages until they are tried. No fsync per message: a restart on 100,000 journaled messages reads them.</li>
 * <li>{@link #settle}, by a process that holds the spool's lock without a journal of its own (the CLI's
 *     {@code queue} commands and {@code queue import} while no {@code serve} runs): every vouched message file is
 *     made durable on its own (fsynced, or written again and fsynced; {@value #SETTLE_THREADS} at a time, which
 *     ext4 commits together: 10,000 in about 3 s instead of 50, 3 rounds at load 13-16, {@code mvn -pl core test
 *     -Dtest=JournalSettleBench -Dssmtp.settleBench=10000 -Dssmtp.settleDir=DIR}) and, once every one is, the
 *     journal is deleted,
 *     so that their changes (a state file, a removal) need no journal.</li>
 * </ul>
 *
 * In both a message with a state file or in {@code dead/} was settled before: its own file was fsynced before
 * its first state write, so it is left alone and the journal no longer vouches for it. In both one message whose
 * record or file cannot be read, checked or written (an I/O error, no space, a directory at its name; in the
 * settle, anything its fsync task throws) fails alone: an ERROR names
 * it (the first {@value Unresolved#LOGGED}, then a summary), the others go on, and its record stays: the segments
 * from its own on are kept (newer ones hold release records of its older messages), so the next adoption or
 * settle tries it again. The adoption leaves it out of this owner's index ({@link SpoolJournal#unresolved}); the
 * settle throws, naming it.
 */
final class JournalReplay {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);
    /** The settle's fsyncs at once (see {@link FsyncPool}). */
    static final int SETTLE_THREADS = 16;
    /** Test seam: run before a record's bytes are read, and before the settle makes a message file durable. */
    static volatile Fault fault = (id, record) -> { };

    /** A failure forced by a test. */
    @FunctionalInterface
    interface Fault {
        /** @param record {@code true} before the record's bytes are read, {@code false} before the settle's fsync */
        void before(QueueId id, boolean record) throws IOException;
    }

    private JournalReplay() {
    }

    /**
     * A message record that no release record follows: the index of its segment and where in it the file's bytes
     * are (read again when needed: at 100,000 messages the bytes would be 160 MB of heap).
     */
    private record Open(int segment, long offset, int length) {
    }

    /** The segments open for reading the bytes of their records. */
    private static final class Records implements AutoCloseable {
        private final FileChannel[] channels;

        Records(List<Path> segments) throws IOException {
            channels = new FileChannel[segments.size()];
            try {
                for (int i = 0; i < channels.length; i++) {
                    channels[i] = FileChannel.open(segments.get(i), StandardOpenOption.READ);
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        byte[] bytes(Open record) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(record.length());
            FileChannel ch = channels[record.segment()];
            while (buf.hasRemaining()) {
                if (ch.read(buf, record.offset() + buf.position()) < 0) {
                    throw new EOFException("journal segment shorter than when it was read");
                }
            }
            return buf.array();
        }

        @Override
        public void close() throws IOException {
            for (FileChannel ch : channels) {
                if (ch != null) {
                    ch.close();
                }
            }
        }
    }

    /**
     * The segments the owner adopts, oldest first, how many messages each still vouches for, and which.
     *
     * @param vouched per segment, the messages it vouches for: the adopted ones and the unresolved ones
     * @param ids the adopted messages (checked, or written again), which their release lets go of
     * @param unresolved the messages whose file could not be checked or written: never claimed or released in this
     *        run, so their records (and segments) stay for the next start
     * @param rewritten how many message files were missing or different and were written again from the journal
     */
    record Adopted(List<Path> segments, int[] vouched, AdoptedIds ids, Set<String> unresolved, int rewritten) {
    }

    /**
     * Checks every message the journal vouches for against its file, rewrites a missing or different one (through
     * {@code incoming/}, not fsynced: its record, fsynced, still vouches for it), and fsyncs each segment once (the
     * records a kill -9 left unsynced are relied on from now on). A message whose file cannot be checked or written
     * (an I/O error, no space, a directory at its name) is left unresolved: an ERROR names it, its record is
     * counted in its segment so that the segment (and every newer one) stays, and the rest is adopted as usual.
     *
     * @param segments the segments the previous owner left, oldest first
     * @param closed whether the store was closed meanwhile
     * @return what the segments vouch for, or {@code null} if the store was closed before the check ended
     * @throws IOException if the segments or the listings of {@code queue/} and {@code dead/} cannot be read
     */
    static Adopted adopt(SpoolFiles files, List<Path> segments, BooleanSupplier closed) throws IOException {
        Map<QueueId, Open> open = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            if (closed.getAsBoolean()) {
                return null; // a stop need not wait for the other segments
            }
            read(segments.get(i), i, open);
        }
        int[] counts = new int[segments.size()];
        List<AdoptedIds.Entry> entries = new ArrayList<>(open.size());
        int[] rewritten = {0};
        Unresolved unresolved = new Unresolved(files, "checked or restored",
                "it is not delivered in this run, and its journal segment stays for the next start");
        boolean ended = forEachUnsettled(files, segments, open, closed, unresolved, (id, segment, record) -> {
            counts[segment]++; // before anything can fail (its record's read too): an unresolved one's segment stays
            byte[] bytes = record.read();
            Path file = files.msg(files.queue, id);
            if (!sameBytes(file, bytes)) {
                rewrite(files, id, bytes, false);
                rewritten[0]++;
            }
            entries.add(new AdoptedIds.Entry(id, segment));
        });
        if (!ended) {
            return null; // the segments stay for the next owner, which checks them all again
        }
        for (Path segment : segments) {
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
        }
        warnRewritten(files, rewritten[0]);
        unresolved.summary();
        return new Adopted(segments, counts, AdoptedIds.of(entries), unresolved.ids(), rewritten[0]);
    }

    /**
     * Makes every message the journal still vouches for durable in its own file, then deletes the journal: a
     * message file that is missing or differs from its record is rewritten (written to incoming/, fsynced, renamed
     * into queue/), one that matches is fsynced. A message whose file cannot be made durable is named in an ERROR
     * and the others are settled; then only the segments older than its own are deleted (those still vouching for
     * it stay, with every newer one, whose release records may be of its older messages) and this throws.
     *
     * @return how many message files were rewritten
     * @throws IOException if the journal cannot be read, or naming the messages that could not be settled
     */
    static int settle(SpoolFiles files) throws IOException {
        return settle(files, SETTLE_THREADS);
    }

    /** @param threads how many message files are made durable at once (1: one after the other, on this thread) */
    static int settle(SpoolFiles files, int threads) throws IOException {
        Path dir = files.journal;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> segments = files.files(dir, SpoolJournal.SUFFIX);
        if (segments.isEmpty()) {
            return 0;
        }
        Map<QueueId, Open> open = read(segments);
        int rewritten = 0;
        Unresolved unresolved = new Unresolved(files, "made durable in its own file", "the journal stays");
        List<Pending> pending = new ArrayList<>();
        try (FsyncPool fsyncs = new FsyncPool("ssmtp-mailer-settle-fsync", threads, 4 * threads)) {
            forEachUnsettled(files, segments, open, () -> false, unresolved, (id, segment, record) -> {
                byte[] bytes = record.read(); // here: at most 4 * threads messages' bytes wait in the heap
                pending.add(new Pending(id, segment, fsyncs.submit(() -> {
                    fault.before(id, false);
                    return settle(files, id, bytes);
                })));
            });
            for (Pending p : pending) { // whatever a task threw (an Error too) leaves its message unresolved
                try {
                    rewritten += FsyncPool.await(p.rewritten()) ? 1 : 0;
                } catch (IOException e) {
                    unresolved.add(p.id(), p.segment(), e);
                }
            }
        } // every message file is durable (or unresolved) before a segment goes
        if (!open.isEmpty()) {
            SpoolFiles.fsyncDir(files.queue);
        }
        for (Path segment : segments.subList(0, Math.min(unresolved.oldestSegment, segments.size()))) {
            Files.deleteIfExists(segment);
        }
        SpoolFiles.fsyncDir(dir);
        warnRewritten(files, rewritten);
        unresolved.summary();
        if (!unresolved.ids().isEmpty()) {
            throw new IOException(unresolved.ids().size() + " message(s) the journal vouches for could not be made durable"
                    + " in their own files, so the journal stays (see the ERROR lines): " + unresolved.named());
        }
        return rewritten;
    }

    /** A message file the settle makes durable, and whether it was rewritten (once its task has ended). */
    private record Pending(QueueId id, int segment, Future<Boolean> rewritten) {
    }

    /** What is done with one vouched message, given the reader of its record's bytes. */
    @FunctionalInterface
    private interface Step {
        void apply(QueueId id, int segment, Bytes record) throws IOException;
    }

    /** A record's bytes, read when the step asks (a failure there is the step's failure). */
    @FunctionalInterface
    private interface Bytes {
        byte[] read() throws IOException;
    }

    /**
     * Applies {@code step} to each message the segments vouch for that was not settled before (one with a state
     * file or in {@code dead/}), in the order of their records; a message whose record or file fails goes to
     * {@code unresolved} and the others go on.
     *
     * @return {@code false} if {@code stop} said so before the end
     */
    private static boolean forEachUnsettled(SpoolFiles files, List<Path> segments, Map<QueueId, Open> open,
            BooleanSupplier stop, Unresolved unresolved, Step step) throws IOException {
        if (open.isEmpty()) {
            return true;
        }
        Set<String> settled = settledNames(files);
        try (Records records = new Records(segments)) {
            for (Map.Entry<QueueId, Open> e : open.entrySet()) {
                QueueId id = e.getKey();
                if (settled.contains(id.value())) {
                    continue;
                }
                if (stop.getAsBoolean()) {
                    return false;
                }
                Open at = e.getValue();
                try {
                    step.apply(id, at.segment(), () -> {
                        fault.before(id, true);
                        return records.bytes(at);
                    });
                } catch (IOException ex) {
                    unresolved.add(id, at.segment(), ex);
                }
            }
        }
        return true;
    }

    /**
     * The vouched messages whose file could not be checked or written. The first {@value #LOGGED} are each named
     * in an ERROR (id, file, reason; never content), then one summary counts them all: a full disk fails every one.
     */
    private static final class Unresolved {
        private static final int LOGGED = 10;
        private final SpoolFiles files;
        private final String what;
        private final String consequence;
        private final Set<String> ids = new LinkedHashSet<>();
        /** Read once every task has ended. */
        int oldestSegment = Integer.MAX_VALUE;

        Unresolved(SpoolFiles files, String what, String consequence) {
            this.files = files;
            this.what = what;
            this.consequence = consequence;
        }

        synchronized void add(QueueId id, int segment, IOException e) {
            ids.add(id.value());
            oldestSegment = Math.min(oldestSegment, segment);
            if (ids.size() <= LOGGED) {
                log.error("spool {}: message {} that the journal vouches for could not be {} ({}: {}); {}", files.root,
                        id, what, files.msg(files.queue, id), e.toString(), consequence);
            }
            try {
                Files.deleteIfExists(files.msg(files.incoming, id)); // a partial rewrite (no space): written again later
            } catch (IOException ignored) {
                // the next open empties incoming/
            }
        }

        synchronized void summary() {
            if (!ids.isEmpty()) {
                log.error("spool {}: {} message(s) that the journal vouches for could not be {}; {}. Fix the cause"
                        + " (the ERROR lines name the first {}) and start again: {}", files.root, ids.size(), what,
                        consequence, Math.min(LOGGED, ids.size()), named());
            }
        }

        /** @return the first ids, and how many more */
        synchronized String named() {
            List<String> first = ids.stream().limit(LOGGED).toList();
            return String.join(", ", first) + (ids.size() > LOGGED ? " and " + (ids.size() - LOGGED) + " more" : "");
        }

        synchronized Set<String> ids() {
            return Set.copyOf(ids);
        }
    }

    /** Writes a message file again from its record, through incoming/; fsynced if {@code durable}. */
    private static void rewrite(SpoolFiles files, QueueId id, byte[] bytes, boolean durable) throws IOException {
        Path tmp = files.msg(files.incoming, id);
        if (durable) {
            SpoolFiles.writeSynced(tmp, bytes);
        } else {
            try (FileChannel ch = SpoolFiles.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                SpoolFiles.writeFully(ch, bytes);
            }
        }
        SpoolFiles.move(tmp, files.msg(files.queue, id));
    }

    private static void warnRewritten(SpoolFiles files, int rewritten) {
        if (rewritten > 0) {
            log.warn("spool {}: {} accepted message(s) had not reached the disk and were restored from the journal",
                    files.root, rewritten);
        }
    }

    /**
     * @return the ids of messages settled before: with a state file in queue/, or in dead/ (one listing of each
     *         directory instead of a look-up per message)
     */
    private static Set<String> settledNames(SpoolFiles files) throws IOException {
        Set<String> settled = new HashSet<>();
        for (String name : SpoolFiles.names(files.queue)) {
            if (name.endsWith(SpoolFiles.ENV)) {
                settled.add(name.substring(0, name.length() - SpoolFiles.ENV.length()));
            }
        }
        for (String name : SpoolFiles.names(files.dead)) {
            int dot = name.indexOf('.');
            if (name.endsWith(SpoolFiles.ENV) || name.endsWith(SpoolFiles.MSG)) {
                settled.add(name.substring(0, dot));
            }
        }
        return settled;
    }

    /** @return the messages whose record no release follows, in the order of their records */
    private static Map<QueueId, Open> read(List<Path> segments) throws IOException {
        Map<QueueId, Open> open = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            read(segments.get(i), i, open);
        }
        return open;
    }

    /** Reads a segment's records up to its end or a torn record: messages into {@code open}, releases out of it. */
    private static void read(Path segment, int index, Map<QueueId, Open> open) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(segment), 64 * 1024))) {
            long position = 0; // of the record's start
            while (true) {
                if (in.readInt() != SpoolJournal.MAGIC) {
                    return;
                }
                byte type = in.readByte();
                byte[] idBytes = in.readNBytes(in.readUnsignedByte());
                int length = in.readInt();
                if (length < 0 || length > SpoolJournal.MAX_RECORD || (type != SpoolJournal.MESSAGE && type != SpoolJournal.RELEASE)) {
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
                long payloadAt = position + 4 + 1 + 1 + idBytes.length + 4;
                if (type == SpoolJournal.MESSAGE) {
                    open.put(id, new Open(index, payloadAt, length));
                } else {
                    open.remove(id);
                }
                position = payloadAt + length + 4;
            }
        } catch (EOFException | IllegalArgumentException e) {
            // the torn tail of a segment (or a damaged id): the records before it are the fsynced ones
        }
    }

    /** @return whether the message's file had to be rewritten from the journal */
    private static boolean settle(SpoolFiles files, QueueId id, byte[] bytes) throws IOException {
        Path file = files.msg(files.queue, id);
        if (sameBytes(file, bytes)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            return false;
        }
        rewrite(files, id, bytes, true);
        return true;
    }

    /** @return whether {@code file} holds exactly {@code bytes} (a missing file does not) */
    private static boolean sameBytes(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() != bytes.length) {
                return false;
            }
            ByteBuffer buf = ByteBuffer.allocate(bytes.length);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // reads until full or the end
            }
            return !buf.hasRemaining() && Arrays.equals(buf.array(), bytes);
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
