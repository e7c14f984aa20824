package dev.ssmtpmailer.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ssmtpmailer.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A short run of each benchmark scenario in the normal build, so that a scenario that stops working is noticed
 * and its figures show up in the build log. They print figures and assert nothing about time: only that every
 * message arrived (the benchmarks throw otherwise) and that each scenario produced its rows. Full runs are the
 * documented commands in {@code docs/performance.md}.
 *
 * <p>Each test runs only when what it needs is there (else skipped; with {@code SSMTP_REQUIRE_PEERS=1}, failed,
 * except for a missing {@code strace}, which only skips):
 * the client scenario the shared smtp-sink ({@code SINK_HOST}, {@code SINK_PORT}) and {@code smtp-source};
 * the relay scenarios root and the postfix tools (they start a private smtp-sink), the start, durability
 * and deep-queue scenarios also the runnable jar of module {@code cli}, durability also {@code strace}; the
 * sendmail start scenario the runnable jar and {@code msmtp}.
 */
class BenchmarksSmokeIT {
    private static final Path SMTP_SOURCE = Path.of("/usr/sbin/smtp-source");
    private static final Path SMTP_SINK = Path.of("/usr/sbin/smtp-sink");
    private static final Path CLI_JAR = Path.of("..", "cli", "target", "ssmtp-mailer.jar");

    @Test
    void smtpThroughput_shortRun_printsEachSideOfEachCell() throws Exception {
        Peers.SmtpSink sink = Peers.smtpSink();
        require(Files.isExecutable(SMTP_SOURCE), SMTP_SOURCE + " (package postfix)");

        List<SmtpThroughputBenchmark.Row> rows = SmtpThroughputBenchmark.run(new SmtpThroughputBenchmark.Settings(sink.host(),
                sink.port(), 200, new int[] {1, 100}, new int[] {1}, 1, true, 0), System.out);

        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.ours()).isPositive();
            assertThat(r.jakarta()).isPositive();
            assertThat(r.smtpSource()).isPositive();
        });
    }

    @Test
    void serverRelay_shortRun_printsRatesAndCostPerMessage() throws Exception {
        requireRootAndPostfixTools();

        Map<String, ServerRelayBenchmark.Figures> cells = ServerRelayBenchmark.run(new ServerRelayBenchmark.Settings(300, 1,
                new int[] {1024, 102400}, new int[] {10}, false, Path.of("/work/shared/peers")), System.out);

        assertThat(cells).containsOnlyKeys("1024 10", "102400 10").allSatisfy((cell, f) -> {
            assertThat(f.delivered()).isPositive();
            assertThat(f.cpuMillis()).isPositive();
        });
    }

    @Test
    void serveStart_shortRun_printsFirstAndSteadyRates() throws Exception {
        requireRootPostfixToolsAndCliJar();

        List<ServeStartBenchmark.Start> rows = ServeStartBenchmark.run(new ServeStartBenchmark.Settings(CLI_JAR, 200, 200, 1,
                1024, 4, List.of("plain", "warm")), System.out);

        // goal 3 read both ways: the first messages' average, and the ramp (the rate their last fifth reached)
        rows.forEach(r -> System.out.println("serve start smoke: " + r.goalLine()));
        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.first()).isPositive();
            assertThat(r.steady()).isPositive();
        });
    }

    @Test
    void durability_shortRun_printsFsyncsPerMessage() throws Exception {
        requireRootPostfixToolsAndCliJar();
        // strace is a tool, not a peer: without it the scenario is skipped even where peers are required
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed");

        List<DurabilityBenchmark.Cell> cells = DurabilityBenchmark.run(CLI_JAR, 200, 1024, new int[] {1, 10}, System.out);

        // one session: every accepted message waits for an fsync of its own before its 250; ten share them (group commit)
        assertThat(cells).hasSize(2);
        assertThat(cells.get(0).syncsPerMessage()).isGreaterThanOrEqualTo(1);
        assertThat(cells.get(1).syncsPerMessage()).isPositive();
    }

    @Test
    void deepQueue_shortRun_printsHeapRestartListAndDrainFigures() throws Exception {
        requireRootPostfixToolsAndCliJar();

        // PostgreSQL too when postgres.sh's facts are exported
        List<String> backends = System.getenv("PG_URL") == null ? List.of("file") : List.of("file", "pg");
        List<DeepQueueBenchmark.Depth> rows = DeepQueueBenchmark.run(CLI_JAR, backends, new int[] {400}, 1024, 4, 200, System.out);

        // queue list prints every waiting message (and a header); once the upstream is back, waiting mail is delivered
        assertThat(rows).hasSize(backends.size()).allSatisfy(d -> {
            assertThat(d.listed()).isGreaterThanOrEqualTo(400);
            assertThat(d.delivered()).isPositive();
        });
    }

    @Test
    void sendmailStart_shortRun_printsMediansBesideTheBareJvm() throws Exception {
        requireCliJar();
        require(Files.isExecutable(Path.of("/usr/bin/msmtp")), "msmtp (package msmtp)");

        List<SendmailStartBenchmark.Row> rows = SendmailStartBenchmark.run(new SendmailStartBenchmark.Settings(CLI_JAR,
                Path.of("..", "packaging", "install.sh"), 3, 1024), System.out);

        // every command exited 0 (the benchmark throws otherwise): each sendmail handed its message to serve
        assertThat(rows).hasSize(6).allSatisfy(r -> assertThat(r.medianMillis()).isPositive());
    }

    /** What the start, durability and deep-queue scenarios need: the relay scenarios' tools and the cli jar. */
    private static void requireRootPostfixToolsAndCliJar() {
        requireRootAndPostfixTools();
        requireCliJar();
    }

    private static void requireCliJar() {
        require(Files.isRegularFile(CLI_JAR), CLI_JAR + " (mvn -pl cli -am package)");
    }

    private static void requireRootAndPostfixTools() {
        require("root".equals(System.getProperty("user.name")), "root (smtp-sink runs as nobody)");
        require(Files.isExecutable(SMTP_SOURCE) && Files.isExecutable(SMTP_SINK), "smtp-source and smtp-sink (package postfix)");
    }

    private static void require(boolean present, String what) {
        if (!present) {
            if ("1".equals(System.getenv(Peers.REQUIRE_PEERS))) {
                fail("missing: " + what);
            }
            Assumptions.abort("missing: " + what);
        }
    }
}
