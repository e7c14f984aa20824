package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.stream.Stream;

/**
 * Message files kept for reuse ({@code spool_dir/spare/}): a delivered message's file is renamed here instead of
 * deleted, and the next accept renames it back and overwrites it, so that a busy spool neither allocates nor frees
 * an inode per message. Measured on the relay's ext4 under 10 sessions: creating each file took 45 % of the
 * relay's CPU, in the allocator's search past the thousands of inodes freed in the last seconds
 * ({@code recently_deleted}). A spare holds nothing: recovery leaves the directory alone, and a crash at any
 * point costs at most a spare file.
 */
final class SpareFiles {
    /** At most this many spares are kept. */
    static final int MAX_SPARES = 256;
    /** A file larger than this is deleted rather than kept, so that spares hold little disk space. */
    static final long MAX_SPARE_BYTES = 64 * 1024;

    /** The length of a spare a previous owner left: not known, so the next accept cuts it to what it writes. */
    static final long UNKNOWN_LENGTH = Long.MAX_VALUE;

    private final Path dir;
    /** Guarded by {@code this}. */
    private final ArrayDeque<Spare> free = new ArrayDeque<>();
    private long next;

    /** A spare file and its length in bytes ({@link #UNKNOWN_LENGTH} if not known). */
    private record Spare(Path file, long length) {
    }

    private SpareFiles(Path dir) {
        this.dir = dir;
    }

    /** Opens the spare directory (created if missing) with the spares a previous owner left. */
    static SpareFiles open(Path dir) throws IOException {
        Files.createDirectories(dir);
        SpareFiles s = new SpareFiles(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                s.next = Math.max(s.next, number(p) + 1);
                if (s.free.size() < MAX_SPARES) {
                    s.free.add(new Spare(p, UNKNOWN_LENGTH));
                } else {
                    Files.deleteIfExists(p);
                }
            }
        }
        return s;
    }

    private static long number(Path spare) {
        try {
            return Long.parseLong(spare.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Renames a spare to {@code target} (which must not exist).
     *
     * @return the length of the file now at {@code target} ({@link #UNKNOWN_LENGTH} if not known), or -1 if there
     *         was no spare; the caller overwrites it and cuts it to what it wrote when it is longer than that
     */
    long takeAs(Path target) throws IOException {
        while (true) {
            Spare spare;
            synchronized (this) {
                spare = free.poll();
            }
            if (spare == null) {
                return -1;
            }
            try {
                SpoolFiles.move(spare.file(), target);
                return spare.length();
            } catch (NoSuchFileException e) {
                // removed from outside meanwhile: try the next
            }
        }
    }

    /**
     * Keeps {@code file} (a removed message's) as a spare, or deletes it when the pool is full or it is large.
     *
     * @param length the file's length in bytes if the caller knows it, else -1 (it is asked)
     */
    void give(Path file, long length) throws IOException {
        Path spare = null;
        synchronized (this) {
            if (free.size() < MAX_SPARES) {
                spare = dir.resolve(Long.toString(next++));
            }
        }
        long known;
        try {
            known = length >= 0 ? length : Files.size(file);
            if (spare == null || known > MAX_SPARE_BYTES) {
                Files.deleteIfExists(file);
                return;
            }
            SpoolFiles.move(file, spare);
        } catch (NoSuchFileException e) {
            return; // already gone
        }
        synchronized (this) {
            free.add(new Spare(spare, known));
        }
    }
}
