package dev.ssmtpmailer.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

class PeerConditionTest {
    /** What the sample classes ran; they are static nested classes, so Surefire does not run them itself. */
    static final List<String> ran = new CopyOnWriteArrayList<>();

    @RequiresPeer(Peer.SMTP_SINK)
    static class NeedsSink {
        @BeforeAll
        static void startSomething() {
            ran.add("beforeAll");
        }

        @AfterAll
        static void stopSomething() {
            ran.add("afterAll");
        }

        @Test
        void first() {
            ran.add("first");
        }

        @Test
        void second() {
            ran.add("second");
        }
    }

    static class NeedsDnsInOneMethod {
        @BeforeEach
        void setUp() {
            ran.add("beforeEach");
        }

        @Test
        @RequiresPeer(Peer.DNS)
        void lookup() {
            ran.add("lookup");
        }

        @Test
        void offline() {
            ran.add("offline");
        }
    }

    private static EngineExecutionResults run(Class<?> sample, Map<String, String> facts) {
        ran.clear();
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample))
                .configurationParameter(PeerCondition.PARAMETER_PREFIX + "announce", "false");
        facts.forEach((k, v) -> kit.configurationParameter(PeerCondition.PARAMETER_PREFIX + k, v));
        return kit.execute();
    }

    private static Map<String, String> noPeers() {
        return Map.of("SINK_HOST", "", "SINK_PORT", "", "DNS_HOST", "", "DNS_PORT", "", "DKIM_PRIVATE_KEY", "",
                "DKIM_PUBLIC_KEY", "", Peers.REQUIRE_PEERS, "");
    }

    private static List<String> skipReasons(EngineExecutionResults results) {
        return results.testEvents().skipped().stream()
                .map(e -> e.getPayload(String.class).orElse("")).toList();
    }

    @Test
    void classNeedsMissingPeer_eachTestSkippedWithOneLineReason_lifecycleMethodsNotRun() {
        EngineExecutionResults results = run(NeedsSink.class, noPeers());

        results.testEvents().assertStatistics(s -> s.skipped(2).started(0).failed(0));
        assertThat(skipReasons(results)).containsOnly("needs smtp-sink: SINK_HOST, SINK_PORT not set");
        results.containerEvents().assertStatistics(s -> s.failed(0));
        assertThat(ran).isEmpty();
    }

    @Test
    void classNeedsMissingPeer_requirePeers_classFailsNamingThePeer() {
        Map<String, String> facts = new java.util.HashMap<>(noPeers());
        facts.put(Peers.REQUIRE_PEERS, "1");

        EngineExecutionResults results = run(NeedsSink.class, facts);

        Event failed = results.containerEvents().failed().stream().findFirst().orElseThrow();
        assertThat(failed.getTestDescriptor().getDisplayName()).endsWith("NeedsSink");
        assertThat(failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow())
                .hasMessage("needs smtp-sink: SINK_HOST, SINK_PORT not set and SSMTP_REQUIRE_PEERS=1");
        assertThat(ran).isEmpty();
    }

    @Test
    void classNeedsAvailablePeer_testsAndLifecycleRun() {
        Map<String, String> facts = new java.util.HashMap<>(noPeers());
        facts.putAll(Map.of("SINK_HOST", "127.0.0.1", "SINK_PORT", "2526"));

        run(NeedsSink.class, facts).testEvents().assertStatistics(s -> s.succeeded(2).skipped(0));

        assertThat(ran).containsExactlyInAnyOrder("beforeAll", "first", "second", "afterAll");
    }

    @Test
    void methodNeedsMissingPeer_onlyThatTestSkipped() {
        EngineExecutionResults results = run(NeedsDnsInOneMethod.class, noPeers());

        results.testEvents().assertStatistics(s -> s.succeeded(1).skipped(1));
        assertThat(skipReasons(results))
                .containsExactly("needs dns: DNS_HOST, DNS_PORT, DKIM_PRIVATE_KEY, DKIM_PUBLIC_KEY not set");
        assertThat(ran).containsExactly("beforeEach", "offline");
    }

    @Test
    void privatePeers_notRoot_skippedNamingRoot() {
        Map<String, String> facts = new java.util.HashMap<>(noPeers());
        facts.put(Peers.PEERS_DIR, "/nonexistent-peers");

        assertThat(Peer.PRIVATE_PEERS.missing(facts::get, "root"))
                .contains("private peer instances: SSMTP_PEERS_DIR=/nonexistent-peers holds no upstream-smtp.sh");
        assertThat(Peer.PRIVATE_PEERS.missing(Map.<String, String>of()::get, "alice"))
                .contains("private peer instances: SSMTP_PEERS_DIR not set");
    }
}
