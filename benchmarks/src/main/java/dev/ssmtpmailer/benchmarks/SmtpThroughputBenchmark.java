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
import java.nio.charset.StandardCharsets;
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
 * Throughput of the pooled SMTP client against {@code smtp-sink} (see {@code /work/shared/peers}), next to a
 * plain Jakarta Mail baseline (one reused {@link Transport} per thread, default properties, {@code sendMessage}
 * in a loop) and {@code smtp-source -d} as the ceiling. Prints a table; asserts nothing.
 *
 * <p>The machine may be shared: after a warm-up, baseline and client runs alternate {@value #ROUNDS} times and
 * the best rate of each is reported, so a burst of load elsewhere does not decide the ratio. smtp-sink offers
 * PIPELINING, so the client sends MAIL, RCPT and DATA as one group; the baseline waits for every reply.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.SmtpThroughputBenchmark [HOST PORT [MESSAGES [SIZES]]]
 * </pre>
 * Host and port default to {@code SINK_HOST}/{@code SINK_PORT}; MESSAGES (per run, default 1000) is split
 * over the connections; SIZES is a comma-separated list of message sizes in KB (default {@code 1,100}).
 */
public final class SmtpThroughputBenchmark {
    private static final String FROM = "bench@domain1.com";
    private static final String TO = "sink@example.com";
    private static final int ROUNDS = 3;

    private SmtpThroughputBenchmark() {
    }

    /**
     * @param args {@code [HOST PORT [MESSAGES [SIZES]]]}
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : env("SINK_HOST", "127.0.0.1");
        int port = Integer.parseInt(args.length > 1 ? args[1] : env("SINK_PORT", "2526"));
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int[] sizes = Arrays.stream((args.length > 3 ? args[3] : "1,100").split(","))
                .mapToInt(kb -> Integer.parseInt(kb.strip()) * 1024).toArray();
        System.out.printf(Locale.ROOT, "smtp-sink %s:%d, %d messages per run (100 KB: half), best of %d runs, %d cores%n",
                host, port, messages, ROUNDS, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s %5s %14s %14s %8s %14s%n", "size", "conns", "baseline msg/s", "client msg/s",
                "ratio", "smtp-source");
        for (int size : sizes) {
            byte[] message = message(size);
            for (int conns : new int[] {1, 4}) {
                int n = size > 10_000 ? messages / 2 : messages;
                baseline(host, port, message, conns, n);  // warm-up (JIT), as long as a run: the client also
                client(host, port, message, conns, n);    // reconnects every 100 messages, that code must be warm too
                double base = 0;
                double ours = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    base = Math.max(base, baseline(host, port, message, conns, n));
                    ours = Math.max(ours, client(host, port, message, conns, n));
                }
                String source = smtpSource(host, port, size, conns, n);
                System.out.printf(Locale.ROOT, "%-8s %5d %14.0f %14.0f %7.1fx %14s%n", size / 1024 + " KB", conns, base, ours,
                        ours / base, source);
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A message of about {@code size} bytes: a few headers and 76-character lines. */
    static byte[] message(int size) {
        StringBuilder b = new StringBuilder("From: " + FROM + "\r\nTo: " + TO + "\r\nSubject: bench\r\n"
                + "Message-ID: <bench@domain1.com>\r\n\r\n");
        String line = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmn\r\n";
        while (b.length() + line.length() <= size) {
            b.append(line);
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static double baseline(String host, int port, byte[] message, int conns, int total) throws Exception {
        return run(conns, total, perThread -> {
            Session session = Session.getInstance(new Properties());
            MimeMessage mime = new MimeMessage(session, new ByteArrayInputStream(message));
            Address[] to = {new InternetAddress(TO)};
            try (Transport t = session.getTransport("smtp")) {
                t.connect(host, port, null, null);
                for (int i = 0; i < perThread; i++) {
                    t.sendMessage(mime, to);
                }
            }
            return null;
        });
    }

    private static double client(String host, int port, byte[] message, int conns, int total) throws Exception {
        DomainConfig account = DomainConfig.builder("sink").smtpServer(host).smtpPort(port).tls(TlsMode.NONE)
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
                return null;
            });
        }
    }

    private interface Work {
        Void run(int perThread) throws Exception;
    }

    /** @return messages per second for {@code total} messages over {@code conns} threads */
    private static double run(int conns, int total, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(conns);
        try {
            int perThread = total / conns;
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < conns; i++) {
                tasks.add(() -> work.run(perThread));
            }
            long start = System.nanoTime();
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
            return perThread * conns / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code smtp-source -d} (sessions reused) and returns its rate, or why it could not run. */
    private static String smtpSource(String host, int port, int size, int conns, int total) throws IOException, InterruptedException {
        String binary = "/usr/sbin/smtp-source";
        if (!new java.io.File(binary).canExecute()) {
            return "n/a";
        }
        ProcessBuilder pb = new ProcessBuilder(binary, "-s", Integer.toString(conns), "-m", Integer.toString(total),
                "-l", Integer.toString(size), "-d", "-f", FROM, "-t", TO, host + ":" + port).redirectErrorStream(true);
        long start = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        double secs = (System.nanoTime() - start) / 1e9;
        if (rc != 0) {
            return "failed: " + new String(out, StandardCharsets.UTF_8).strip();
        }
        return String.format(Locale.ROOT, "%.0f msg/s", total / secs);
    }

}
