package dev.ssmtpmailer.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.policy.PolicyException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented wiring: an {@link IniConfigWatcher} hands a running {@link Relay} every valid new tree. */
class RelayReloadTest {
    @TempDir
    Path tmp;


    private static RelayMessage from(String sender) {
        return RelayMessage.builder().from(sender).to("someone@example.com").subject("s").text("t").build();
    }

    @Test
    void watcher_newMappingFile_takesEffectInTheRunningRelay_andABrokenTreeKeepsTheOld() {
        Path tree = Trees.copyOfExample(tmp.resolve("tree"));
        FakeSmtpClient client = new FakeSmtpClient();
        try (Relay relay = RelayAssembly.builder(IniConfig.load(tree)).smtpClient(client).relay();
             IniConfigWatcher watcher = IniConfigWatcher.builder(tree).initial(relay.config())
                     .onChange(relay::reconfigure).build()) {
            assertThatThrownBy(() -> relay.send(from("contact-jobs@mailer.domain1.com"))).isInstanceOf(PolicyException.class);

            Trees.write(tree, "mappings/jobs.conf", """
                    [mapping:contact-jobs]
                    from_pattern = contact-jobs@mailer.domain1.com
                    to_pattern = jobs@domain1.com
                    smtp_account = mail-relay@domain1.com
                    """);
            assertThat(watcher.reloadNow()).isEqualTo(IniConfigWatcher.Outcome.APPLIED);
            assertThat(relay.send(from("contact-jobs@mailer.domain1.com")).envelopeSender().address())
                    .isEqualTo("jobs@domain1.com");

            Trees.write(tree, "mappings/broken.conf", "[mapping:broken]\nfrom_pattern = not an address\n");
            assertThat(watcher.reloadNow()).isEqualTo(IniConfigWatcher.Outcome.REJECTED);
            assertThat(relay.send(from("contact-jobs@mailer.domain1.com")).envelopeSender().address())
                    .isEqualTo("jobs@domain1.com");
        }
        assertThat(client.sent()).hasSize(2);
    }
}
