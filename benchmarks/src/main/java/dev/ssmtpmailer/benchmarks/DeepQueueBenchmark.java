package dev.ssmtpmailer.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Goal 4 of issue 14, "a queue that grows without the process growing with it": a {@code serve} process (the
 * runnable jar) whose upstream hangs (it takes connections and never answers) accepts messages that then wait.
 * At each depth, on a fresh queue, it restarts {@code serve} and reports the time from start to listening, the
 * heap that stays in use after full GCs (the least of four) per waiting message, once the recovery in the background has ended (against
 * {@value #BASE} waiting in the same state), the time
 * of {@code ssmtp-mailer queue list --limit 100} and of a full {@code queue list}; then the upstream returns (an
 * {@code smtp-sink} on its port, {@code serve} restarted against it) and the rate at which the waiting messages are
 * delivered (from the sink's first message to its last) is compared with the rate of the same relay on an empty
 * queue ({@code smtp-source} through {@code serve} to the sink, measured first). Prints, asserts nothing.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.DeepQueueBenchmark [JAR]
 * env: BACKENDS ("file"; "file pg" with PG_URL, PG_USER, PG_PASSWORD of postgres.sh), DEPTHS ("1000 10000 100000"),
 *      SIZE (1024), SESSIONS (10), EMPTY (2000 messages for the empty-queue rate), KEEP,
 *      SERVE_JVM (JVM options of serve, such as @packaging/serve.jvm-options; not of queue list)
 * </pre>
 * Needs root (smtp-sink runs as nobody) and the postfix package ({@code smtp-source}, {@code smtp-sink}); {@code jcmd}
 * from the JDK.
 *
 * <p>With {@code STOPS=N} it measures instead the stop and the restart after a burst while the upstream hangs, for
 * each jar on its command line (several: old and new), interleaved, the order swapped every round, N rounds,
 * file store: per depth a fresh queue takes the burst, {@code serve} gets SIGTERM (timed to its exit; killed after
 * {@code STOP_LIMIT} s, 90 as the installed unit's {@code TimeoutStopSec}), is restarted (timed to listening, with
 * its CPU, then to the end of its recovery thread) and stopped again (timed); then another fresh queue takes the
 * burst, {@code serve} gets SIGKILL, and the same follows. Prints each round and the medians with their ranges.
 * <pre>
 * STOPS=3 DEPTHS=100000 java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.DeepQueueBenchmark OLD.jar NEW.jar
 * </pre>
 */
public final class DeepQueueBenchmark {
    /** A heap's or a generation's line of {@code GC.heap_info} (G1: one heap; Serial, Parallel: young and old). */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    /** The sink has counted nothing new for this long: the waiting messages that could go are delivered. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Full GCs per heap figure: the JDK's {@code MarkSweepAlwaysCompactCount}, so that one of them compacts all. */
    private static final int FULL_GCS = 4;
    /** The depth whose heap is the base of the others'. */
    static final int BASE = 200;

    private DeepQueueBenchmark() {
    }

    /**
     * One depth.
     *
     * @param backend {@code file} or {@code pg}
     * @param waiting messages waiting
     * @param heapBytes heap in use after a full GC of {@code serve} restarted on this queue
     * @param heapBytesPerMessage {@code heapBytes} less that of {@value #BASE} waiting, per further waiting message
     * @param restartMillis from a new {@code serve} process to listening, on this queue
     * @param restartCpuMillis the CPU time that process had used when it listened (all its threads; on a loaded
     *        machine the wall time is mostly waiting for a core)
     * @param limitedListMillis {@code queue list --limit 100} from start to exit
     * @param listMillis {@code queue list} from start to exit
     * @param listed lines {@code queue list} printed
     * @param delivered waiting messages delivered once the upstream returned (less those whose attempt the hanging
     *        upstream had failed: they wait for their backoff)
     * @param drainRate delivered msgs/s from the upstream's return to the last of them
     * @param emptyRate delivered msgs/s of the same relay on an empty queue, from smtp-source's first message
     * @param emptyStartMillis from a new {@code serve} process to listening, on an empty queue
     */
    record Depth(String backend, int waiting, long heapBytes, double heapBytesPerMessage, long restartMillis,
                 long restartCpuMillis, long limitedListMillis,
                 long listMillis, long listed, long delivered, double drainRate, double emptyRate, long emptyStartMillis) {
    }

    /**
     * @param args optional: the runnable jar
     * @throws Exception if a server or tool cannot start
     */
    public static void main(String[] args) throws Exception {
        int stops = Integer.parseInt(Bench.env("STOPS", "0"));
        if (stops > 0) {
            StopRestart.run(Arrays.stream(args.length > 0 ? args : new String[] {"cli/target/ssmtp-mailer.jar"}).map(Path::of).toList(),
                    Arrays.stream(Bench.env("DEPTHS", "100000").trim().split("\\s+")).mapToInt(Integer::parseInt).toArray(),
                    Integer.parseInt(Bench.env("SIZE", "1024")), Integer.parseInt(Bench.env("SESSIONS", "10")), stops,
                    Integer.parseInt(Bench.env("STOP_LIMIT", "90")), System.out);
            return;
        }
        run(Path.of(args.length > 0 ? args[0] : "cli/target/ssmtp-mailer.jar"),
                List.of(Bench.env("BACKENDS", "file").trim().split("\\s+")),
                Arrays.stream(Bench.env("DEPTHS", "1000 10000 100000").trim().split("\\s+")).mapToInt(Integer::parseInt).toArray(),
                Integer.parseInt(Bench.env("SIZE", "1024")), Integer.parseInt(Bench.env("SESSIONS", "10")),
                Integer.parseInt(Bench.env("EMPTY", "2000")), System.out);
    }

    static List<Depth> run(Path jar, List<String> backends, int[] depths, int size, int sessions, int empty, PrintStream out)
            throws Exception {
        Path work = Files.createTempDirectory("deep-queue-bench");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        out.printf(Locale.ROOT, "# serve %s; %d cores (%s)%n", jar, Runtime.getRuntime().availableProcessors(),
                SmtpThroughputBenchmark.cpuModel());
        List<Depth> rows = new ArrayList<>();
        try {
            for (String backend : backends) {
                Queue baseline = Queue.create(backend, work.resolve(backend + "-empty"));
                double[] emptyFigures;
                try {
                    emptyFigures = baseline.emptyRun(jar, empty, size, sessions);
                } finally {
                    baseline.close();
                }
                out.printf(Locale.ROOT, "# %s, empty queue: listening after %.0f ms (%.0f ms CPU), %.0f delivered msgs/s, heap %d KB"
                        + " after a full GC%n", backend, emptyFigures[2], emptyFigures[3], emptyFigures[1], (long) emptyFigures[0] / 1024);
                // the heap is compared with that of a short queue in the same state (workers waiting on the hanging
                // upstream, the active window full): connections, buffers and leased envelopes cost the same at every
                // depth, so that only the waiting messages' own cost remains
                Depth base;
                Queue shortQueue = Queue.create(backend, work.resolve(backend + "-base"));
                try {
                    base = shortQueue.measure(jar, BASE, size, sessions, emptyFigures, null, out);
                } finally {
                    shortQueue.close();
                }
                out.printf(Locale.ROOT, "# %s, %d waiting (the heap's base): heap %d KB after a full GC%n", backend, BASE,
                        base.heapBytes() / 1024);
                for (int depth : depths) {
                    Queue q = Queue.create(backend, work.resolve(backend + "-" + depth));
                    try {
                        Depth d = q.measure(jar, depth, size, sessions, emptyFigures, base, out);
                        out.printf(Locale.ROOT, "# %s, %d waiting: %.0f heap bytes per message, restart to listening %d ms"
                                + " (%d ms CPU),"
                                + " queue list --limit 100 %d ms, queue list %d ms (%d lines), upstream back: %d delivered at"
                                + " %.0f msgs/s (%.2f of the empty queue's)%n", backend, d.waiting(), d.heapBytesPerMessage(),
                                d.restartMillis(), d.restartCpuMillis(), d.limitedListMillis(), d.listMillis(), d.listed(), d.delivered(), d.drainRate(),
                                d.drainRate() / d.emptyRate());
                        rows.add(d);
                    } finally {
                        q.close();
                    }
                }
            }
        } finally {
            Bench.cleanUp(work, out);
        }
        out.println("| store | waiting | heap bytes per waiting message | restart to listening ms (CPU ms) |"
                + " `queue list --limit 100` ms | `queue list` ms | delivered msgs/s after the upstream returns |"
                + " empty queue msgs/s | ratio |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Depth d : rows) {
            out.printf(Locale.ROOT, "| %s | %,d | %.0f | %,d (%,d) | %,d | %,d | %.0f | %.0f | %.2f |%n", d.backend(), d.waiting(),
                    d.heapBytesPerMessage(), d.restartMillis(), d.restartCpuMillis(), d.limitedListMillis(), d.listMillis(),
                    d.drainRate(), d.emptyRate(), d.drainRate() / d.emptyRate());
        }
        return rows;
    }

    /**
     * One queue with its serve configuration.
     *
     * @param dir the scratch directory (configuration, spool, logs)
     * @param global the {@code [global]} lines that choose the backend
     * @param schema the PostgreSQL schema, dropped on close; {@code null} for the file store
     */
    private record Queue(Path dir, String global, String schema) implements AutoCloseable {

        static Queue create(String backend, Path dir) throws IOException {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return switch (backend) {
                case "file" -> new Queue(dir, "", null);
                case "pg" -> {
                    String schema = "deepq_" + dir.getFileName().toString().replaceAll("[^a-z0-9]", "_");
                    yield new Queue(dir, "queue_backend = postgres\ndatabase_url = " + pg("PG_URL") + "\ndatabase_user = "
                            + pg("PG_USER") + "\ndatabase_password = " + pg("PG_PASSWORD") + "\ndatabase_schema = " + schema
                            + "\n", schema);
                }
                default -> throw new IllegalArgumentException("backend must be file or pg, was " + backend);
            };
        }

        /**
         * @return of a fresh serve on the empty queue: its heap after a full GC, its delivered msgs/s for {@code n}
         *         messages, its time to listening and the CPU time it had used then, in ms
         */
        double[] emptyRun(Path jar, int n, int size, int sessions) throws Exception {
            try (Bench.Sink sink = Bench.Sink.start(dir);
                 ServeStartBenchmark.Serve serve = ServeStartBenchmark.Serve.start(jar, dir, sink.port(), DurabilityBenchmark.serveJvm(), global)) {
                double cpu = ProcessCpu.millis(serve.pid());
                long heap = heapAfterGc(serve.pid());
                return new double[] {heap, Bench.relay(serve.port(), sink, n, size, sessions, () -> true).delivered(),
                        serve.listenMillis(), cpu};
            }
        }

        /** @param base the depth whose heap is the base, {@code null} to measure that one */
        Depth measure(Path jar, int depth, int size, int sessions, double[] empty, Depth base, PrintStream out)
                throws Exception {
            int upstreamPort = Bench.freePort();
            Hanging upstream = new Hanging(upstreamPort);
            ServeStartBenchmark.Serve serve = ServeStartBenchmark.Serve.start(jar, dir, upstreamPort, DurabilityBenchmark.serveJvm(), global);
            try {
                long t0 = System.nanoTime();
                send(serve.port(), depth, size, sessions);
                out.printf(Locale.ROOT, "# %d accepted in %.1f s%n", depth, (System.nanoTime() - t0) / 1e9);
                // attempts in flight fail at once (reset) and new ones are refused: serve stops without waiting for them
                upstream.close();
                serve.close();
                upstream = new Hanging(upstreamPort);
                serve = ServeStartBenchmark.Serve.start(jar, dir, upstreamPort, DurabilityBenchmark.serveJvm(), global);
                long restart = serve.listenMillis();
                long restartCpu = ProcessCpu.millis(serve.pid());
                // from the process that just started: what the waiting queue costs a serve that recovered it, once
                // its recovery (which lists queue/ in the background, holding the listing meanwhile) has ended
                awaitRecovery(serve.pid());
                long heap = heapAfterGc(serve.pid());
                double perMessage = base == null ? Double.NaN : (heap - base.heapBytes()) / (double) (depth - base.waiting());
                Path config = dir.resolve("etc");
                long limited = list(jar, config, "--limit", "100")[0];
                long[] full = list(jar, config);
                // the upstream returns: serve restarts against a sink on its port (a hanging upstream and a sink
                // cannot share the port, and in between every attempt would fail and back off)
                upstream.close();
                serve.close();
                try (Bench.Sink sink = Bench.Sink.start(dir, upstreamPort)) {
                    serve = ServeStartBenchmark.Serve.start(jar, dir, upstreamPort, DurabilityBenchmark.serveJvm(), global);
                    long[] drained = drain(sink);
                    return new Depth(schema == null ? "file" : "pg", depth, heap, perMessage, restart, restartCpu, limited, full[0], full[1],
                            drained[0], drained[1] / (drained[2] / 1e9), empty[1], (long) empty[2]);
                }
            } finally {
                upstream.close();
                serve.close();
            }
        }

        @Override
        public void close() throws SQLException {
            if (schema != null) {
                try (Connection c = DriverManager.getConnection(pg("PG_URL"), pg("PG_USER"), pg("PG_PASSWORD"));
                     Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }

        private static String pg(String key) {
            String v = System.getenv(key);
            if (v == null || v.isBlank()) {
                throw new IllegalStateException(key + " is not set: start /work/shared/peers/postgres.sh and export its facts");
            }
            return v;
        }
    }

    /**
     * An upstream that hangs: it listens on 127.0.0.2 and never accepts, so the relay's connections wait for a
     * greeting in the listen queue. Closing it resets them: their attempts fail (and back off) at once.
     */
    static final class Hanging implements AutoCloseable {
        private final ServerSocket socket;

        Hanging(int port) throws IOException {
            this.socket = new ServerSocket(port, 1024, InetAddress.getByName("127.0.0.2"));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Waits for the sink's first message, then until it has counted nothing new for {@link #QUIET_NANOS} (at most
     * 30 minutes in all).
     *
     * @return the messages it counted, and those counted after the first poll that saw any with the nanoseconds
     *         from that poll to the last of them
     */
    private static long[] drain(Bench.Sink sink) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        long first;
        while ((first = sink.poll()) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nothing was delivered once the upstream returned");
            }
            Thread.sleep(5);
        }
        long t0 = System.nanoTime();
        long count = first;
        long last = t0;
        while (System.nanoTime() < deadline && System.nanoTime() - last < QUIET_NANOS) {
            long now = sink.poll();
            if (now > count) {
                count = now;
                last = System.nanoTime();
            }
            Thread.sleep(10);
        }
        return new long[] {count, count - first, Math.max(1, last - t0)};
    }

    /** Sends {@code n} messages with smtp-source and waits until every one has its 250. */
    static void send(int port, int n, int size, int sessions) throws IOException, InterruptedException {
        Process source = new ProcessBuilder("/usr/sbin/smtp-source", "-s", Integer.toString(sessions), "-m",
                Integer.toString(n), "-l", Integer.toString(size), "-d", "-f", "bench@example.org", "-t", Bench.RCPT,
                "127.0.0.1:" + port).redirectErrorStream(true).start();
        String complaints = new String(source.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (source.waitFor() != 0) {
            throw new IllegalStateException("smtp-source failed: " + complaints.strip());
        }
    }

    /**
     * Waits (at most 10 minutes) until the file store's recovery thread of {@code pid} has ended: the listing of
     * queue/ and the reading of state files run in the background after serve listens. A PostgreSQL serve has none.
     */
    static void awaitRecovery(long pid) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (jcmd(pid, "Thread.print").contains("\"ssmtp-mailer-spool-recovery\"") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /**
     * @return the heap in use after a full GC of {@code pid}, bytes: the least of {@value #FULL_GCS} rounds of
     *     {@code jcmd GC.run}, then {@code GC.heap_info} (the sum of its generations' lines). Serial's full GC leaves
     *     up to {@code MarkSweepDeadRatio} (5%) of the old generation's capacity as dead objects where they lie,
     *     rather than move what is above them, except every {@code MarkSweepAlwaysCompactCount}th (4th) full GC,
     *     which compacts all: one GC.run at 100,000 waiting left 7-15 MB of them (int[] fillers in the class
     *     histogram), 75-150 bytes per waiting message. G1's figure is the same after each round.
     */
    private static long heapAfterGc(long pid) throws IOException, InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < FULL_GCS; i++) {
            jcmd(pid, "GC.run");
            least = Math.min(least, heapUsed(jcmd(pid, "GC.heap_info")));
        }
        return least;
    }

    /** @return the bytes in use that {@code GC.heap_info} printed: its one heap's (G1) or its generations' together */
    static long heapUsed(String info) {
        Matcher m = HEAP_USED.matcher(info);
        long kb = -1;
        while (m.find()) {
            kb = Math.max(kb, 0) + Long.parseLong(m.group(1));
        }
        if (kb < 0) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return kb * 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out.strip());
        }
        return out;
    }

    /** @return {@code queue list}'s time in ms (from start to exit) and the lines it printed */
    private static long[] list(Path jar, Path config, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Bench.JAVA.toString(),
                "-jar", jar.toString(), "--config-dir", config.toString(), "queue", "list"));
        command.addAll(List.of(options));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        long lines;
        try (Stream<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()) {
            lines = out.count();
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("queue list failed with exit " + p.exitValue());
        }
        return new long[] {TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), lines};
    }
}
