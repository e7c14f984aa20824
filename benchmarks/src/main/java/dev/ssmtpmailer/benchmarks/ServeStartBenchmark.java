package dev.ssmtpmailer.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Goal 3 of issue 14, "warm from the first message": a freshly started {@code ssmtp-mailer serve} (its own JVM,
 * the runnable jar) relays {@code smtp-source -> serve -> smtp-sink}; the first 1,000 messages after it listens
 * are timed apart from the steady runs that follow ("delivered": until the sink counted the last message). Each variant of the JVM options starts a new {@code serve}
 * on an empty spool: plain, and with an AppCDS archive made by a training run of the same workload
 * ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}). Also prints the time from start to
 * listening, the relay process's CPU per delivered message ({@code /proc/<pid>/stat}), the CPU its JIT compiler
 * threads spent in each phase ({@code /proc/<pid>/task}), and each run's rate per tenth (per hundred of 1,000; when
 * the sink counted each tenth). Steady is the best of the steady runs; their median is printed beside it. Prints,
 * asserts nothing.
 *
 * <p>Goal 3 ("reaches at least 80% of its steady rate within its first 1,000 messages") is read two ways, both
 * printed: the first messages' average against the steady rate, and the ramp, the rate the relay reaches: that of
 * the first messages' last fifth (801-1,000) against the steady runs' own last fifths (the same window of each
 * steady run: like for like, without the slow start of {@code smtp-source}'s sessions that a whole run's average
 * holds), and the message count at which a window of a fifth (200 messages, sliding by a tenth) first ran at 80% of
 * the best and of the median of those.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.ServeStartBenchmark [JAR]
 * env: FIRST (1000), STEADY (FIRST; messages per steady run: as many as the first, so that each run's fixed costs
 *      weigh the same), RUNS (3 steady runs), SIZE (1024), SESSIONS (10),
 *      VARIANTS ("plain cds cds+c1"; parts joined with +: plain, cds, c1 = -XX:TieredStopAtLevel=1,
 *      serial = -XX:+UseSerialGC, opts = the JVM options in SERVE_OPTS, @FILE = the JVM options in the java argument
 *      file FILE (several sets of options in one invocation), jfr = a profiling recording VARIANT.jfr in the scratch directory, see KEEP,
 *      warm = serve --warm-up WARM_UP (2000), auto = serve --warm-up auto, idle = serve --warm-up idle, aot = an AOT cache (JDK 24+, JEP 483/515) made by a training run
 *      with -XX:AOTCacheOutput, then -XX:AOTCache; needs SERVE_JAVA of such a JDK),
 *      SERVE_JAVA (the java that runs serve; default: the one running this),
 *      KEEP (1: keep the scratch directory with each serve's log),
 *      IDLE (0; seconds: after listening, wait until serve is idle, at most this long, before the first messages)
 * </pre>
 * JAR defaults to {@code cli/target/ssmtp-mailer.jar}. Needs root (smtp-sink runs as nobody) and the postfix
 * package (smtp-source, smtp-sink). The sink listens on a free port of 127.0.0.2, never on the shared sink's 2526.
 */
public final class ServeStartBenchmark {

    private ServeStartBenchmark() {
    }

    /**
     * One variant's figures.
     *
     * @param variant the JVM options' name
     * @param listenMillis from process start to the port accepting connections
     * @param first delivered msgs/s of the first messages after listening
     * @param steady the best delivered msgs/s of the steady runs
     * @param steadyMedian the median delivered msgs/s of the steady runs
     * @param cpuMillisPerMessage the relay process's user + system CPU per message over the steady runs
     * @param cpuFirstMillisPerMessage the same over the first messages
     * @param jitFirstMillis CPU of the relay's JIT compiler threads while the first messages ran
     * @param jitSteadyMillis the same over the steady runs
     * @param lastFifth delivered msgs/s of the first messages' last fifth (801-1,000 of 1,000; 0: not seen)
     * @param steadyFifth the best of the steady runs' own last fifths, msgs/s (0: none seen)
     * @param steadyFifthMedian the median of the steady runs' own last fifths that were seen (0: none)
     * @param reachedBest the first message count at which a window of a fifth of the first messages ran at 80% of
     *        {@code steadyFifth} (0: never)
     * @param reachedMedian the same against {@code steadyFifthMedian}
     */
    record Start(String variant, long listenMillis, double first, double steady, double steadyMedian,
                 double cpuMillisPerMessage, double cpuFirstMillisPerMessage, long jitFirstMillis, long jitSteadyMillis,
                 double lastFifth, double steadyFifth, double steadyFifthMedian, int reachedBest, int reachedMedian) {
        /** @return one line with goal 3's two readings: the average, and the ramp */
        String goalLine() {
            return String.format(Locale.ROOT, "%s: first messages at %.0f%% of the best steady run (%.0f%% of the median); "
                    + "ramp: last fifth at %s (%s) of the steady runs' best (median) last fifth, a fifth at 80%% after %s (%s) "
                    + "messages", variant, 100 * first / steady, 100 * first / steadyMedian, percent(lastFifth, steadyFifth),
                    percent(lastFifth, steadyFifthMedian), reached(reachedBest), reached(reachedMedian));
        }

        private static String reached(int count) {
            return count == 0 ? "never" : Integer.toString(count);
        }

        /** @return {@code part} as a percentage of {@code whole}, or n/a when either was not seen */
        private static String percent(double part, double whole) {
            return part <= 0 || whole <= 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * part / whole);
        }

        /**
         * @return milliseconds of JIT CPU, or n/a below 0: the JVM ends idle compiler threads, and their CPU leaves
         *     {@code /proc/PID/task} with them
         */
        private static String jit(long millis) {
            return millis < 0 ? "n/a" : Long.toString(millis);
        }
    }

    /**
     * What to run.
     *
     * @param java the java that runs {@code serve}
     * @param idleSeconds after listening, wait until {@code serve} is idle (a second with under a tenth of a core of
     *        CPU), at most this long, before the first messages: a relay restarted while its clients are quiet (0: the
     *        first messages at once)
     */
    record Settings(Path jar, int first, int steady, int runs, int size, int sessions, List<String> variants, Path java,
                    int idleSeconds) {
        Settings(Path jar, int first, int steady, int runs, int size, int sessions, List<String> variants) {
            this(jar, first, steady, runs, size, sessions, variants, Bench.JAVA, 0);
        }
    }

    /**
     * @param args optional: the runnable jar
     * @throws Exception if a server or tool cannot start
     */
    public static void main(String[] args) throws Exception {
        String first = Bench.env("FIRST", "1000");
        Settings s = new Settings(Path.of(args.length > 0 ? args[0] : "cli/target/ssmtp-mailer.jar"),
                Integer.parseInt(first), Integer.parseInt(Bench.env("STEADY", first)),
                Integer.parseInt(Bench.env("RUNS", "3")), Integer.parseInt(Bench.env("SIZE", "1024")),
                Integer.parseInt(Bench.env("SESSIONS", "10")), List.of(Bench.env("VARIANTS", "plain cds cds+c1").trim().split("\\s+")),
                Path.of(Bench.env("SERVE_JAVA", Bench.JAVA.toString())),
                Integer.parseInt(Bench.env("IDLE", "0")));
        run(s, System.out);
    }

    /**
     * Runs every variant and prints its figures, then a Markdown table.
     *
     * @param s what to run
     * @param out where the figures go
     * @return one row per variant
     * @throws Exception if a server or tool cannot start
     */
    static List<Start> run(Settings s, PrintStream out) throws Exception {
        if (!Files.isRegularFile(s.jar())) {
            throw new IllegalArgumentException(s.jar() + " not found: build it with mvn -pl cli -am package -DskipTests");
        }
        Path work = Files.createTempDirectory("serve-start-bench");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Start> rows = new ArrayList<>();
        try (Bench.Sink sink = Bench.Sink.start(work)) {
            out.printf(Locale.ROOT, "# serve %s with %s, sink 127.0.0.2:%d, %d cores (%s); first %d, then %d x %d messages of "
                    + "%d bytes, %d sessions%n", s.jar(), s.java(), sink.port(), Runtime.getRuntime().availableProcessors(),
                    SmtpThroughputBenchmark.cpuModel(), s.first(), s.runs(), s.steady(), s.size(), s.sessions());
            Path archive = work.resolve("ssmtp-mailer.jsa");
            Path aotCache = work.resolve("ssmtp-mailer.aot");
            for (String variant : s.variants()) {
                List<String> jvm = new ArrayList<>();
                List<String> serveArgs = new ArrayList<>();
                for (String part : variant.split("\\+")) {
                    if (part.startsWith("@")) {
                        jvm.add(part);  // a java argument file
                        continue;
                    }
                    switch (part) {
                        case "plain" -> { }
                        case "cds" -> {
                            if (!Files.exists(archive)) {
                                train(s, sink, work, "-XX:ArchiveClassesAtExit=", archive, out);
                            }
                            jvm.add("-XX:SharedArchiveFile=" + archive);
                        }
                        case "aot" -> {
                            if (!Files.exists(aotCache)) {
                                train(s, sink, work, "-XX:AOTCacheOutput=", aotCache, out);
                            }
                            jvm.add("-XX:AOTCache=" + aotCache);
                        }
                        case "c1" -> jvm.add("-XX:TieredStopAtLevel=1");
                        case "serial" -> jvm.add("-XX:+UseSerialGC");
                        case "opts" -> Arrays.stream(Bench.env("SERVE_OPTS", "").split("\\s+")).filter(o -> !o.isEmpty())
                                .forEach(jvm::add);
                        case "warm" -> serveArgs.addAll(List.of("--warm-up", Bench.env("WARM_UP", "2000")));
                        case "auto" -> serveArgs.addAll(List.of("--warm-up", "auto"));
                        case "idle" -> serveArgs.addAll(List.of("--warm-up", "idle"));
                        case "jfr" -> jvm.add("-XX:StartFlightRecording=settings=profile,filename="
                                + work.resolve(dirName(variant) + ".jfr"));
                        default -> throw new IllegalArgumentException("unknown variant part " + part
                                + " (plain, cds, aot, c1, serial, opts, @FILE, jfr, warm, auto, idle)");
                    }
                }
                rows.add(measure(s, sink, work.resolve(dirName(variant)), variant, jvm, serveArgs, out));
            }
        } finally {
            Bench.cleanUp(work, out);
        }
        out.println("| JVM | start to listening ms | first " + s.first() + " delivered msgs/s | steady delivered msgs/s "
                + "(best, median) | first/steady (best, median) | last fifth/steady last fifth (best, median) | a fifth at "
                + "80% after (best, median) | relay CPU ms/msg (first, steady) | JIT CPU ms (first, steady) |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Start r : rows) {
            out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f, %.0f | %.0f%%, %.0f%% | %s, %s | %s, %s | %.3f, %.3f | %s, %s |%n",
                    r.variant(), r.listenMillis(), r.first(), r.steady(), r.steadyMedian(), 100 * r.first() / r.steady(),
                    100 * r.first() / r.steadyMedian(), Start.percent(r.lastFifth(), r.steadyFifth()),
                    Start.percent(r.lastFifth(), r.steadyFifthMedian()), Start.reached(r.reachedBest()),
                    Start.reached(r.reachedMedian()), r.cpuFirstMillisPerMessage(), r.cpuMillisPerMessage(),
                    Start.jit(r.jitFirstMillis()), Start.jit(r.jitSteadyMillis()));
        }
        return rows;
    }

    /**
     * The documented training step: the same workload under {@code option} + {@code archive} (such as
     * {@code -XX:ArchiveClassesAtExit=}), then SIGTERM, at whose exit the JVM writes the archive.
     */
    private static void train(Settings s, Bench.Sink sink, Path work, String option, Path archive, PrintStream out)
            throws Exception {
        Path dir = work.resolve("training-" + archive.getFileName());
        try (Serve serve = Serve.start(s.java(), s.jar(), dir, sink.port(), List.of(option + archive), List.of())) {
            Bench.relay(serve.port(), sink, s.first() + s.steady(), s.size(), s.sessions(), () -> true);
        }
        out.printf(Locale.ROOT, "# training run done: archive %s (%d KB)%n", archive, Files.size(archive) / 1024);
    }

    private static Start measure(Settings s, Bench.Sink sink, Path dir, String variant, List<String> jvm,
                                 List<String> serveArgs, PrintStream out) throws Exception {
        try (Serve serve = Serve.start(s.java(), s.jar(), dir, sink.port(), jvm, serveArgs)) {
            if (s.idleSeconds() > 0) {
                long cpu = ProcessCpu.millis(serve.pid());
                long waited = awaitIdle(serve.pid(), s.idleSeconds());
                out.printf(Locale.ROOT, "# %s: idle after %d ms more (%d ms CPU meanwhile)%n", variant, waited,
                        ProcessCpu.millis(serve.pid()) - cpu);
            }
            long jit0 = ProcessCpu.jitMillis(serve.pid());
            long cpu0 = ProcessCpu.millis(serve.pid());
            Hundreds hundreds = new Hundreds(sink, s.first());
            Bench.Figures first;
            try (hundreds) {
                first = Bench.relay(serve.port(), sink, s.first(), s.size(), s.sessions(), () -> true);
            }
            long jit1 = ProcessCpu.jitMillis(serve.pid());
            out.printf(Locale.ROOT, "# %s: listening after %d ms; first %d: %.0f delivered msgs/s (JIT %s ms CPU); "
                    + "first message delivered after %d ms; per %d: %s%n", variant, serve.listenMillis(), s.first(),
                    first.delivered(), Start.jit(jit1 - jit0), hundreds.firstMillis(), hundreds.step(), hundreds);
            double[] steady = new double[s.runs()];
            double[] steadyFifths = new double[s.runs()];
            long cpu = ProcessCpu.millis(serve.pid());
            double cpuFirst = (cpu - cpu0) / (double) s.first();
            for (int r = 1; r <= s.runs(); r++) {
                Hundreds h = new Hundreds(sink, s.steady());
                Bench.Figures f;
                try (h) {
                    f = Bench.relay(serve.port(), sink, s.steady(), s.size(), s.sessions(), () -> true);
                }
                out.printf(Locale.ROOT, "# %s: steady run %d: %.0f delivered msgs/s; first message after %d ms; per %d: %s%n",
                        variant, r, f.delivered(), h.firstMillis(), h.step(), h);
                steady[r - 1] = f.delivered();
                steadyFifths[r - 1] = h.lastFifth();
            }
            double cpuPerMessage = (ProcessCpu.millis(serve.pid()) - cpu) / (double) (s.runs() * s.steady());
            long jit2 = ProcessCpu.jitMillis(serve.pid());
            Arrays.sort(steady);
            // the ramp's denominator: the steady runs' own last fifths, like for like (a window of 200 leaves out a
            // run's start, smtp-source opening its sessions; a whole run's average does not)
            double[] fifths = Arrays.stream(steadyFifths).filter(v -> v > 0).sorted().toArray();
            double bestFifth = fifths.length == 0 ? 0 : fifths[fifths.length - 1];
            double medianFifth = fifths.length == 0 ? 0 : Bench.median(fifths);
            Start row = new Start(variant, serve.listenMillis(), first.delivered(), steady[steady.length - 1], Bench.median(steady),
                    cpuPerMessage, cpuFirst, jit1 - jit0, jit2 - jit1, hundreds.lastFifth(), bestFifth, medianFifth,
                    bestFifth == 0 ? 0 : hundreds.reached(0.8 * bestFifth),
                    medianFifth == 0 ? 0 : hundreds.reached(0.8 * medianFifth));
            out.printf(Locale.ROOT, "# %s%n# %s: the steady runs' own last fifths: %s msgs/s%n", row.goalLine(), variant,
                    Arrays.stream(steadyFifths).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
                            .collect(Collectors.joining(", ")));
            return row;
        }
    }

    /** @return {@code variant} as one file name in the scratch directory ({@code @FILE} parts hold paths) */
    private static String dirName(String variant) {
        return variant.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /**
     * Waits until the process has used under a tenth of a core over the last second, at least 3 s ({@code serve
     * --warm-up idle} starts after a quiet second) and at most {@code seconds}.
     *
     * @return how long it waited, milliseconds
     */
    private static long awaitIdle(long pid, int seconds) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(seconds);
        Thread.sleep(2000);
        long cpu = ProcessCpu.millis(pid);
        do {
            Thread.sleep(1000);
            long now = ProcessCpu.millis(pid);
            if (now - cpu < 100) {
                break;
            }
            cpu = now;
        } while (System.nanoTime() < deadline);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /**
     * Samples the sink every 2 ms from a thread of its own and notes when it had counted each tenth of a run's
     * messages (each hundred of 1,000): where in the first messages the time goes. {@link #toString()}: each tenth's
     * rate, msgs/s; {@link #lastFifth()} and {@link #reached}: the ramp, over windows of two tenths.
     */
    private static final class Hundreds implements AutoCloseable {
        private final long t0 = System.nanoTime();
        private final long[] at;
        private final int step;
        private final Thread sampler;
        private volatile long firstAt;

        Hundreds(Bench.Sink sink, int messages) throws IOException {
            step = Math.max(1, messages / 10);
            at = new long[messages / step];
            long base = sink.poll();
            sampler = new Thread(() -> {
                try {
                    for (int next = 0; next < at.length; Thread.sleep(2)) {
                        long counted = sink.poll() - base;
                        long now = System.nanoTime();
                        if (counted > 0 && firstAt == 0) {
                            firstAt = now;
                        }
                        for (; next < at.length && counted >= (next + 1) * (long) step; next++) {
                            at[next] = now;
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // stopped, or the sink is gone: the hundreds not seen stay unknown
                }
            }, "hundreds");
            sampler.setDaemon(true);
            sampler.start();
        }

        @Override
        public void close() {
            try {
                sampler.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sampler.interrupt();
        }

        int step() {
            return step;
        }

        /** @return milliseconds from the start of the run until the sink counted its first message, -1 if not seen */
        long firstMillis() {
            return firstAt == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstAt - t0);
        }

        /** @return msgs/s of the window of two steps that ends at step {@code end} (0-based), 0 if not seen */
        private double window(int end) {
            long from = end >= 2 ? at[end - 2] : t0;
            return end < 1 || end >= at.length || at[end] == 0 || from == 0 || at[end] == from ? 0
                    : 2.0 * step / ((at[end] - from) / 1e9);
        }

        /** @return msgs/s of the last two tenths (801-1,000 of 1,000), 0 if not seen */
        double lastFifth() {
            return window(at.length - 1);
        }

        /** @return the message count at which a window of two tenths first ran at {@code rate} msgs/s, 0 if none did */
        int reached(double rate) {
            for (int end = 1; end < at.length; end++) {
                if (window(end) >= rate) {
                    return (end + 1) * step;
                }
            }
            return 0;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            long previous = t0;
            for (long t : at) {
                b.append(b.length() == 0 ? "" : " ").append(t == 0 ? "?" : String.format(Locale.ROOT, "%.0f", step / ((t - previous) / 1e9)));
                previous = t == 0 ? previous : t;
            }
            return b.toString();
        }
    }

    /** A {@code serve} process on a fresh configuration tree and spool; closing it sends SIGTERM and waits. */
    static final class Serve implements AutoCloseable {
        private final Process process;
        private final int port;
        private final long listenMillis;

        private Serve(Process process, int port, long listenMillis) {
            this.process = process;
            this.port = port;
            this.listenMillis = listenMillis;
        }

        static Serve start(Path jar, Path dir, Bench.Sink sink, List<String> jvm) throws Exception {
            return start(jar, dir, sink.port(), jvm);
        }

        /** Starts {@code serve} relaying to 127.0.0.2:{@code upstreamPort} (a port nobody listens on: upstream down). */
        static Serve start(Path jar, Path dir, int upstreamPort, List<String> jvm) throws Exception {
            return start(jar, dir, upstreamPort, jvm, List.of(), "");
        }

        /** The same, with {@code global}: more {@code [global]} lines of its configuration, such as a queue backend. */
        static Serve start(Path jar, Path dir, int upstreamPort, List<String> jvm, String global) throws Exception {
            return start(jar, dir, upstreamPort, jvm, List.of(), global);
        }

        /** The same, with {@code serveArgs} after {@code serve} on its command line, run by {@code java}. */
        static Serve start(Path java, Path jar, Path dir, int upstreamPort, List<String> jvm, List<String> serveArgs)
                throws Exception {
            return start(java, jar, dir, upstreamPort, jvm, serveArgs, "");
        }

        private static Serve start(Path jar, Path dir, int upstreamPort, List<String> jvm, List<String> serveArgs,
                                   String global) throws Exception {
            return start(Bench.JAVA, jar, dir, upstreamPort, jvm, serveArgs, global);
        }

        private static Serve start(Path java, Path jar, Path dir, int upstreamPort, List<String> jvm, List<String> serveArgs,
                                   String global) throws Exception {
            int port = Bench.freePort();
            Path config = Bench.writeConfig(dir, upstreamPort, port, global);
            List<String> command = new ArrayList<>(List.of(java.toString()));
            command.addAll(jvm);
            command.addAll(List.of("-jar", jar.toString(), "--config-dir", config.toString(), "serve", "--no-watch"));
            command.addAll(serveArgs);
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("serve.log").toFile()).start();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(180); // --warm-up auto may take a minute on a loaded host
            while (!listening(port)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("serve did not listen on " + port + "; see " + dir.resolve("serve.log"));
                }
                Thread.sleep(5);
            }
            return new Serve(p, port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }

        private static boolean listening(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        int port() {
            return port;
        }

        long pid() {
            return process.pid();
        }

        long listenMillis() {
            return listenMillis;
        }

        /** SIGTERM: serve stops in order, and a JVM with {@code ArchiveClassesAtExit} writes its archive. */
        @Override
        public void close() {
            Bench.stop(process, 60);
        }
    }
}
