package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.ratelimit.RateLimitWindow;
import dev.ssmtpmailer.testing.FakeSmtpServer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.TestConfigs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Several spools (the relay instances of one process each) on one PostgreSQL queue, delivering to a fake
 * upstream: every acknowledged message arrives, however the work was spread and whatever happened to the
 * database meanwhile.
 */
@RequiresPeer(Peer.POSTGRES)
class SharedQueueIT {
    private static final String ALIAS = "contact-sales@mailer.domain1.com";
    private static final Pattern MARKER = Pattern.compile("X-Test-Marker: (\\S+)");
    private static final EmailAddress JANE = EmailAddress.parse("jane@example.org");

    private static RelayConfig config(int upstreamPort) {
        DomainConfig upstream = DomainConfig.builder("domain1.com").smtpServer("127.0.0.1").smtpPort(upstreamPort)
                .tls(TlsMode.NONE).authMethod(AuthMethod.NONE).relayAccount("mail-relay@domain1.com").build();
        return RelayConfig.builder()
                .global(g -> g.retryMinBackoff(Duration.ofSeconds(1)).retryMaxBackoff(Duration.ofSeconds(2))
                        .maxConnections(2).enableRateLimiting(false))
                .domain(upstream)
                .domain(TestConfigs.local("mailer.domain1.com"))
                .mapping(MappingConfig.of("sales", ALIAS, "contact-sales@domain1.com", "mail-relay@domain1.com"))
                .build();
    }

    /** One relay instance: its own pool, store and assembly (client, limiter, spool) on the shared schema. */
    private static final class Instance implements AutoCloseable {
        final PostgresBackend backend;
        final RelayAssembly parts;
        final Spool spool;

        Instance(PostgresSettings settings, RelayConfig config) {
            backend = PostgresBackend.connect(settings);
            parts = backend.applyTo(RelayAssembly.builder(config), config).build();
            spool = parts.spool();
        }

        /** @return the id, or empty when the queue refused it (the server would answer 451) */
        java.util.Optional<QueueId> offer(RelayConfig config, String marker) {
            InboundDecision rcpt = RelayPolicy.create(config).checkRecipient(EmailAddress.parse(ALIAS),
                    InetAddress.getLoopbackAddress(), JANE).orElseThrow();
            String message = "From: jane@example.org\r\nTo: " + ALIAS + "\r\nSubject: " + marker + "\r\nX-Test-Marker: "
                    + marker + "\r\n\r\nbody\r\n";
            try {
                return java.util.Optional.of(spool.accept(JANE, List.of(rcpt),
                        new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))));
            } catch (IOException e) {
                return java.util.Optional.empty();
            }
        }

        @Override
        public void close() {
            parts.close();
            backend.close();
        }
    }

    @Test
    void threeInstancesOnOneDatabase_deliverEveryMessageExactlyOnce() throws Exception {
        try (TestDatabase test = TestDatabase.create(); FakeSmtpServer upstream = new FakeSmtpServer()) {
            RelayConfig config = config(upstream.port());
            List<Instance> instances = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    instances.add(new Instance(test.settings().instanceId("instance-" + i).build(), config));
                }
                assertThat(instances.get(0).spool.directory()).as("a spool on the database has no directory").isEmpty();
                List<String> acknowledged = new ArrayList<>();
                for (int m = 0; m < 60; m++) {
                    String marker = "m" + m;
                    instances.get(m % 3).offer(config, marker).ifPresent(id -> acknowledged.add(marker));
                }
                assertThat(acknowledged).hasSize(60);

                Map<String, Long> delivered = awaitDelivered(upstream, acknowledged, Duration.ofMinutes(2));

                assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged);
                assertThat(delivered.values()).as("deliveries per message").containsOnly(1L);
                assertThat(test.count("SELECT count(*) FROM " + test.schema + ".message")).isZero();
            } finally {
                instances.forEach(Instance::close);
            }
        }
    }

    @Test
    void relaySend_onAnyInstance_honoursTheSharedBuckets() throws Exception {
        try (TestDatabase test = TestDatabase.create(); FakeSmtpServer upstream = new FakeSmtpServer()) {
            RelayConfig base = config(upstream.port());
            RelayConfig config = RelayConfig.builder(base).global(g -> g.enableRateLimiting(true).rateLimitPerMinute(2))
                    .build();
            try (Instance a = new Instance(test.settings().instanceId("a").build(), config);
                 Instance b = new Instance(test.settings().instanceId("b").build(), config);
                 Relay relayA = Relay.create(a.parts); Relay relayB = Relay.create(b.parts)) {
                RelayMessage message = RelayMessage.builder().from(ALIAS).to("someone@example.com").subject("limited")
                        .text("hello").build();

                relayA.send(message);
                relayB.send(message);

                // the account's 2 a minute are taken; the next token is due in 30 s, beyond send's 10 s wait
                assertThatThrownBy(() -> relayA.send(message)).isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.window()).isEqualTo(RateLimitWindow.PER_MINUTE));
                assertThatThrownBy(() -> relayB.send(message)).isInstanceOf(RateLimitException.class);
                assertThat(upstream.messages()).hasSize(2);
            }
        }
    }

    @Test
    void databaseRestartWhileMailFlows_losesNothingAcknowledged() throws Exception {
        try (Peers.PrivatePeer pg = Peers.startPrivate("postgres.sh", Map.of());
             FakeSmtpServer upstream = new FakeSmtpServer()) {
            RelayConfig config = config(upstream.port());
            PostgresSettings settings = PostgresSettings.builder(pg.fact("PG_URL")).user(pg.fact("PG_USER"))
                    .password(Secret.of(pg.fact("PG_PASSWORD"))).instanceId("restart").maxPoolSize(4)
                    .lease(Duration.ofSeconds(10)).build();
            List<String> acknowledged = new ArrayList<>();
            int acknowledgedWhileDown = 0;
            try (Instance relay = new Instance(settings, config)) {
                for (int m = 0; m < 20; m++) {
                    String marker = "before" + m;
                    relay.offer(config, marker).ifPresent(id -> acknowledged.add(marker));
                }
                pg.run("stop");
                for (int m = 0; m < 5; m++) {
                    acknowledgedWhileDown += relay.offer(config, "down" + m).isPresent() ? 1 : 0;
                }
                pg.run("start");
                for (int m = 0; m < 20; m++) {
                    String marker = "after" + m;
                    // An SMTP client retries after a 451; the first tries may meet pooled connections that died.
                    for (int attempt = 0; attempt < 10; attempt++) {
                        if (relay.offer(config, marker).isPresent()) {
                            acknowledged.add(marker);
                            break;
                        }
                    }
                }

                assertThat(acknowledgedWhileDown).as("messages acknowledged while the database was down").isZero();
                assertThat(acknowledged).hasSize(40);
                Map<String, Long> delivered = awaitDelivered(upstream, acknowledged, Duration.ofMinutes(2));
                assertThat(delivered.keySet()).containsAll(acknowledged);
            }
        }
    }

    /** Waits (bounded) until every expected marker arrived; returns how often each marker arrived. */
    private static Map<String, Long> awaitDelivered(FakeSmtpServer upstream, List<String> expected, Duration max)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        Map<String, Long> seen;
        do {
            seen = upstream.messages().stream().map(MARKER::matcher).filter(Matcher::find).map(m -> m.group(1))
                    .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
            if (seen.keySet().containsAll(expected)) {
                return seen;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return seen;
    }
}
