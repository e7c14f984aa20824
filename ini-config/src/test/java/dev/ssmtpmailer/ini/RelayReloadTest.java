package dev.ssmtpmailer.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.policy.PolicyException;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented wiring: an {@link IniConfigWatcher} hands a running {@link Relay} every valid new tree. */
class RelayReloadTest {
    @TempDir
    Path tmp;

    /** Accepts everything and remembers the envelopes. */
    static final class AcceptingClient implements SmtpRelayClient {
        final List<Envelope> envelopes = new CopyOnWriteArrayList<>();

        @Override
        public List<RecipientResult> send(DomainConfig account, Envelope envelope, MessageBody body) {
            envelopes.add(envelope);
            return envelope.recipients().stream().map(r -> new RecipientResult(r, DeliveryStatus.DELIVERED, 250, "2.0.0",
                    SmtpPhase.END_OF_DATA, "250 2.0.0 Ok")).toList();
        }

        @Override
        public void retainAccounts(Collection<DomainConfig> accounts) {
            // nothing pooled
        }

        @Override
        public void close() {
            // nothing to close
        }
    }

    private static RelayMessage from(String sender) {
        return RelayMessage.builder().from(sender).to("someone@example.com").subject("s").text("t").build();
    }

    @Test
    void watcher_newMappingFile_takesEffectInTheRunningRelay_andABrokenTreeKeepsTheOld() {
        Path tree = Trees.copyOfExample(tmp.resolve("tree"));
        AcceptingClient client = new AcceptingClient();
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
        assertThat(client.envelopes).hasSize(2);
    }
}
