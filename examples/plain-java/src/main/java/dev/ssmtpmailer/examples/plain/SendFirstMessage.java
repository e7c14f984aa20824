package dev.ssmtpmailer.examples.plain;

import dev.ssmtpmailer.DeliveryReport;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ini.IniConfig;
import java.nio.file.Path;

/**
 * Sends the setup guide's test message as the alias {@code contact-general@mailer.domain1.com}: the relay
 * rewrites it to {@code contact-general@domain1.com} and sends it through the account the mapping names.
 * The README shows this program; {@code ReadmeSnippetsTest} keeps the two identical.
 */
public final class SendFirstMessage {
    private SendFirstMessage() {
    }

    /**
     * @param args the configuration directory, default {@code /etc/ssmtp-mailer}
     */
    public static void main(String[] args) {
        Path configDir = Path.of(args.length > 0 ? args[0] : "/etc/ssmtp-mailer");
        RelayConfig config = IniConfig.load(configDir);   // or RelayConfig.builder()...build()
        try (Relay relay = Relay.create(config)) {
            DeliveryReport report = relay.send(RelayMessage.builder()
                    .from("contact-general@mailer.domain1.com").to("test@example.com")
                    .subject("Test Email").text("This is a test email from the relay system").build());
            System.out.println(report.envelopeSender() + " via " + report.account());
            // prints: contact-general@domain1.com via mail-relay@domain1.com
        }
    }
}
