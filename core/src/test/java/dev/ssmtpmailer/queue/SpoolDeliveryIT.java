package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import dev.ssmtpmailer.testing.TestConfigs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool against the real Postfix of {@code upstream-smtp.sh}, started privately with a fraction of RCPT
 * commands answered {@code 450}: every temporary failure must end delivered, to each recipient exactly once.
 */
@RequiresPeer(Peer.PRIVATE_PEERS)
class SpoolDeliveryIT {
    private static final int MESSAGES = 15;
    private static final List<String> ALIASES = List.of("contact-sales@mailer.domain1.com", "contact-legal@mailer.domain1.com");
    private static final Pattern MARKER = Pattern.compile("X-Spool-Test: (\\S+)");
    private static final Pattern DELIVERED_TO = Pattern.compile("Delivered-To: (\\S+)");

    @TempDir
    Path spoolDir;

    @Test
    void temporaryRcptFailures_allRetriedUntilDelivered_noDuplicates() throws Exception {
        try (Peers.PrivatePeer peer = Peers.startPrivate("upstream-smtp.sh",
                Map.of("SMTPS_PORT", "0", "FAULT_TEMP_PCT", "30", "FAULT_AT", "rcpt"))) {
            Peers.UpstreamSmtp up = peer.asUpstream();
            DomainConfig account = DomainConfig.builder("domain1.com").smtpServer(up.host()).smtpPort(up.port())
                    .tls(TlsMode.STARTTLS).authMethod(AuthMethod.LOGIN).relayAccount(up.user()).username(up.user())
                    .password(up.password()).caFile(up.tlsCert()).build();
            RelayConfig config = RelayConfig.builder()
                    .global(g -> g.spoolDir(spoolDir).retryMinBackoff(Duration.ofSeconds(1))
                            .retryMaxBackoff(Duration.ofSeconds(2)).maxQueueLifetime(Duration.ofMinutes(10))
                            .maxConnections(4).enableRateLimiting(false))
                    .domain(account)
                    .domain(TestConfigs.local("mailer.domain1.com"))
                    .mapping(MappingConfig.of("sales", ALIASES.get(0), "contact-sales@domain1.com", up.user()))
                    .mapping(MappingConfig.of("legal", ALIASES.get(1), "contact-legal@domain1.com", up.user()))
                    .build();
            RelayPolicy policy = RelayPolicy.create(config);
            EmailAddress sender = EmailAddress.parse("jane@example.org");
            String run = UUID.randomUUID().toString();

            try (RelayAssembly parts = RelayAssembly.create(config)) {
                Spool spool = parts.spool();
                for (int i = 0; i < MESSAGES; i++) {
                    List<InboundDecision> rcpts = ALIASES.stream().map(a -> policy.checkRecipient(EmailAddress.parse(a),
                            InetAddress.getLoopbackAddress(), sender).orElseThrow()).toList();
                    String message = "From: jane@example.org\r\nTo: " + String.join(", ", ALIASES) + "\r\nSubject: spool " + i
                            + "\r\nX-Spool-Test: " + run + "-" + i + "\r\n\r\nbody " + i + "\r\n";
                    spool.accept(sender, rcpts, new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
                }

                Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
                while (spool.stats().depth() > 0 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(100);
                }
                QueueStats stats = spool.stats();
                assertThat(stats.depth()).as("queue drained; left: %s", spool.list()).isZero();
                assertThat(stats.dead()).isZero();
                assertThat(stats.delivered()).isEqualTo(MESSAGES * ALIASES.size());
                assertThat(stats.deferred()).as("the fault injection produced temporary failures").isPositive();
            }

            Map<String, Integer> copies = awaitCopies(up.maildirNew(), run, MESSAGES * ALIASES.size());
            assertThat(copies).hasSize(MESSAGES * ALIASES.size());
            assertThat(copies.values()).as("no recipient got a message twice").containsOnly(1);
            assertThat(copies.keySet()).allSatisfy(k -> assertThat(k).matches(run + "-\\d+ contact-(sales|legal)@domain1.com"));
        }
    }

    /** Waits (bounded) until the Maildir holds {@code expected} copies of this run; counts per message and recipient. */
    private static Map<String, Integer> awaitCopies(Path maildirNew, String run, int expected) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Map<String, Integer> copies;
        do {
            copies = new HashMap<>();
            List<Path> files;
            try (Stream<Path> s = Files.list(maildirNew)) {
                files = new ArrayList<>(s.toList());
            }
            for (Path f : files) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                Matcher m = MARKER.matcher(text);
                Matcher d = DELIVERED_TO.matcher(text);
                if (m.find() && m.group(1).startsWith(run) && d.find()) {
                    assertThat(text).contains("Return-Path: <mail-relay@domain1.com>");
                    copies.merge(m.group(1) + " " + d.group(1), 1, Integer::sum);
                }
            }
            if (copies.values().stream().mapToInt(Integer::intValue).sum() >= expected) {
                return copies;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return copies;
    }
}
