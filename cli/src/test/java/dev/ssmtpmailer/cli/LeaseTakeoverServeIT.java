package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a {@code serve} (the built jar) that holds leases in the middle of deliveries, on the
 * PostgreSQL queue of the {@code postgres.sh} peer: its upstream has every byte of some messages but holds back the
 * {@code 250}. Another instance takes the messages over when the leases expire, and every message arrives; the ones
 * whose bytes the killed instance had sent arrive twice (at-least-once), and no others.
 */
@RequiresPeer(Peer.POSTGRES)
class LeaseTakeoverServeIT {
    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (\\S+)");
    private static final int MESSAGES = 6;

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private Peers.Postgres pg;
    private String schema;
    private FakeUpstream upstream;

    @BeforeEach
    void database() {
        pg = Peers.postgres();
        schema = "lease_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
    }

    @AfterEach
    void stop() throws Exception {
        Jar.stop(processes);
        if (upstream != null) {
            upstream.close();
        }
        if (pg != null) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void killedWhileHoldingLeasesMidDelivery_anotherInstanceTakesOverAfterTheLease_everyMessageDelivered() throws Exception {
        upstream = new FakeUpstream();
        CountDownLatch replies = new CountDownLatch(1);
        upstream.holdData = replies;
        Path tree = tree();
        String run = "takeover" + Long.toString(System.nanoTime(), 36);

        int portA = freePort();
        Process a = serve(tree, "a", portA);
        List<String> acknowledged = new ArrayList<>();
        for (int m = 0; m < MESSAGES; m++) {
            String subject = run + "-" + m;
            assertThat(ServeIT.sendAsOutsider(portA, "contact-sales@mailer.domain1.com", subject)).startsWith("250");
            acknowledged.add(subject);
        }
        // max_connections = 2: two attempts have sent every byte and wait for the upstream's 250
        Await.within(Duration.ofSeconds(60), "two attempts waiting for the end-of-data reply", () -> upstream.held.get() == 2);
        int leasedByA = count("SELECT count(*) FROM " + schema + ".message WHERE lease_owner LIKE ? AND lease_expires > now()",
                "%-" + a.pid());
        assertThat(leasedByA).as("messages leased by instance a, in force, at the kill").isGreaterThanOrEqualTo(2);

        a.destroyForcibly(); // kill -9: no lease is given back, no outcome recorded
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int sentByA = upstream.held.get();
        replies.countDown(); // the upstream keeps what it got: the 250 for it never reaches anyone

        serve(tree, "b", freePort()); // takes a's messages over once their leases (5 s) expire
        Await.within(Duration.ofMinutes(2), "every acknowledged message delivered",
                () -> delivered(run).keySet().containsAll(acknowledged));
        Await.within(Duration.ofSeconds(30), "the shared queue empty", () -> count("SELECT count(*) FROM " + schema + ".message") == 0);

        Map<String, Integer> delivered = delivered(run);
        int duplicates = delivered.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("kill -9 mid-delivery: %d acknowledged, %d leased by the killed instance, %d of them sent in full, "
                + "%d delivered, %d duplicates%n", acknowledged.size(), leasedByA, sentByA, delivered.size(), duplicates);
        assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(duplicates).as("sent again: exactly the messages whose 250 the killed instance never read").isEqualTo(sentByA);
    }

    private Process serve(Path tree, String name, int port) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        Process p = Jar.start(out, "--config-dir", tree.toString(), "serve", "--listen", "127.0.0.1:" + port, "--log-stdout",
                "--no-watch");
        processes.add(p);
        String stdout = ServeIT.awaitLine(out.resolve("stdout"), "listening on");
        assertThat(stdout).as(Files.readString(out.resolve("stderr"))).contains("listening on 127.0.0.1:" + port);
        return p;
    }

    /** The fake upstream's tree on a fresh schema, with the shortest lease and two connections to the upstream. */
    private Path tree() throws Exception {
        Path tree = upstream.writeTree(dir.resolve("etc"), FakeUpstream.PASSWORD);
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        Path conf = tree.resolve("ssmtp-mailer.conf");
        Files.writeString(conf, Files.readString(conf) + "max_connections = 2\nretry_min_backoff = 1s\nretry_max_backoff = 2s\n"
                + QueueImportIT.postgresKeys(pg, schema) + "queue_lease = 5s\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        return tree;
    }

    /** @return how often the upstream took each message of this run */
    private Map<String, Integer> delivered(String run) {
        Map<String, Integer> seen = new TreeMap<>();
        for (String m : upstream.received) {
            Matcher s = SUBJECT.matcher(m);
            if (s.find() && s.group(1).startsWith(run + "-")) {
                seen.merge(s.group(1), 1, Integer::sum);
            }
        }
        return seen;
    }

    private int count(String sql, String... parameters) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.url(), pg.user(), pg.password());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
