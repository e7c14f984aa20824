package dev.ssmtpmailer.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Goal 2 of issue 14, "durability at the disk's pace" (group commit, see {@code docs/queue.md}): fsyncs per accepted message
 * beside delivered msgs/s, at 1, 10 and 50 client sessions, on a {@code serve} process (the runnable jar, its
 * own JVM, a fresh spool). The rate comes from a run without tracing; the fsyncs from a second run with
 * {@code strace -f -c} attached to the process ({@code fsync}, {@code fdatasync}), which slows it down and is
 * not timed. Postfix's cleanup does one fsync per message (see {@code /work/shared/peers/README.md}); the spool's
 * journal one per group of accepts that wait together. Prints,
 * asserts nothing.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.DurabilityBenchmark [JAR]
 * env: N (2000 messages per run), SIZE (1024), SESSIONS ("1 10 50"), KEEP, SERVE_JVM (JVM options of serve),
 *      POSTFIX (1: then Postfix's relay on the same cells, bench-postfix-relay.sh in PEERS, /work/shared/peers; its RELAY_PORT and SINK_PORT pass through)
 * </pre>
 * Needs root, the postfix package and {@code strace}.
 */
public final class DurabilityBenchmark {
    private static final Pattern SYNC_CALLS = Pattern.compile("^\\s*[\\d.]+\\s+[\\d.]+\\s+\\d+\\s+(\\d+)\\s+(?:\\d+\\s+)?(fsync|fdatasync)\\s*$");

    private DurabilityBenchmark() {
    }

    /**
     * One cell.
     *
     * @param sessions client sessions
     * @param delivered msgs/s without tracing
     * @param syncsPerMessage fsync + fdatasync calls of the relay process per message, traced run
     */
    record Cell(int sessions, double delivered, double syncsPerMessage) {
    }

    /**
     * @param args optional: the runnable jar
     * @throws Exception if a server or tool cannot start
     */
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(Bench.env("N", "2000"));
        int size = Integer.parseInt(Bench.env("SIZE", "1024"));
        int[] sessions = Arrays.stream(Bench.env("SESSIONS", "1 10 50").trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        List<Cell> cells = run(Path.of(args.length > 0 ? args[0] : "cli/target/ssmtp-mailer.jar"), n, size, sessions, System.out);
        if ("1".equals(Bench.env("POSTFIX", "1"))) {
            besidePostfix(cells, n, size, Path.of(Bench.env("PEERS", "/work/shared/peers")), System.out);
        }
    }

    /** Runs Postfix's relay benchmark on the same cells (one run each) and prints our rate beside its. */
    static void besidePostfix(List<Cell> cells, int n, int size, Path peers, PrintStream out) throws Exception {
        int[] sessions = cells.stream().mapToInt(Cell::sessions).toArray();
        Map<String, ServerRelayBenchmark.Figures> postfix = ServerRelayBenchmark.postfix(
                new ServerRelayBenchmark.Settings(n, 1, new int[] {size}, sessions, true, peers), out);
        out.println("| client sessions | ours delivered msgs/s | Postfix delivered msgs/s | ours/Postfix | ours fsyncs per message |");
        out.println("|---|---|---|---|---|");
        for (Cell c : cells) {
            ServerRelayBenchmark.Figures p = postfix.get(size + " " + c.sessions());
            out.printf(Locale.ROOT, "| %d | %.0f | %s | %s | %.2f |%n", c.sessions(), c.delivered(),
                    p == null ? "-" : String.format(Locale.ROOT, "%.0f", p.delivered()),
                    p == null ? "-" : String.format(Locale.ROOT, "%.2f", c.delivered() / p.delivered()), c.syncsPerMessage());
        }
    }

    static List<Cell> run(Path jar, int n, int size, int[] sessions, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("durability-bench");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Cell> cells = new ArrayList<>();
        try (Bench.Sink sink = Bench.Sink.start(work);
             ServeStartBenchmark.Serve serve = ServeStartBenchmark.Serve.start(jar, work.resolve("serve"), sink, serveJvm())) {
            out.printf(Locale.ROOT, "# serve %s (pid %d), sink 127.0.0.2:%d; %d messages of %d bytes per run; %d cores (%s)%n",
                    jar, serve.pid(), sink.port(), n, size, Runtime.getRuntime().availableProcessors(),
                    SmtpThroughputBenchmark.cpuModel());
            Bench.relay(serve.port(), sink, n, size, 10, () -> true);  // warm-up
            for (int s : sessions) {
                Bench.Figures rate = Bench.relay(serve.port(), sink, n, size, s, () -> true);
                long syncs = traced(serve.pid(), work.resolve("strace-" + s + ".txt"),
                        () -> Bench.relay(serve.port(), sink, n, size, s, () -> true));
                Cell c = new Cell(s, rate.delivered(), syncs / (double) n);
                out.printf(Locale.ROOT, "# %d sessions: %.0f delivered msgs/s; traced run: %d fsync+fdatasync, %.2f per message%n",
                        s, c.delivered(), syncs, c.syncsPerMessage());
                cells.add(c);
            }
        } finally {
            Bench.cleanUp(work, out);
        }
        out.println("| client sessions | delivered msgs/s | fsync + fdatasync per message |");
        out.println("|---|---|---|");
        for (Cell c : cells) {
            out.printf(Locale.ROOT, "| %d | %.0f | %.2f |%n", c.sessions(), c.delivered(), c.syncsPerMessage());
        }
        return cells;
    }

    /**
     * @return {@code SERVE_JVM}: JVM options for the {@code serve} process, such as {@code -XX:TieredStopAtLevel=1} or a
     *     java argument file ({@code @packaging/serve.jvm-options})
     */
    static List<String> serveJvm() {
        String opts = Bench.env("SERVE_JVM", "").trim();
        return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
    }

    private interface Work {
        void run() throws Exception;
    }

    /** @return the fsync and fdatasync calls of {@code pid} (all threads) while {@code work} ran */
    private static long traced(long pid, Path summary, Work work) throws Exception {
        Process strace = new ProcessBuilder("strace", "-f", "-c", "-e", "trace=fsync,fdatasync", "-o", summary.toString(),
                "-p", Long.toString(pid)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(500);  // strace attaches to every thread before the run starts
        try {
            work.run();
        } finally {
            strace.destroy();  // SIGTERM: strace detaches and writes the summary
            strace.waitFor(30, TimeUnit.SECONDS);
        }
        long calls = 0;
        for (String line : Files.readAllLines(summary)) {
            Matcher m = SYNC_CALLS.matcher(line);
            if (m.matches()) {
                calls += Long.parseLong(m.group(1));
            }
        }
        return calls;
    }
}
