package dev.ssmtpmailer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.RawMessage;
import dev.ssmtpmailer.policy.PolicyException;
import dev.ssmtpmailer.policy.PolicyRule;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.RecipientState;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.testing.GateLimiter;
import dev.ssmtpmailer.testing.FakeClock;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Relay#submit}: the durable path through the spool. */
class RelaySubmitTest {
    @TempDir
    Path dir;

    final FakeSmtpClient client = new FakeSmtpClient();
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-27T10:00:00Z"));

    RelayConfig config() {
        return TestConfigs.guide("general").global(g -> g.spoolDir(dir)).build();
    }

    /** A relay whose assembly opens its spool on the fake clock, with no worker threads (the test runs them). */
    Relay relay(RelayConfig c) {
        return RelayAssembly.builder(c).smtpClient(client).spoolSettings(b -> b.clock(clock).threads(0)).relay();
    }

    @Test
    void submit_relayMessage_spooledThenDeliveredAsCanonicalSender() {
        RelayConfig c = config();
        try (Relay relay = relay(c)) {
            Spool spool = relay.spool();
            QueueId id = relay.submit(RelayMessage.builder().from("contact-general@mailer.domain1.com", "General")
                    .to("test@example.com").subject("Test Email").text("This is a test email").build());

            assertThat(spool.show(id)).isPresent();
            assertThat(client.sent()).isEmpty();
            spool.runDue();

            assertThat(client.sent()).singleElement().satisfies(s -> {
                assertThat(s.envelope().sender().address()).isEqualTo("contact-general@domain1.com");
                assertThat(s.envelope().recipients()).extracting(EmailAddress::address).containsExactly("test@example.com");
                assertThat(s.body()).contains("From: General <contact-general@domain1.com>").contains("Subject: Test Email")
                        .doesNotContain("mailer.domain1.com");
            });
            assertThat(spool.show(id)).isEmpty();
        }
    }

    @Test
    void submit_rawMessage_fromRewrittenRestUnchanged() {
        RelayConfig c = config();
        try (Relay relay = relay(c)) {
            Spool spool = relay.spool();
            byte[] bytes = "From: contact-general@mailer.domain1.com\r\nX-Keep: me\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
            relay.submit(RawMessage.of(Envelope.of(EmailAddress.parse("contact-general@mailer.domain1.com"),
                    EmailAddress.parse("a@example.com")), bytes));

            spool.runDue();

            assertThat(client.sent().get(0).body()).isEqualTo("From: contact-general@domain1.com\r\nX-Keep: me\r\n\r\nbody\r\n");
        }
    }

    @Test
    void submit_rawMessageWithADisplayName_leavesWithTheNameAndTheCanonicalAddress() {
        RelayConfig c = config();
        try (Relay relay = relay(c)) {
            byte[] bytes = "From: =?UTF-8?B?QUNNRSBHw6luw6lyYWw=?=\r\n <contact-general@mailer.domain1.com>\r\n\r\nbody\r\n"
                    .getBytes(StandardCharsets.UTF_8);
            relay.submit(RawMessage.of(Envelope.of(EmailAddress.parse("contact-general@mailer.domain1.com"),
                    EmailAddress.parse("a@example.com")), bytes));

            relay.spool().runDue();

            assertThat(client.sent().get(0).body())
                    .isEqualTo("From: =?UTF-8?B?QUNNRSBHw6luw6lyYWw=?=\r\n <contact-general@domain1.com>\r\n\r\nbody\r\n");
        }
    }

    @Test
    void submit_refusedSender_policyExceptionAndNothingQueued() {
        RelayConfig c = config();
        try (Relay relay = relay(c)) {
            Spool spool = relay.spool();
            assertThatThrownBy(() -> relay.submit(RelayMessage.builder().from("stranger@mailer.domain1.com")
                    .to("test@example.com").text("x").build()))
                    .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED));

            assertThat(spool.list()).isEmpty();
            assertThat(spool.stats().accepted()).isZero();
        }
    }

    @Test
    void submit_withoutGivenSpool_opensOwnAtSpoolDirAndCloseStopsIt() {
        RelayConfig c = config();
        GateLimiter closedGate = new GateLimiter(false); // keeps the message in the spool, whatever the workers do
        QueueId id;
        try (Relay relay = RelayAssembly.builder(c).smtpClient(client).rateLimiter(closedGate).relay()) {
            id = relay.submit(RelayMessage.builder().from("contact-general@mailer.domain1.com").to("t@example.com")
                    .text("x").build());
            assertThat(relay.spool().directory()).contains(dir.toAbsolutePath());
        }

        QueueEntry left = QueueControl.open(dir).show(id).orElseThrow();
        assertThat(left.recipients()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(RecipientState.PENDING));
        assertThat(client.sent()).isEmpty();
        // the relay released the directory: another owner can open it
        try (Relay next = relay(c)) {
            assertThat(next.spool().show(id)).isPresent();
        }
    }

    @Test
    void submit_closedRelay_refused() {
        RelayConfig c = config();
        Relay relay = RelayAssembly.builder(c).smtpClient(client).relay();
        relay.close();

        assertThatThrownBy(() -> relay.submit(RelayMessage.builder().from("contact-general@mailer.domain1.com")
                .to("t@example.com").text("x").build())).isInstanceOf(IllegalStateException.class);
    }
}
