package dev.ssmtpmailer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import dev.ssmtpmailer.testing.GateLimiter;
import dev.ssmtpmailer.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelayListenerTest {
    private static final RelayConfig CONFIG = RelayConfig.builder()
            .domain(TestConfigs.upstream("domain1.com", "mail-relay@domain1.com"))
            .domain(TestConfigs.local("mailer.domain1.com"))
            .mapping(TestConfigs.mapping("contact-sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com",
                    "mail-relay@domain1.com"))
            .build();

    private final List<String> events = new ArrayList<>();
    private final RelayListener recorder = new RelayListener() {
        @Override
        public void delivered(AccountId account, Duration latency) {
            events.add("delivered " + account + (latency.isNegative() ? " negative" : ""));
        }

        @Override
        public void failed(AccountId account, DeliveryStatus status, SmtpPhase phase) {
            events.add("failed " + account + " " + status + " " + phase);
        }

        @Override
        public void connectionFailed(AccountId account) {
            events.add("connectionFailed " + account);
        }

        @Override
        public void authenticationFailed(AccountId account) {
            events.add("authenticationFailed " + account);
        }

        @Override
        public void rateLimited(AccountId account) {
            events.add("rateLimited " + account);
        }
    };

    private static RelayMessage message() {
        return RelayMessage.builder().from("contact-sales@mailer.domain1.com").to("test@example.com")
                .subject("Test Email").text("hello").build();
    }

    private static SmtpRelayClient answering(DeliveryStatus status, int code, SmtpPhase phase) {
        return new SmtpRelayClient() {
            @Override
            public List<RecipientResult> send(DomainConfig account, Envelope envelope, MessageBody body) {
                return envelope.recipients().stream()
                        .map(r -> new RecipientResult(r, status, code, null, phase, "reply")).toList();
            }

            @Override
            public void retainAccounts(Collection<DomainConfig> accounts) {
            }

            @Override
            public void close() {
            }
        };
    }

    private Relay relay(SmtpRelayClient client) {
        return RelayAssembly.builder(CONFIG).smtpClient(client).listener(recorder).relay();
    }

    @Test
    void send_delivered_reportsDeliveredWithAccount() {
        try (Relay relay = relay(answering(DeliveryStatus.DELIVERED, 250, SmtpPhase.END_OF_DATA))) {
            relay.send(message());
        }
        assertThat(events).containsExactly("delivered mail-relay@domain1.com");
    }

    /** A failure before MAIL FROM says something about the account: the listener hears which step failed. */
    @ParameterizedTest(name = "{0} {1} in {2}: failed, then {3}")
    @CsvSource({"PERMANENT_FAILURE, 535, AUTH, authenticationFailed", "TEMPORARY_FAILURE, 0, CONNECT, connectionFailed"})
    void send_accountStepFails_reportsFailedAndTheStep(DeliveryStatus status, int code, SmtpPhase phase, String step) {
        try (Relay relay = relay(answering(status, code, phase))) {
            assertThatThrownBy(() -> relay.send(message())).isInstanceOf(DeliveryException.class);
        }
        assertThat(events).containsExactly("failed mail-relay@domain1.com " + status + " " + phase,
                step + " mail-relay@domain1.com");
    }

    @Test
    void send_rateLimitRefuses_reportsRateLimitedAndSendsNothing() {
        GateLimiter refusing = new GateLimiter(false);
        try (Relay relay = RelayAssembly.builder(CONFIG).smtpClient(answering(DeliveryStatus.DELIVERED, 250, SmtpPhase.END_OF_DATA))
                .rateLimiter(refusing).listener(recorder).relay()) {
            assertThatThrownBy(() -> relay.send(message())).isInstanceOf(RateLimitException.class);
        }
        assertThat(events).containsExactly("rateLimited mail-relay@domain1.com");
    }

    @Test
    void send_listenerThrows_outcomeUnchangedAndLaterListenersStillCalled() {
        RelayListener broken = new RelayListener() {
            @Override
            public void delivered(AccountId account, Duration latency) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (Relay relay = RelayAssembly.builder(CONFIG).smtpClient(answering(DeliveryStatus.DELIVERED, 250, SmtpPhase.END_OF_DATA))
                .listener(broken).listener(recorder).relay()) {
            assertThat(relay.send(message()).allDelivered()).isTrue();
        }
        assertThat(events).containsExactly("delivered mail-relay@domain1.com");
    }
}
