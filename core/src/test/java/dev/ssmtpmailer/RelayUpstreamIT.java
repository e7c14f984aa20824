package dev.ssmtpmailer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import dev.ssmtpmailer.testing.TestConfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code Relay.send} end to end through the real Postfix "Gmail" of {@code upstream-smtp.sh}. */
@RequiresPeer(Peer.UPSTREAM_SMTP)
class RelayUpstreamIT {
    private static final List<String> ALIASES = List.of("general", "legal", "privacy", "support", "sales");

    private static RelayConfig config(Peers.UpstreamSmtp up, String password) {
        DomainConfig gmail = DomainConfig.builder("domain1.com").smtpServer(up.host()).smtpPort(up.port())
                .tls(TlsMode.STARTTLS).authMethod(AuthMethod.LOGIN).relayAccount("mail-relay@domain1.com")
                .username(up.user()).password(password).caFile(up.tlsCert()).build();
        RelayConfig.Builder b = RelayConfig.builder().global(g -> g.defaultHostname("mailer.domain1.com"))
                .domain(gmail).domain(TestConfigs.local("mailer.domain1.com"));
        for (String a : ALIASES) {
            b.mapping(TestConfigs.mapping("contact-" + a, "contact-" + a + "@mailer.domain1.com",
                    "contact-" + a + "@domain1.com", "mail-relay@domain1.com"));
        }
        return b.build();
    }

    private static String delivered(Path maildirNew, String marker) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> files = Files.list(maildirNew)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    if (text.contains(marker)) {
                        return text;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no message with " + marker + " in " + maildirNew);
    }

    @Test
    void send_eachGuideAlias_arrivesFromItsCanonicalAddress() throws Exception {
        Peers.UpstreamSmtp up = Peers.upstreamSmtp();
        String run = UUID.randomUUID().toString();
        try (Relay relay = Relay.create(config(up, up.password()))) {
            for (String a : ALIASES) {
                DeliveryReport report = relay.send(RelayMessage.builder()
                        .from("contact-" + a + "@mailer.domain1.com").to("test@example.com")
                        .subject("Test Email " + a + " " + run).text("This is a test email from the relay system").build());
                assertThat(report.envelopeSender().address()).isEqualTo("contact-" + a + "@domain1.com");
                assertThat(report.delivered()).singleElement().satisfies(r -> assertThat(r.replyCode()).isEqualTo(250));
            }
        }
        for (String a : ALIASES) {
            String file = delivered(up.maildirNew(), "Test Email " + a + " " + run);
            assertThat(file).contains("Return-Path: <contact-" + a + "@domain1.com>")
                    .contains("From: contact-" + a + "@domain1.com")
                    .contains("Delivered-To: test@example.com")
                    .contains("with ESMTPSA")
                    .doesNotContain("@mailer.domain1.com");
        }
    }

    @Test
    void send_wrongPassword_failsNamingTheAccountAndTheAuthStep() {
        Peers.UpstreamSmtp up = Peers.upstreamSmtp();
        try (Relay relay = Relay.create(config(up, "wrong-password"))) {
            assertThatThrownBy(() -> relay.send(RelayMessage.builder().from("contact-sales@mailer.domain1.com")
                    .to("x@example.com").subject("s").text("t").build()))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.phase()).isEqualTo(SmtpPhase.AUTH);
                        assertThat(e.replyCode()).isEqualTo(535);
                        assertThat(e.getMessage()).contains("authentication failed for account " + up.user())
                                .doesNotContain("wrong-password");
                    });
        }
    }
}
