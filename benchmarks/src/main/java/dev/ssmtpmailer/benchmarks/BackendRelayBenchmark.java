package dev.ssmtpmailer.benchmarks;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queue backends side by side (file spool, PostgreSQL with one and with three instances), end to end,
 * {@code smtp-source -> our server -> spool (fsync) -> delivery workers -> smtp-sink}, beside
 * Postfix doing the same job ({@code /work/shared/peers/bench-postfix-relay.sh}) in the same run. A plain main,
 * not a test: it prints figures and asserts nothing about time.
 *
 * <p>Each cell sends N messages of 1 KB or 100 KB over 1 or 10 client sessions (connections reused, like
 * {@code smtp-source -d}) to {@code contact-sales@mailer.domain1.com}. "accepted" = until smtp-source had its
 * last {@code 250}; "delivered" = until smtp-sink counted the last message ({@code -c} counters, polled every
 * 10 ms) and the spool is empty. Measured the way {@code bench-postfix-relay.sh} measures Postfix.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.BackendRelayBenchmark [N]
 * env: RUNS (1), SIZES ("1024 102400"), SESSIONS ("1 10"), POSTFIX (1: also run bench-postfix-relay.sh),
 *      PEERS (/work/shared/peers), BACKENDS ("file"; also "pg" and "pg3", see {@link RelayDeployment}),
 *      WAITING (0; with pg/pg3: run the cells again with that many messages waiting in the queue),
 *      PG_URL, PG_USER, PG_PASSWORD (postgres.sh's facts, for pg and pg3)
 * </pre>
 * Needs root (smtp-sink runs as nobody) and the postfix package (smtp-source, smtp-sink).
 */
public final class BackendRelayBenchmark {
    private static final String RCPT = Bench.RCPT;
    private static final Pattern POSTFIX_RUN = Pattern.compile("^(\\d+) (\\d+) reuse (\\d+)\\s+(\\d+) (\\d+) .*");

    private BackendRelayBenchmark() {
    }

    /**
     * @param args optional: messages per run (2000)
     * @throws Exception if a server or tool cannot start
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int runs = Integer.parseInt(Bench.env("RUNS", "1"));
        int[] sizes = ints(Bench.env("SIZES", "1024 102400"));
        int[] sessions = ints(Bench.env("SESSIONS", "1 10"));
        Path work = Files.createTempDirectory("server-relay-bench");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Bench.Figures> ours = new LinkedHashMap<>();
        int waiting = Integer.parseInt(Bench.env("WAITING", "0"));
        try (Bench.Sink counter = Bench.Sink.start(work)) {
            int sinkPort = counter.port();
            for (String backend : Bench.env("BACKENDS", "file").trim().split("\\s+")) {
                try (RelayDeployment relay = RelayDeployment.start(backend, config(work.resolve("spool-" + backend), sinkPort))) {
                    System.out.printf("# %s: %d instance(s) on 127.0.0.1:%s, sink 127.0.0.2:%d%n", backend,
                            relay.instances.size(), relay.instances.stream().map(m -> Integer.toString(m.port())).toList(),
                            sinkPort);
                    run(relay, counter, 200, 1024, 10, 0); // warm-up: JIT, pools
                    cells(relay, backend, counter, n, runs, sizes, sessions, 0, ours);
                    if (waiting > 0 && !backend.equals("file")) {
                        relay.addWaiting(waiting);
                        cells(relay, backend + "+" + waiting + " waiting", counter, n, runs, sizes, sessions, waiting, ours);
                    }
                }
            }
        }

        Map<String, Bench.Figures> postfix = "1".equals(Bench.env("POSTFIX", "1")) ? postfix(n, runs, sizes, sessions) : Map.of();
        System.out.println();
        System.out.printf("N = %d messages per run, median of %d; connections reused (-d); fsync on in both.%n", n, runs);
        System.out.println("| relay | body | client sessions | accepted msgs/s | delivered msgs/s | Postfix accepted msgs/s "
                + "| Postfix delivered msgs/s | delivered ratio relay/Postfix |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Bench.Figures> e : ours.entrySet()) {
            String[] k = e.getKey().split("\\|");
            Bench.Figures o = e.getValue();
            Bench.Figures p = postfix.get(k[1] + " " + k[2]);
            System.out.printf("| %s | %d KB | %s | %.0f | %.0f | %s | %s | %s |%n", k[0], Integer.parseInt(k[1]) / 1024, k[2],
                    o.accepted(), o.delivered(), p == null ? "-" : String.format("%.0f", p.accepted()),
                    p == null ? "-" : String.format("%.0f", p.delivered()),
                    p == null ? "-" : String.format("%.2f", o.delivered() / p.delivered()));
        }
    }

    private static void cells(RelayDeployment relay, String label, Bench.Sink counter, int n, int runs, int[] sizes,
                              int[] sessions, long waiting, Map<String, Bench.Figures> out) throws Exception {
        System.out.println("# relay size sessions run  accepted/s delivered/s");
        for (int size : sizes) {
            for (int s : sessions) {
                List<Bench.Figures> cell = new ArrayList<>();
                for (int r = 1; r <= runs; r++) {
                    Bench.Figures f = run(relay, counter, n, size, s, waiting);
                    System.out.printf("%s %d %d %d  %.0f %.0f%n", label, size, s, r, f.accepted(), f.delivered());
                    cell.add(f);
                }
                out.put(label + "|" + size + "|" + s, median(cell));
            }
        }
    }

    private static RelayConfig config(Path spool, int sinkPort) {
        String account = Bench.ACCOUNT;
        return RelayConfig.builder()
                .global(g -> g.defaultHostname("mailer.domain1.com").spoolDir(spool).enableRateLimiting(false)
                        .maxConnections(20))
                .domain(DomainConfig.builder("sink").smtpServer("127.0.0.2").smtpPort(sinkPort).tls(TlsMode.NONE)
                        .authMethod(AuthMethod.NONE).relayAccount(account).build())
                .domain(DomainConfig.builder("mailer.domain1.com").smtpServer("localhost").smtpPort(25).tls(TlsMode.NONE)
                        .authMethod(AuthMethod.NONE).build())
                .mapping(MappingConfig.of("sales", RCPT, "contact-sales@domain1.com", account))
                .build();
    }

    /**
     * One run: smtp-source spread over the deployment's instances (the sessions and messages divided among them;
     * with fewer sessions than instances only the first ones get traffic, and every instance still delivers).
     */
    private static Bench.Figures run(RelayDeployment relay, Bench.Sink counter, int n, int size, int sessions, long waiting)
            throws Exception {
        long base = counter.poll();
        int k = Math.min(relay.instances.size(), sessions);
        List<Process> sources = new ArrayList<>();
        List<Thread> reapers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < k; i++) {
            int messages = n / k + (i < n % k ? 1 : 0);
            int s = sessions / k + (i < sessions % k ? 1 : 0);
            Process source = new ProcessBuilder("/usr/sbin/smtp-source", "-s", Integer.toString(s), "-m",
                    Integer.toString(messages), "-l", Integer.toString(size), "-d", "-f", "bench@example.org", "-t", RCPT,
                    "127.0.0.1:" + relay.instances.get(i).port()).redirectErrorStream(true).start();
            Thread reaper = new Thread(() -> {
                try {
                    source.getInputStream().transferTo(System.err);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reaper.start();
            sources.add(source);
            reapers.add(reaper);
        }
        long tAccepted = 0;
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        while (counter.poll() < base + n || relay.depth() > waiting) {
            if (tAccepted == 0 && sources.stream().noneMatch(Process::isAlive)) {
                tAccepted = System.nanoTime();
                for (Process source : sources) {
                    if (source.exitValue() != 0) {
                        throw new IllegalStateException("smtp-source failed with exit " + source.exitValue());
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timeout: sink has " + (counter.poll() - base) + "/" + n);
            }
            Thread.sleep(10);
        }
        long tDelivered = System.nanoTime();
        for (Process source : sources) {
            source.waitFor();
        }
        for (Thread reaper : reapers) {
            reaper.join();
        }
        if (tAccepted == 0) {
            tAccepted = tDelivered;
        }
        return new Bench.Figures(n / ((tAccepted - t0) / 1e9), n / ((tDelivered - t0) / 1e9));
    }

    /** Runs Postfix's reference benchmark with the same cells and parses its per-run lines. */
    private static Map<String, Bench.Figures> postfix(int n, int runs, int[] sizes, int[] sessions) throws Exception {
        Path script = Path.of(Bench.env("PEERS", "/work/shared/peers"), "bench-postfix-relay.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), Integer.toString(n)).redirectErrorStream(true);
        pb.environment().put("RUNS", Integer.toString(runs));
        pb.environment().put("MODES", "reuse");
        pb.environment().put("SIZES", join(sizes));
        pb.environment().put("SESSIONS", join(sessions));
        System.out.println("# Postfix: " + script + " " + n + " (RUNS=" + runs + " MODES=reuse)");
        Process p = pb.start();
        Map<String, List<Bench.Figures>> cells = new LinkedHashMap<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            System.out.println("#   " + line);
            Matcher m = POSTFIX_RUN.matcher(line);
            if (m.matches()) {
                cells.computeIfAbsent(m.group(1) + " " + m.group(2), k -> new ArrayList<>())
                        .add(new Bench.Figures(Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))));
            }
        }
        p.waitFor();
        Map<String, Bench.Figures> out = new LinkedHashMap<>();
        cells.forEach((k, v) -> out.put(k, median(v)));
        return out;
    }

    /** The upper median for an even count of runs, as this benchmark has always printed. */
    private static Bench.Figures median(List<Bench.Figures> fs) {
        return new Bench.Figures(Bench.upperMedian(fs.stream().mapToDouble(Bench.Figures::accepted).toArray()),
                Bench.upperMedian(fs.stream().mapToDouble(Bench.Figures::delivered).toArray()));
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(int[] a) {
        return String.join(" ", Arrays.stream(a).mapToObj(Integer::toString).toList());
    }
}
