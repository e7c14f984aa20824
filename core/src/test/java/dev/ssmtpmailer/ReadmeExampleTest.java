package dev.ssmtpmailer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.testing.RecordingSmtpClient;
import org.junit.jupiter.api.Test;

/** The README's first example, kept compiling and true. */
class ReadmeExampleTest {

    @Test
    void readmeExample_sendsAsTheCanonicalAddressThroughTheMappedAccount() {
        RelayConfig config = RelayTest.guideConfig();   // README: IniConfig.load(Path.of("/etc/ssmtp-mailer"))
        RecordingSmtpClient upstream = new RecordingSmtpClient();
        try (Relay relay = RelayAssembly.builder(config).smtpClient(upstream).relay()) {
            DeliveryReport report = relay.send(RelayMessage.builder()
                    .from("contact-general@mailer.domain1.com").to("test@example.com")
                    .subject("Test Email").text("This is a test email from the relay system").build());
            assertThat(report.envelopeSender() + " via " + report.account())
                    .isEqualTo("contact-general@domain1.com via mail-relay@domain1.com");
        }
        assertThat(upstream.sent()).hasSize(1);
    }
}
