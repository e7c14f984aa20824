package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.subethamail.smtp.server.SMTPServer;

/** {@code serve --warm-up N}: the throwaway messages go through a private relay in this JVM and leave nothing behind. */
class WarmUpTest {
    @TempDir
    Path scratch;

    /** One row per rule of {@code WarmUp.run}; a busy compiler reports a second of work at each look. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a fixed count relays every message through the in-process upstream |40|40 |40|PT1M|false|1|40|true
            auto ends after the first round that leaves the compilers idle    |20|200|20|PT1M|false|1|20|true
            auto relays its least even when settled at once                   |60|200|20|PT1M|false|3|60|true
            auto with compilers never idle stops at its most: 20 + 20 + 10    |20|50 |20|PT1M|true |3|50|false
            auto past its time limit starts no new round                      |20|200|20|PT0S|true |1|20|false
            """)
    void run_relaysThroughTheInProcessUpstream_andRemovesItsSpool(String rule, int least, int most, int round,
            Duration limit, boolean busyCompilers, int rounds, int messages, boolean settled) throws Exception {
        AtomicLong compiling = new AtomicLong();

        WarmUp.Result r = WarmUp.run(new WarmUp.Plan(least, most, round, limit, scratch),
                () -> busyCompilers ? compiling.addAndGet(1_000_000) : 0);

        assertThat(r.rounds()).isEqualTo(rounds);
        assertThat(r.messages()).isEqualTo(messages);
        assertThat(r.delivered()).isEqualTo(messages);
        assertThat(r.settled()).isEqualTo(settled);
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void removeOnExit_theHookRemovesTheScratchSpool_forAServeStoppedDuringItsWarmUp() throws Exception {
        Path spool = Files.createDirectories(scratch.resolve(WarmUp.SCRATCH_PREFIX + "1/queue"));
        Files.writeString(spool.resolve("message"), "x");
        Thread hook = WarmUp.removeOnExit(scratch.resolve(WarmUp.SCRATCH_PREFIX + "1"));
        Runtime.getRuntime().removeShutdownHook(hook); // run here, not at this JVM's exit

        hook.run();

        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void plans_ofServe_fixedIsOneRound_autoIsRoundsUntilSettled() {
        WarmUp.Plan fixed = WarmUp.Plan.fixed(2000);
        WarmUp.Plan auto = WarmUp.Plan.auto();

        assertThat(List.of(fixed.least(), fixed.most(), fixed.round())).containsOnly(2000);
        assertThat(List.of(auto.least(), auto.most(), auto.round())).containsExactly(WarmUp.ROUND, WarmUp.AUTO_MOST, WarmUp.ROUND);
        assertThat(auto.limit()).isEqualTo(WarmUp.AUTO_LIMIT);
        assertThat(auto.scratchParent()).isEqualTo(WarmUp.scratchParent());
    }

    @Test
    void compilerMillis_onThisJvm_isTheJitsRunningTotal() {
        assertThat(WarmUp.compilerMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void upstream_offersPipelining_likeTheRealUpstreams() throws Exception {
        SMTPServer upstream = WarmUp.upstream(new AtomicInteger());
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), upstream.getPortAllocated());
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
            assertThat(in.readLine()).startsWith("220");
            s.getOutputStream().write("EHLO test\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> ehlo = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = line.startsWith("250 ") ? null : in.readLine()) {
                ehlo.add(line);
            }

            assertThat(ehlo).contains("250-PIPELINING");
        } finally {
            upstream.stop();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            lots | --warm-up needs a number or auto
            -1   | --warm-up must not be negative
            """)
    void serve_badWarmUp_isAUsageError(String warmUp, String message) {
        Cli.Result r = Cli.run("serve", "--warm-up", warmUp);

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.err()).contains(message);
    }
}
