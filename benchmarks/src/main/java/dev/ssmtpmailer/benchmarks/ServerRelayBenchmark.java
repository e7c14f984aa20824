package dev.ssmtpmailer.benchmarks;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.server.MailerService;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End to end, {@code smtp-source -> our server -> spool (fsync) -> delivery workers -> smtp-sink}, beside
 * Postfix doing the same job ({@code /work/shared/peers/bench-postfix-relay.sh}) in the same run. A plain main,
 * not a test: it prints figures and asserts nothing about time.
 *
 * <p>Each cell sends N messages of 1 KB or 100 KB over 1 or 10 client sessions (connections reused, like
 * {@code smtp-source -d}) to {@code contact-sales@mailer.domain1.com}. "accepted" = until smtp-source had its
 * last {@code 250}; "delivered" = until smtp-sink counted the last message ({@code -c} counters, polled every
 * 10 ms) and the spool is empty. Measured the way {@code bench-postfix-relay.sh} measures Postfix.
 *
 * <p>Cost per message (goal 5 of issue 14): the relay runs in this JVM, so its CPU is this process's user +
 * system time less the polling main thread's, and its allocation is the sum of the weights of JFR's
 * {@code jdk.ObjectAllocationSample} events of every other thread (see {@link AllocationMeter}). Postfix's CPU
 * is what {@code bench-postfix-relay.sh} reads from {@code /proc} for all its processes.
 *
 * <pre>
 * java [JVM options of the relay] -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.ServerRelayBenchmark [N]
 * env: RUNS (1), SIZES ("1024 102400"), SESSIONS ("1 10"), POSTFIX (1: also run bench-postfix-relay.sh),
 *      PEERS (/work/shared/peers), KEEP (1: keep the scratch directory)
 * </pre>
 * Needs root (smtp-sink runs as nobody) and the postfix package (smtp-source, smtp-sink).
 */
public final class ServerRelayBenchmark {
    /** A per-run line of bench-postfix-relay.sh: size sessions mode run accepted/s delivered/s postfix_cpu_s ... */
    private static final Pattern POSTFIX_RUN = Pattern.compile("^(\\d+) (\\d+) reuse (\\d+)\\s+(\\d+) (\\d+) ([\\d.]+) .*");

    private ServerRelayBenchmark() {
    }

    /**
     * One cell's figures.
     *
     * @param accepted msgs/s
     * @param delivered msgs/s
     * @param cpuMillis relay CPU per message, ms
     * @param allocatedBytes relay allocation per message, bytes ({@code NaN} for Postfix)
     */
    record Figures(double accepted, double delivered, double cpuMillis, double allocatedBytes) {
    }

    /** What to run. */
    record Settings(int messages, int runs, int[] sizes, int[] sessions, boolean postfix, Path peers) {
    }

    /**
     * @param args optional: messages per run (2000)
     * @throws Exception if a server or tool cannot start
     */
    public static void main(String[] args) throws Exception {
        run(new Settings(args.length > 0 ? Integer.parseInt(args[0]) : 2000, Integer.parseInt(Bench.env("RUNS", "1")),
                ints(Bench.env("SIZES", "1024 102400")), ints(Bench.env("SESSIONS", "1 10")),
                "1".equals(Bench.env("POSTFIX", "1")), Path.of(Bench.env("PEERS", "/work/shared/peers"))), System.out);
    }

    /**
     * Runs every cell on our relay, then Postfix's, and prints a Markdown table.
     *
     * @param s what to run
     * @param out where the figures go
     * @return our figures per cell ("size sessions"), medians of the runs
     * @throws Exception if a server or tool cannot start
     */
    static Map<String, Figures> run(Settings s, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("server-relay-bench");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Figures> ours = new LinkedHashMap<>();
        try (Bench.Sink sink = Bench.Sink.start(work);
             AllocationMeter allocations = AllocationMeter.start();
             MailerService mailer = MailerService.builder(config(work.resolve("spool"), sink.port()))
                     .server(b -> b.listen("127.0.0.1", 0)).start()) {
            out.printf(Locale.ROOT, "# our relay on 127.0.0.1:%d, spool %s, sink 127.0.0.2:%d; %d cores (%s)%n", mailer.port(),
                    work.resolve("spool"), sink.port(), Runtime.getRuntime().availableProcessors(),
                    SmtpThroughputBenchmark.cpuModel());
            // the relay's JVM options are this JVM's (java -XX:+UseSerialGC -cp ... or java @packaging/serve.jvm-options ...)
            out.printf(Locale.ROOT, "# JVM options %s; GC %s%n", ManagementFactory.getRuntimeMXBean().getInputArguments(),
                    ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
            Bench.Check drained = () -> mailer.queue().stats().depth() == 0;
            Bench.relay(mailer.port(), sink, 200, 1024, 10, drained);  // warm-up: JIT, pools
            out.println("# size sessions run  accepted/s delivered/s  CPU_ms/msg allocated_bytes/msg");
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int size : s.sizes()) {
                for (int sessions : s.sessions()) {
                    List<Figures> cell = new ArrayList<>();
                    for (int r = 1; r <= s.runs(); r++) {
                        long cpu = ProcessCpu.nanos() - threads.getCurrentThreadCpuTime();
                        long t0 = allocations.now();
                        Bench.Figures f = Bench.relay(mailer.port(), sink, s.messages(), size, sessions, drained);
                        long t1 = allocations.now();
                        double cpuMillis = (ProcessCpu.nanos() - threads.getCurrentThreadCpuTime() - cpu) / 1e6 / s.messages();
                        double bytes = allocations.bytesBetween(t0, t1) / (double) s.messages();
                        out.printf(Locale.ROOT, "%d %d %d  %.0f %.0f  %.3f %.0f%n", size, sessions, r, f.accepted(),
                                f.delivered(), cpuMillis, bytes);
                        cell.add(new Figures(f.accepted(), f.delivered(), cpuMillis, bytes));
                    }
                    ours.put(size + " " + sessions, median(cell));
                }
            }
        } finally {
            Bench.cleanUp(work, out);
        }

        Map<String, Figures> postfix = s.postfix() ? postfix(s, out) : Map.of();
        out.println();
        out.printf(Locale.ROOT, "N = %d messages per run, median of %d; connections reused (-d); fsync on in both.%n",
                s.messages(), s.runs());
        out.println("| body | client sessions | ours accepted msgs/s | ours delivered msgs/s | Postfix accepted msgs/s "
                + "| Postfix delivered msgs/s | delivered ratio ours/Postfix | ours CPU ms/msg | Postfix CPU ms/msg "
                + "| ours allocated bytes/msg |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Figures> e : ours.entrySet()) {
            String[] k = e.getKey().split(" ");
            Figures o = e.getValue();
            Figures p = postfix.get(e.getKey());
            out.printf(Locale.ROOT, "| %d KB | %s | %.0f | %.0f | %s | %s | %s | %.3f | %s | %.0f |%n", Integer.parseInt(k[0]) / 1024,
                    k[1], o.accepted(), o.delivered(), p == null ? "-" : String.format(Locale.ROOT, "%.0f", p.accepted()),
                    p == null ? "-" : String.format(Locale.ROOT, "%.0f", p.delivered()),
                    p == null ? "-" : String.format(Locale.ROOT, "%.2f", o.delivered() / p.delivered()), o.cpuMillis(),
                    p == null ? "-" : String.format(Locale.ROOT, "%.3f", p.cpuMillis()), o.allocatedBytes());
        }
        return ours;
    }

    private static RelayConfig config(Path spool, int sinkPort) {
        return RelayConfig.builder()
                .global(g -> g.defaultHostname("mailer.domain1.com").spoolDir(spool).enableRateLimiting(false)
                        .maxConnections(20))
                .domain(DomainConfig.builder("sink").smtpServer("127.0.0.2").smtpPort(sinkPort).tls(TlsMode.NONE)
                        .authMethod(AuthMethod.NONE).relayAccount(Bench.ACCOUNT).build())
                .domain(DomainConfig.builder("mailer.domain1.com").smtpServer("localhost").smtpPort(25).tls(TlsMode.NONE)
                        .authMethod(AuthMethod.NONE).build())
                .mapping(MappingConfig.of("sales", Bench.RCPT, "contact-sales@domain1.com", Bench.ACCOUNT))
                .build();
    }

    /**
     * Runs Postfix's reference benchmark with the same cells and parses its per-run lines.
     *
     * @return the median figures of each cell, keyed {@code "SIZE SESSIONS"}
     */
    static Map<String, Figures> postfix(Settings s, PrintStream out) throws Exception {
        Path script = s.peers().resolve("bench-postfix-relay.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), Integer.toString(s.messages())).redirectErrorStream(true);
        pb.environment().put("RUNS", Integer.toString(s.runs()));
        pb.environment().put("MODES", "reuse");
        pb.environment().put("SIZES", join(s.sizes()));
        pb.environment().put("SESSIONS", join(s.sessions()));
        out.println("# Postfix: " + script + " " + s.messages() + " (RUNS=" + s.runs() + " MODES=reuse)");
        Process p = pb.start();
        Map<String, List<Figures>> cells = new LinkedHashMap<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            out.println("#   " + line);
            Matcher m = POSTFIX_RUN.matcher(line);
            if (m.matches()) {
                cells.computeIfAbsent(m.group(1) + " " + m.group(2), k -> new ArrayList<>())
                        .add(new Figures(Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                                Double.parseDouble(m.group(6)) * 1000 / s.messages(), Double.NaN));
            }
        }
        p.waitFor();
        Map<String, Figures> medians = new LinkedHashMap<>();
        cells.forEach((k, v) -> medians.put(k, median(v)));
        return medians;
    }

    private static Figures median(List<Figures> fs) {
        return new Figures(Bench.median(fs, Figures::accepted), Bench.median(fs, Figures::delivered),
                Bench.median(fs, Figures::cpuMillis), Bench.median(fs, Figures::allocatedBytes));
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(int[] a) {
        return String.join(" ", Arrays.stream(a).mapToObj(Integer::toString).toList());
    }
}
