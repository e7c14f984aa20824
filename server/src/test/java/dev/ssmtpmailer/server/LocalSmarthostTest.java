package dev.ssmtpmailer.server;

import static dev.ssmtpmailer.server.TestServers.SALES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.FakeSmtpServer;
import dev.ssmtpmailer.testing.SmtpScript;
import dev.ssmtpmailer.testing.TestConfigs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smarthost on this host without AUTH (a local Postfix on 127.0.0.1) is an upstream: the server listens where the
 * local domain says, and forwarded mail leaves through the smarthost.
 */
class LocalSmarthostTest {

    @Test
    void smarthostOnLoopbackWithoutAuth_isUsedAsTheUpstream(@TempDir Path dir) throws Exception {
        try (FakeSmtpServer smarthost = new FakeSmtpServer()) {
            RelayConfig config = RelayConfig.builder()
                    .global(g -> g.defaultHostname("mailer.domain1.com").spoolDir(dir))
                    .domain(DomainConfig.builder("domain1.com").smtpServer("127.0.0.1").smtpPort(smarthost.port())
                            .authMethod(AuthMethod.NONE).tls(TlsMode.NONE).relayAccount("relay@domain1.com").build())
                    .domain(TestConfigs.local("mailer.domain1.com").toBuilder().listenAddress("127.0.0.1").listenPort(0)
                            .build())
                    .mapping(MappingConfig.of("sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com",
                            "relay@domain1.com"))
                    .build();
            assertThat(config.upstreamAccounts()).extracting(DomainConfig::name).containsExactly("domain1.com");

            try (MailerService mailer = MailerService.start(config)) {
                assertThat(mailer.port()).isNotEqualTo(smarthost.port());
                try (SmtpScript s = new SmtpScript(mailer.port())) {
                    s.envelope("a@example.org", SALES);
                    assertThat(s.send("DATA")).startsWith("354");
                    assertThat(s.send("Subject: hi\r\n\r\nbody\r\n.")).startsWith("250");
                }
                // The spool's worker delivers in the background; wait for it (bounded), then look at what arrived.
                Await.until("the message at the smarthost", () -> !smarthost.messages().isEmpty());
            }
            assertThat(smarthost.commands()).contains("RCPT TO:<contact-sales@domain1.com>");
            assertThat(smarthost.commands()).noneMatch(c -> c.startsWith("AUTH"));
            assertThat(smarthost.messages()).singleElement().asString().contains("Subject: hi");
        }
    }
}
