package dev.ssmtpmailer.queue;

import static dev.ssmtpmailer.queue.QueueStoreContract.T0;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: times the CLI's settle of a journal left by a killed {@code serve} (every message accepted, none
 * tried), one fsync at a time against several at once, interleaved. Run on a real disk, not tmpfs:
 * {@code mvn -pl core test -Dtest=JournalSettleBench -Dssmtp.settleBench=10000 -Dssmtp.settleDir=/work/tmp/settle}.
 */
@EnabledIfSystemProperty(named = "ssmtp.settleBench", matches = "\\d+")
class JournalSettleBench {
    @Test
    void settle_oneAtATimeAgainstSeveral() throws Exception {
        int n = Integer.getInteger("ssmtp.settleBench");
        int rounds = Integer.getInteger("ssmtp.settleRounds", 3);
        Path base = Path.of(System.getProperty("ssmtp.settleDir"));
        Path source = base.resolve("source");
        if (!Files.isDirectory(source.resolve("journal")) || count(source.resolve("queue")) != n) {
            build(SpoolFiles.create(source), n);
        }
        int[] variants = {1, JournalReplay.SETTLE_THREADS};
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < variants.length; v++) {
                int threads = variants[(v + r) % variants.length]; // the order swapped every round
                Path work = base.resolve("work");
                copy(source, work);
                long t0 = System.nanoTime();
                JournalReplay.settle(SpoolFiles.create(work), threads);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("settle n=%d round=%d threads=%d: %d ms%n", n, r, threads, ms);
            }
        }
    }

    /** The journal and message files of {@code n} accepts of 1,600 bytes (not fsynced: a kill -9 right after). */
    private static void build(SpoolFiles files, int n) throws Exception {
        SpoolJournal journal = SpoolJournal.open(files);
        ExecutorService pool = Executors.newFixedThreadPool(64); // concurrent accepts share the group fsync
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            QueueId id = SpoolFiles.newId(T0.plusMillis(i));
            byte[] bytes = new byte[1600];
            Arrays.fill(bytes, (byte) ('a' + i % 26));
            done.add(pool.submit(() -> {
                Files.write(files.msg(files.queue, id), bytes);
                journal.commit(id, bytes, bytes.length);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        journal.close();
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> s = Files.walk(to)) {
                for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
