package dev.ssmtpmailer.benchmarks;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the pooled SMTP client against {@code smtp-sink} (see {@code /work/shared/peers}), beside two
 * baselines in the same run: plain Jakarta Mail (one reused {@link Transport} per thread, default properties,
 * {@code sendMessage} in a loop) and Postfix's {@code smtp-source -d} (C, sessions reused), the ceiling to
 * reach. Prints a table; asserts nothing.
 *
 * <p>The machine may be shared: after a warm-up of each side (at least {@code WARMUP} seconds), the three sides
 * take turns {@code ROUNDS} times and the best rate of each is reported, so a burst of load elsewhere does not
 * decide a ratio; the CPU per message of each side (the least of its rounds) is steadier than the rates. A
 * second table gives the medians over the rounds and the range of the per-round ratio ours/smtp-source (each
 * round's two runs follow each other, so they saw about the same load). smtp-sink offers
 * PIPELINING, so the client sends MAIL, RCPT and DATA as one group; the Jakarta baseline waits for every reply.
 * Every side's time includes connecting (smtp-source's also its process start, a few ms).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.SmtpThroughputBenchmark [HOST PORT [MESSAGES [SIZES]]]
 * env: ROUNDS (5), WARMUP (10 s per cell), CONNECTIONS ("1,4"; messages of 1 MB and more: one connection),
 *      JAKARTA (1: also run Jakarta Mail)
 * </pre>
 * Host and port default to {@code SINK_HOST}/{@code SINK_PORT}; MESSAGES (per run of a 1 KB cell, default 2000)
 * is split over the connections, 100 KB cells send half as many and larger ones the same bytes as a 100 KB
 * cell (at least 3 messages); SIZES is a comma-separated list of message sizes in KB (default {@code 1,100};
 * {@code 1,100,10240,51200} adds 10 MB and 50 MB).
 */
public final class SmtpThroughputBenchmark {
    private static final String FROM = "bench@domain1.com";
    private static final String TO = "sink@example.com";
    private static final String SMTP_SOURCE = "/usr/sbin/smtp-source";
    private static final double MB = 1024 * 1024;

    private SmtpThroughputBenchmark() {
    }

    /** What to run. */
    record Settings(String host, int port, int messages, int[] sizesKb, int[] connections, int rounds, boolean jakarta,
                    int warmUpSeconds) {
        int messagesFor(int size) {
            if (size <= 10 * 1024) {
                return messages;
            }
            long bytes = (long) (messages / 2) * 100 * 1024;
            return (int) Math.max(3, Math.min(messages / 2, bytes / size));
        }
    }

    /** One cell's best rates, msgs/s, and least CPU, microseconds per message; {@code NaN} for a side that did not run. */
    record Row(int size, int connections, int messages, double jakarta, double ours, double smtpSource, double oursCpu,
               double smtpSourceCpu, Medians medians) {
    }

    /**
     * One cell over its rounds: median rates (msgs/s) and CPU (microseconds per message) of ours and
     * smtp-source, and the median, least and greatest of the per-round ratio ours/smtp-source.
     */
    record Medians(double ours, double smtpSource, double oursCpu, double smtpSourceCpu, double ratio, double ratioMin,
                   double ratioMax) {
        static Medians of(List<Rate> ours, List<Rate> smtpSource) {
            double[] ratios = new double[ours.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = ours.get(i).perSecond() / smtpSource.get(i).perSecond();
            }
            Arrays.sort(ratios);
            boolean none = ratios.length == 0;  // ROUNDS=0: empty rows
            return new Medians(Bench.median(ours, Rate::perSecond), Bench.median(smtpSource, Rate::perSecond),
                    Bench.median(ours, Rate::cpuMicros), Bench.median(smtpSource, Rate::cpuMicros), Bench.median(ratios),
                    none ? Double.NaN : ratios[0], none ? Double.NaN : ratios[ratios.length - 1]);
        }
    }

    /** One run of one side: msgs/s, and CPU microseconds per message of the sending process. */
    record Rate(double perSecond, double cpuMicros) {
        static final Rate NONE = new Rate(Double.NaN, Double.NaN);

        Rate best(Rate other) {
            return new Rate(max(perSecond, other.perSecond), Double.isNaN(cpuMicros) ? other.cpuMicros
                    : Math.min(cpuMicros, other.cpuMicros));
        }
    }

    /**
     * @param args {@code [HOST PORT [MESSAGES [SIZES]]]}
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        Settings s = new Settings(args.length > 0 ? args[0] : env("SINK_HOST", "127.0.0.1"),
                Integer.parseInt(args.length > 1 ? args[1] : env("SINK_PORT", "2526")),
                args.length > 2 ? Integer.parseInt(args[2]) : 2000,
                ints(args.length > 3 ? args[3] : "1,100"), ints(env("CONNECTIONS", "1,4")),
                Integer.parseInt(env("ROUNDS", "5")), !"0".equals(env("JAKARTA", "1")),
                Integer.parseInt(env("WARMUP", "10")));
        run(s, System.out);
    }

    /**
     * Runs every cell and prints its figures as they come, then a Markdown table.
     *
     * @param s what to run
     * @param out where the figures go
     * @return the rows of the table
     * @throws Exception if a run fails
     */
    static List<Row> run(Settings s, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "# smtp-sink %s:%d, best of %d rounds, %d cores (%s)%n", s.host(), s.port(), s.rounds(),
                Runtime.getRuntime().availableProcessors(), cpuModel());
        boolean source = Files.isExecutable(Path.of(SMTP_SOURCE));
        List<Row> rows = new ArrayList<>();
        for (int kb : s.sizesKb()) {
            int size = kb * 1024;
            byte[] message = message(size);
            int[] conns = size >= MB ? new int[] {1} : s.connections();
            for (int c : conns) {
                int n = Math.max(c, s.messagesFor(size) / c * c);
                // warm-up: the JIT needs tens of thousands of small messages before the client runs compiled code
                // (and reconnects every 100 messages: that code must be warm too); measured: 135 us of CPU per 1 KB
                // message over the first 20,000, 45 us after
                long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(s.warmUpSeconds());
                do {
                    if (s.jakarta()) {
                        jakarta(s, message, c, n);
                    }
                    client(s, message, c, n);
                } while (System.nanoTime() < warmUntil);
                Rate base = Rate.NONE;
                Rate ours = Rate.NONE;
                Rate ceiling = Rate.NONE;
                List<Rate> oursRounds = new ArrayList<>();
                List<Rate> ceilingRounds = new ArrayList<>();
                for (int round = 0; round < s.rounds(); round++) {
                    Rate j = s.jakarta() ? jakarta(s, message, c, n) : Rate.NONE;
                    Rate o = client(s, message, c, n);
                    Rate p = source ? smtpSource(s, size, c, n) : Rate.NONE;
                    out.printf(Locale.ROOT, "# %s, %d conn, %d msgs, round %d: msgs/s (CPU us/msg) jakarta %.1f (%.0f)  "
                            + "ours %.1f (%.0f)  smtp-source %.1f (%.0f)  MB/s ours %.1f smtp-source %.1f%n", label(size), c,
                            n, round + 1, j.perSecond(), j.cpuMicros(), o.perSecond(), o.cpuMicros(), p.perSecond(),
                            p.cpuMicros(), o.perSecond() * size / MB, p.perSecond() * size / MB);
                    base = base.best(j);
                    ours = ours.best(o);
                    ceiling = ceiling.best(p);
                    oursRounds.add(o);
                    ceilingRounds.add(p);
                }
                rows.add(new Row(size, c, n, base.perSecond(), ours.perSecond(), ceiling.perSecond(), ours.cpuMicros(),
                        ceiling.cpuMicros(), Medians.of(oursRounds, ceilingRounds)));
            }
        }
        out.println("| size | conns | msgs/run | Jakarta msgs/s | ours msgs/s | smtp-source msgs/s | ours MB/s | smtp-source MB/s "
                + "| ours/Jakarta | ours/smtp-source | CPU us/msg ours | CPU us/msg smtp-source |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %d | %d | %s | %.0f | %s | %.1f | %s | %s | %s | %.0f | %s |%n", label(r.size()),
                    r.connections(), r.messages(), fmt("%.0f", r.jakarta()), r.ours(), fmt("%.0f", r.smtpSource()),
                    r.ours() * r.size() / MB, fmt("%.1f", r.smtpSource() * r.size() / MB), fmt("%.2fx", r.ours() / r.jakarta()),
                    fmt("%.2fx", r.ours() / r.smtpSource()), r.oursCpu(), fmt("%.0f", r.smtpSourceCpu()));
        }
        out.println();
        out.println("| size | conns | median ours msgs/s | median smtp-source msgs/s | median ours MB/s | median smtp-source MB/s "
                + "| ours/smtp-source per round: median (range) | median CPU us/msg ours | median CPU us/msg smtp-source |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            Medians m = r.medians();
            out.printf(Locale.ROOT, "| %s | %d | %.1f | %s | %.1f | %s | %s | %.0f | %s |%n", label(r.size()), r.connections(),
                    m.ours(), fmt("%.1f", m.smtpSource()), m.ours() * r.size() / MB, fmt("%.1f", m.smtpSource() * r.size() / MB),
                    Double.isNaN(m.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)", m.ratio(), m.ratioMin(),
                            m.ratioMax()), m.oursCpu(), fmt("%.0f", m.smtpSourceCpu()));
        }
        return rows;
    }

    private static double max(double best, double next) {
        return Double.isNaN(best) ? next : Math.max(best, next);
    }

    private static String fmt(String format, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static String label(int size) {
        return size >= MB ? size / 1024 / 1024 + " MB" : size / 1024 + " KB";
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(v -> Integer.parseInt(v.strip())).toArray();
    }

    /** @return the CPU model from {@code /proc/cpuinfo}, or "unknown CPU" */
    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    /** A message of about {@code size} bytes: a few headers and 76-character lines. */
    static byte[] message(int size) {
        StringBuilder b = new StringBuilder(size + 100).append("From: " + FROM + "\r\nTo: " + TO + "\r\nSubject: bench\r\n"
                + "Message-ID: <bench@domain1.com>\r\n\r\n");
        String line = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmn\r\n";
        while (b.length() + line.length() <= size) {
            b.append(line);
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Rate jakarta(Settings s, byte[] message, int conns, int total) throws Exception {
        return run(conns, total, perThread -> {
            Session session = Session.getInstance(new Properties());
            MimeMessage mime = new MimeMessage(session, new ByteArrayInputStream(message));
            Address[] to = {new InternetAddress(TO)};
            try (Transport t = session.getTransport("smtp")) {
                t.connect(s.host(), s.port(), null, null);
                for (int i = 0; i < perThread; i++) {
                    t.sendMessage(mime, to);
                }
            }
        });
    }

    private static Rate client(Settings s, byte[] message, int conns, int total) throws Exception {
        DomainConfig account = DomainConfig.builder("sink").smtpServer(s.host()).smtpPort(s.port()).tls(TlsMode.NONE)
                .authMethod(AuthMethod.NONE).maxConnections(conns).build();
        Envelope envelope = Envelope.of(EmailAddress.parse(FROM), EmailAddress.parse(TO));
        MessageBody body = MessageBody.of(message);
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            return run(conns, total, perThread -> {
                for (int i = 0; i < perThread; i++) {
                    for (RecipientResult r : client.send(account, envelope, body)) {
                        if (!r.delivered()) {
                            throw new IllegalStateException("not delivered: " + r);
                        }
                    }
                }
            });
        }
    }

    private interface Work {
        void run(int perThread) throws Exception;
    }

    /** @return the rate and this process's CPU per message for {@code total} messages over {@code conns} threads */
    private static Rate run(int conns, int total, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(conns);
        try {
            int perThread = total / conns;
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < conns; i++) {
                tasks.add(() -> {
                    work.run(perThread);
                    return null;
                });
            }
            long cpu = ProcessCpu.nanos();
            long start = System.nanoTime();
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
            long wall = System.nanoTime() - start;
            int sent = perThread * conns;
            return new Rate(sent / (wall / 1e9), (ProcessCpu.nanos() - cpu) / 1e3 / sent);
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs {@code smtp-source -d} (sessions reused) under bash, whose {@code times} prints the CPU its children
     * used, and returns its rate and CPU per message.
     */
    private static Rate smtpSource(Settings s, int size, int conns, int total) throws IOException, InterruptedException {
        String command = String.join(" ", SMTP_SOURCE, "-s", Integer.toString(conns), "-m", Integer.toString(total),
                "-l", Integer.toString(size), "-d", "-f", FROM, "-t", TO, s.host() + ":" + s.port());
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command + " >&2 && times").redirectErrorStream(false);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        double secs = (System.nanoTime() - start) / 1e9;
        if (rc != 0) {
            throw new IllegalStateException("smtp-source failed with exit " + rc + ": " + command);
        }
        return new Rate(total / secs, ProcessCpu.childrenMicros(out) / total);
    }
}
