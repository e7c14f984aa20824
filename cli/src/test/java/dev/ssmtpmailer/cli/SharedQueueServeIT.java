package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code serve} processes of the built jar on one PostgreSQL queue ({@code queue_backend = postgres}),
 * forwarding to the real upstream of {@code upstream-smtp.sh}; messages are counted in its Maildir.
 */
class SharedQueueServeIT {
    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (\\S+)");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private String schema;

    @AfterEach
    void stop() throws Exception {
        Jar.stop(processes);
        if (schema != null) {
            Cli.Result dropped = psql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            assertThat(dropped.status()).as(dropped.err()).isZero();
        }
    }

    @Test
    void threeServeProcesses_oneKilledMidStream_everyAcknowledgedMessageIsDelivered() throws Exception {
        Path tree = tree("enable_rate_limiting = false\n", Duration.ofSeconds(10));
        List<Integer> ports = startThree(tree);
        String run = "kill" + Long.toString(System.nanoTime(), 36);

        Collection<String> acknowledged = offer(ports, run, 3, 40, Duration.ofMinutes(5), (client, m) -> {
            if (client == 0 && m == 15) {
                processes.get(0).destroyForcibly(); // kill -9, mid-stream: its clients see the connection fail
            }
        });
        assertThat(processes.get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();

        Map<String, Integer> delivered = awaitDelivered(run, acknowledged, Duration.ofMinutes(3));

        int duplicates = delivered.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("kill -9 of one of three: %d acknowledged, %d delivered, %d duplicates%n", acknowledged.size(),
                delivered.size(), duplicates);
        assertThat(acknowledged.size()).as("messages acknowledged before and after the kill").isGreaterThan(80);
        assertThat(delivered.keySet()).as("every acknowledged message delivered").containsAll(acknowledged);
    }

    @Test
    void threeServeProcesses_shareTheAccountsPerMinuteLimit() throws Exception {
        Path tree = tree("rate_limit_per_minute = 60\n", Duration.ofMinutes(2));
        List<Integer> ports = startThree(tree);
        String run = "limit" + Long.toString(System.nanoTime(), 36);

        Instant start = Instant.now();
        Collection<String> acknowledged = offer(ports, run, 9, 10, Duration.ofMinutes(2), (client, m) -> { });
        assertThat(acknowledged).hasSize(90);

        // Within the first 20 s at most the bucket (60) plus its refill (1 a second) can have left.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), start.plusSeconds(20)).toMillis()));
        int early = countDelivered(run).size();
        Map<String, Integer> all = awaitDelivered(run, acknowledged, Duration.ofMinutes(3));

        System.out.printf("shared limit 60/min, 3 instances, 90 offered: %d delivered in the first 20 s, %d in all%n",
                early, all.size());
        assertThat(early).as("delivered in the first 20 s").isLessThanOrEqualTo(60 + 20).isLessThan(90);
        assertThat(all.keySet()).containsAll(acknowledged);
    }

    private List<Integer> startThree(Path tree) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path out = Files.createDirectories(dir.resolve("serve" + i));
            processes.add(Jar.start(out, "--config-dir", tree.toString(), "serve", "--listen", "127.0.0.1:" + port,
                    "--log-stdout", "--no-watch"));
            ports.add(port);
        }
        for (int i = 0; i < 3; i++) {
            Path out = dir.resolve("serve" + i);
            String stdout = ServeIT.awaitLine(out.resolve("stdout"), "listening on");
            assertThat(stdout).as(Files.readString(out.resolve("stderr"))).contains("listening on 127.0.0.1:" + ports.get(i));
        }
        return ports;
    }

    /** The serve test's tree on a fresh schema of the postgres peer. */
    private Path tree(String extraGlobal, Duration lease) throws IOException {
        schema = "it_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
        Path tree = ServeIT.tree(dir, "retry_min_backoff = 1s\nretry_max_backoff = 2s\nqueue_backend = postgres\n"
                + "database_url = " + Jar.peer("PG_URL") + "\ndatabase_user = " + Jar.peer("PG_USER")
                + "\ndatabase_password = " + Jar.peer("PG_PASSWORD") + "\ndatabase_schema = " + schema
                + "\nqueue_lease = " + lease.toSeconds() + "s\n" + extraGlobal);
        Files.setPosixFilePermissions(tree.resolve("ssmtp-mailer.conf"), PosixFilePermissions.fromString("rw-------"));
        return tree;
    }

    /**
     * Sends from {@code clients} threads at once, {@code perClient} messages each, client {@code c} to instance
     * {@code c % 3}; the subjects are {@code run-client-message}.
     *
     * @param max how long to wait for each client to finish
     * @param afterEach called by a client after each of its messages, with its own number and the message's
     * @return the subjects that were acknowledged with 250
     */
    private static Collection<String> offer(List<Integer> ports, String run, int clients, int perClient, Duration max,
            BiConsumer<Integer, Integer> afterEach) throws Exception {
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> streams = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                streams.add(threads.submit(() -> {
                    for (int m = 0; m < perClient; m++) {
                        String subject = run + "-" + client + "-" + m;
                        if (send(ports.get(client % ports.size()), subject).startsWith("250")) {
                            acknowledged.add(subject);
                        }
                        afterEach.accept(client, m);
                    }
                    return null;
                }));
            }
            for (Future<?> f : streams) {
                f.get(max.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            threads.shutdown();
        }
        return acknowledged;
    }

    /** One SMTP session: the reply to the end of data, or the first refusal, or "" when the connection failed. */
    private static String send(int port, String subject) {
        try {
            return ServeIT.sendAsOutsider(port, "contact-sales@mailer.domain1.com", subject);
        } catch (IOException e) {
            return "";
        }
    }

    /** @return how often each subject of this run is in the upstream's Maildir */
    private static Map<String, Integer> countDelivered(String run) throws IOException {
        Map<String, Integer> seen = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(Jar.peer("MAILDIR_NEW")))) {
            for (Path f : files.toList()) {
                String text;
                try {
                    text = Files.readString(f, StandardCharsets.ISO_8859_1);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                Matcher m = SUBJECT.matcher(text);
                if (m.find() && m.group(1).startsWith(run + "-")) {
                    seen.merge(m.group(1), 1, Integer::sum);
                }
            }
        }
        return seen;
    }

    private static Map<String, Integer> awaitDelivered(String run, Collection<String> expected, Duration max)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(max);
        Map<String, Integer> seen = countDelivered(run);
        while (!seen.keySet().containsAll(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            seen = countDelivered(run);
        }
        return seen;
    }

    private static Cli.Result psql(String sql) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(Jar.peer("PG_BIN"), "psql").toString(), "-h", Jar.peer("PG_HOST"),
                "-p", Jar.peer("PG_PORT"), "-U", Jar.peer("PG_USER"), "-d", Jar.peer("PG_DATABASE"), "-v", "ON_ERROR_STOP=1",
                "-q", "-c", sql);
        pb.environment().put("PGPASSWORD", Jar.peer("PG_PASSWORD"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Cli.Result(p.exitValue(), out, err);
    }
}
