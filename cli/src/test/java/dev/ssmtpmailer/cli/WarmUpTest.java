package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Await;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.subethamail.smtp.server.SMTPServer;

/** {@code serve --warm-up N}: the throwaway messages go through a private relay in this JVM and leave nothing behind. */
class WarmUpTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

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

        WarmUp.Result r = WarmUp.run(new WarmUp.Plan(least, most, round, limit, scratch, round),
                () -> busyCompilers ? compiling.addAndGet(1_000_000) : 0, () -> false, () -> false);

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
        Thread hook = WarmUp.removeOnExit(scratch.resolve(WarmUp.SCRATCH_PREFIX + "1"), () -> { });
        Runtime.getRuntime().removeShutdownHook(hook); // run here, not at this JVM's exit

        hook.run();

        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void plans_ofServe_fixedIsOneRound_autoIsRoundsUntilSettled() {
        WarmUp.Plan fixed = WarmUp.Plan.fixed(2000);
        WarmUp.Plan auto = WarmUp.Plan.auto();

        assertThat(List.of(fixed.least(), fixed.most(), fixed.round())).containsOnly(2000);
        assertThat(List.of(auto.least(), auto.most(), auto.round()))
                .containsExactly(WarmUp.autoLeast(JitFlags.current().lastTierInvocations()), WarmUp.AUTO_MOST, WarmUp.ROUND);
        assertThat(auto.limit()).isEqualTo(WarmUp.AUTO_LIMIT);
        assertThat(auto.scratchParent()).isEqualTo(WarmUp.scratchParent());
    }

    @Test
    void autoLeast_followsC2sInvocationThreshold_withinOneRoundAndTheMost() {
        assertThat(WarmUp.autoLeast(5_000)).isEqualTo(5_000); // the JDK's default
        assertThat(WarmUp.autoLeast(15_000)).isEqualTo(15_000); // packaging/serve.jvm-options
        assertThat(WarmUp.autoLeast(100_000)).isEqualTo(WarmUp.AUTO_MOST);
        assertThat(WarmUp.autoLeast(10)).isEqualTo(WarmUp.ROUND);
    }

    @Test
    void compilerMillis_onThisJvm_isTheJitsRunningTotal_neverGoingDown() {
        long first = WarmUp.compilerMillis();

        assertThat(WarmUp.compilerMillis()).isGreaterThanOrEqualTo(first);
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
            lots | --warm-up needs a number, auto or idle
            -1   | --warm-up must not be negative
            """)
    void serve_badWarmUp_isAUsageError(String warmUp, String message) {
        Cli.Result r = Cli.run("serve", "--warm-up", warmUp);

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.err()).contains(message);
    }

    @Test
    void run_toldToStop_endsBetweenTwoPartsOfItsRound_andRemovesItsSpool() throws Exception {
        AtomicInteger asked = new AtomicInteger();

        WarmUp.Result r = WarmUp.run(new WarmUp.Plan(200, 200, 200, MINUTE, scratch, 20), () -> 0,
                () -> asked.incrementAndGet() > 1, () -> false); // "go on" before the round, "stop" from then on

        assertThat(r.stopped()).isTrue();
        assertThat(r.rounds()).isEqualTo(1);
        assertThat(r.messages()).isEqualTo(20); // the first part, not the other nine
        assertThat(r.settled()).isFalse();
        assertThat(scratch).isEmptyDirectory();
    }

    /** {@code --warm-up idle} pauses while a client is connected: a round with a pause says nothing about the JIT. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a pause between two parts: that round is not settled, a second one runs |2|2|40
            a pause before the round: the round settles                             |1|1|20
            """)
    void run_aPauseInARound_doesNotCountAsSettled(String rule, int pausingCall, int rounds, int messages) throws Exception {
        AtomicInteger asked = new AtomicInteger();

        WarmUp.Result r = WarmUp.run(new WarmUp.Plan(20, 200, 20, MINUTE, scratch, 10), () -> 0, () -> false,
                () -> asked.incrementAndGet() == pausingCall); // compilers idle: settled unless paused

        assertThat(r.rounds()).isEqualTo(rounds);
        assertThat(r.messages()).isEqualTo(messages);
        assertThat(r.settled()).isTrue();
        assertThat(r.stopped()).isFalse();
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void plans_ofServe_sendInParts_soThatTheyCanStopBetweenTwo() {
        assertThat(WarmUp.Plan.fixed(2000).part()).isEqualTo(WarmUp.PART);
        assertThat(WarmUp.Plan.auto().part()).isEqualTo(WarmUp.PART);
    }

    @Test
    void idle_noClientAndAnEmptyQueue_warmsUpInTheBackground() throws Exception {
        IdleWarmUp idle = new IdleWarmUp(new WarmUp.Plan(20, 20, 20, MINUTE, scratch, 10));

        idle.start(() -> false);
        Await.until("the warm-up while idle has ended", () -> idle.result() != null);

        assertThat(idle.result().delivered()).isEqualTo(20);
        assertThat(idle.result().stopped()).isFalse();
        assertThat(idle.stop(MINUTE)).isTrue();
        assertThat(scratch).isEmptyDirectory();
    }

    // The idle tests below wait for the warm-up's thread to end on its own (awaitEnd), so that what ends it is the
    // rule under test and not the test's stop; the suppliers change the state at a given call, not at a given time.

    @ParameterizedTest(name = "a real message accepted: {0}, messages in the queue: {1}")
    @CsvSource({"true, false", "false, true"})
    void idle_aRealMessageOrAQueue_theWarmUpNeverStarts(boolean messageAccepted, boolean queued) throws Exception {
        IdleWarmUp idle = new IdleWarmUp(new WarmUp.Plan(20, 20, 20, MINUTE, scratch, 10));
        if (messageAccepted) {
            idle.messageAccepted(InetAddress.getLoopbackAddress());
        }

        idle.start(() -> queued);

        assertThat(idle.awaitEnd(MINUTE)).isTrue();
        assertThat(idle.result()).isNull();
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void idle_aClientThatLeavesWithoutAMessage_onlyPausesTheWarmUp() throws Exception {
        IdleWarmUp idle = new IdleWarmUp(new WarmUp.Plan(20, 20, 20, MINUTE, scratch, 10));
        idle.sessionOpened(InetAddress.getLoopbackAddress()); // a monitoring probe, or the benchmark's "listening?"
        AtomicInteger asked = new AtomicInteger();

        idle.start(() -> { // first asked once the quiet second is over, while the client is still there
            if (asked.incrementAndGet() == 1) {
                idle.sessionClosed(InetAddress.getLoopbackAddress());
            }
            return false;
        });

        assertThat(idle.awaitEnd(MINUTE)).isTrue();
        assertThat(idle.result()).isNotNull();
        assertThat(asked.get()).isPositive();
        assertThat(idle.result().delivered()).isEqualTo(20);
        assertThat(idle.result().stopped()).isFalse();
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void idle_aRealMessageDuringTheWarmUp_endsItForGood() throws Exception {
        int most = 20_000; // far more than it relays before the queue is asked again (every QUEUE_POLL)
        IdleWarmUp idle = new IdleWarmUp(new WarmUp.Plan(most, most, WarmUp.ROUND, MINUTE, scratch, 10));
        AtomicInteger asked = new AtomicInteger();

        idle.start(() -> { // asked at the start, then during the warm-up: a real message comes meanwhile
            if (asked.incrementAndGet() == 2) {
                idle.messageAccepted(InetAddress.getLoopbackAddress());
            }
            return false;
        });

        assertThat(idle.awaitEnd(MINUTE)).isTrue();
        assertThat(asked.get()).isEqualTo(2);
        assertThat(idle.result().stopped()).isTrue();
        assertThat(idle.result().messages()).isPositive().isLessThan(most);
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void quietly_dropsTheWarmUpsInfoLines_keepsItsWarningsAndEveryOtherThreadsLines() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ExecutorService realRelay = Executors.newSingleThreadExecutor();
        realRelay.submit(() -> { }).get(); // its thread exists before the warm-up, as the real relay's would
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            WarmUpLog.quietly(() -> {
                System.out.println("2026-12-01T11:00:00.000+0000 [main] INFO dev.ssmtpmailer.queue.DeliveryLog - A: to=<sink@warmup.test>");
                System.out.println("2026-12-01T11:00:00.000+0000 [main] WARN dev.ssmtpmailer.cli.WarmUp - warm-up trouble");
                Thread started = new Thread(() -> System.out.println("2026 [ssmtp-mailer-spool-1] INFO x - B: warm-up delivery"));
                started.start();
                started.join();
                realRelay.submit(() -> System.out.println("2026 [ssmtp-mailer-spool-1] INFO x - C: a real delivery")).get();
                return null;
            });
        } finally {
            System.setOut(out);
            realRelay.shutdown();
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("A: to=", "B: warm-up")
                .contains("warm-up trouble", "C: a real delivery");
    }
}
