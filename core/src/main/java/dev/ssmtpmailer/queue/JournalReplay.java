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
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *     made durable on its own (fsynced, or written again and fsynced) and the journal is deleted, so that their
 *     changes (a state file, a removal) need no journal.</li>
 * </ul>
 *
 * In both a message with a state file or in {@code dead/} was settled before: its own file was fsynced before
 * its first state write, so it is left alone and the journal no longer vouches for it.
 */
final class JournalReplay {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);

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
     * @param rewritten how many message files were missing or different and were written again from the journal
     */
    record Adopted(List<Path> segments, int[] vouched, AdoptedIds ids, int rewritten) {
    }

    /**
     * Checks every message the journal vouches for against its file, rewrites a missing or different one (through
     * {@code incoming/}, not fsynced: its record, fsynced, still vouches for it), and fsyncs each segment once (the
     * records a kill -9 left unsynced are relied on from now on).
     *
     * @param segments the segments the previous owner left, oldest first
     * @param closed whether the store was closed meanwhile
     * @return what the segments vouch for, or {@code null} if the store was closed before the check ended
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
        int rewritten = 0;
        if (!open.isEmpty()) {
            Set<String> settled = settledNames(files);
            try (Records records = new Records(segments)) {
                for (Map.Entry<QueueId, Open> e : open.entrySet()) {
                    QueueId id = e.getKey();
                    if (settled.contains(id.value())) {
                        continue;
                    }
                    if (closed.getAsBoolean()) {
                        return null; // the segments stay for the next owner, which checks them all again
                    }
                    byte[] bytes = records.bytes(e.getValue());
                    Path file = files.msg(files.queue, id);
                    if (!sameBytes(file, bytes)) {
                        Path tmp = files.msg(files.incoming, id);
                        try (FileChannel ch = SpoolFiles.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                StandardOpenOption.TRUNCATE_EXISTING)) {
                            SpoolFiles.writeFully(ch, bytes);
                        }
                        SpoolFiles.move(tmp, file);
                        rewritten++;
                    }
                    counts[e.getValue().segment()]++;
                    entries.add(new AdoptedIds.Entry(id, e.getValue().segment()));
                }
            }
        }
        for (Path segment : segments) {
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
        }
        warnRewritten(files, rewritten);
        return new Adopted(segments, counts, AdoptedIds.of(entries), rewritten);
    }

    /**
     * Makes every message the journal still vouches for durable in its own file, then deletes the journal: a
     * message file that is missing or differs from its record is rewritten (written to incoming/, fsynced, renamed
     * into queue/), one that matches is fsynced.
     *
     * @return how many message files were rewritten
     */
    static int settle(SpoolFiles files) throws IOException {
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
        if (!open.isEmpty()) {
            Set<String> settled = settledNames(files);
            try (Records records = new Records(segments)) {
                for (Map.Entry<QueueId, Open> e : open.entrySet()) {
                    if (!settled.contains(e.getKey().value())) {
                        rewritten += settle(files, e.getKey(), records.bytes(e.getValue())) ? 1 : 0;
                    }
                }
            }
            SpoolFiles.fsyncDir(files.queue);
        }
        for (Path segment : segments) {
            Files.deleteIfExists(segment);
        }
        SpoolFiles.fsyncDir(dir);
        warnRewritten(files, rewritten);
        return rewritten;
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
        Path tmp = files.msg(files.incoming, id);
        SpoolFiles.writeSynced(tmp, bytes);
        SpoolFiles.move(tmp, file);
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
