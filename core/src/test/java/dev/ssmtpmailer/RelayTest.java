package dev.ssmtpmailer;

import dev.ssmtpmailer.testing.FakeClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.UserConfig;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.RawMessage;
import dev.ssmtpmailer.message.RelayException;
import dev.ssmtpmailer.policy.PolicyException;
import dev.ssmtpmailer.policy.PolicyRule;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.ratelimit.RateLimitStore;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelayTest {
    private static final String ACCOUNT = "mail-relay@domain1.com";

    private final FakeSmtpClient client = new FakeSmtpClient();
    private Relay relay;

    static RelayConfig guideConfig() {
        RelayConfig.Builder b = RelayConfig.builder()
                .global(g -> g.defaultHostname("mailer.domain1.com"))
                .domain(TestConfigs.upstream("domain1.com", ACCOUNT))
                .domain(TestConfigs.local("mailer.domain1.com"));
        for (String alias : List.of("general", "legal", "privacy", "support", "sales")) {
            b.mapping(TestConfigs.mapping("contact-" + alias, "contact-" + alias + "@mailer.domain1.com",
                    "contact-" + alias + "@domain1.com", ACCOUNT));
        }
        return b.build();
    }

    private Relay relay(RelayConfig config) {
        relay = RelayAssembly.builder(config).smtpClient(client).relay();
        return relay;
    }

    @AfterEach
    void close() {
        if (relay != null) {
            relay.close();
        }
    }

    private static RelayMessage guideMessage() {
        return RelayMessage.builder()
                .from("contact-general@mailer.domain1.com").to("test@example.com")
                .subject("Test Email").text("This is a test email from the relay system").build();
    }

    @Test
    void send_alias_isRewrittenInEnvelopeAndFromHeader_andGoesThroughTheMappedAccount() {
        DeliveryReport report = relay(guideConfig()).send(guideMessage());

        assertThat(report.allDelivered()).isTrue();
        assertThat(report.sender().address()).isEqualTo("contact-general@mailer.domain1.com");
        assertThat(report.envelopeSender().address()).isEqualTo("contact-general@domain1.com");
        assertThat(report.account()).isEqualTo(AccountId.of(ACCOUNT));
        assertThat(report.mapping()).isEqualTo("contact-general");
        FakeSmtpClient.Sent sent = client.sent().get(0);
        assertThat(sent.account().name()).isEqualTo("domain1.com");
        assertThat(sent.envelope().sender().address()).isEqualTo("contact-general@domain1.com");
        assertThat(sent.envelope().recipients()).extracting(EmailAddress::address).containsExactly("test@example.com");
        assertThat(sent.body()).contains("From: contact-general@domain1.com").doesNotContain("mailer.domain1.com")
                .contains("Subject: Test Email").contains("This is a test email from the relay system");
    }

    @Test
    void send_unmappedSender_isRefusedByPolicy_andNothingIsSent() {
        RelayMessage m = RelayMessage.builder().from("stranger@mailer.domain1.com").to("x@example.com")
                .subject("s").text("t").build();
        assertThatThrownBy(() -> relay(guideConfig()).send(m))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED));
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void send_userWithAllowedDomains_refusesOtherRecipientDomains() {
        RelayConfig config = RelayConfig.builder(guideConfig())
                .user(UserConfig.builder(ACCOUNT).domain("mailer.domain1.com").canSendFrom(true).canSendTo(true)
                        .allowedDomains(List.of("domain1.com")).build())
                .build();
        Relay r = relay(config);
        RelayMessage inside = RelayMessage.builder().from(ACCOUNT).to("boss@domain1.com").subject("s").text("t").build();
        assertThat(r.send(inside).account()).isEqualTo(AccountId.of(ACCOUNT));
        RelayMessage outside = RelayMessage.builder().from(ACCOUNT).to("boss@example.com").subject("s").text("t").build();
        assertThatThrownBy(() -> r.send(outside))
                .isInstanceOfSatisfying(PolicyException.class,
                        e -> assertThat(e.rule()).isEqualTo(PolicyRule.RECIPIENT_DOMAIN_NOT_ALLOWED));
    }

    @Test
    void send_partialFailure_throwsDeliveryExceptionWithTheWholeReport() {
        client.answer(r -> r.localPart().equals("bad")
                ? new RecipientResult(r, DeliveryStatus.PERMANENT_FAILURE, 550, "5.1.1", SmtpPhase.RCPT, "550 5.1.1 no such user")
                : FakeSmtpClient.ok(r));
        RelayMessage m = RelayMessage.builder().from("contact-sales@mailer.domain1.com")
                .to("good@example.com", "bad@example.com").subject("s").text("t").build();

        assertThatThrownBy(() -> relay(guideConfig()).send(m))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.isTemporary()).isFalse();
                    assertThat(e.replyCode()).isEqualTo(550);
                    assertThat(e.enhancedStatus()).isEqualTo("5.1.1");
                    assertThat(e.phase()).isEqualTo(SmtpPhase.RCPT);
                    assertThat(e.failedRecipients()).extracting(f -> f.recipient().address()).containsExactly("bad@example.com");
                    assertThat(e.report().delivered()).extracting(d -> d.recipient().address()).containsExactly("good@example.com");
                    assertThat(e.getMessage()).contains("delivery failed for 1 of 2 recipients via account " + ACCOUNT)
                            .contains("bad@example.com: permanent failure at RCPT, 550: 550 5.1.1 no such user");
                });
    }

    @Test
    void send_rateLimited_failsWithRetryAfter_andSendsNothing() {
        RelayConfig config = RelayConfig.builder(guideConfig()).global(g -> g.rateLimitPerMinute(1)).build();
        FakeClock clock = new FakeClock();
        RateLimiter limiter = RateLimiter.create(config, RateLimitStore.inMemory(), Duration.ZERO, clock);
        relay = RelayAssembly.builder(config).smtpClient(client).rateLimiter(limiter).relay();

        relay.send(guideMessage());
        assertThatThrownBy(() -> relay.send(guideMessage()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
                    assertThat(e.account()).isEqualTo(AccountId.of(ACCOUNT));
                });
        assertThat(client.sent()).hasSize(1);
    }

    @Test
    void send_rawMessage_keepsBytes_butRewritesFromOfAnAlias() {
        String raw = "From: Sales <contact-sales@mailer.domain1.com>\r\nTo: x@example.com\r\nSubject: raw\r\n"
                + "DKIM-Signature: v=1; a=rsa-sha256; d=example.com\r\n\r\nFrom: this line is body\r\n";
        Envelope env = Envelope.of(EmailAddress.parse("contact-sales@mailer.domain1.com"), EmailAddress.parse("x@example.com"));
        relay(guideConfig()).send(RawMessage.of(env, raw.getBytes(StandardCharsets.US_ASCII)));

        String sent = client.sent().get(0).body();
        assertThat(sent).contains("contact-sales@domain1.com").contains("Subject: raw\r\n")
                .contains("DKIM-Signature: v=1; a=rsa-sha256; d=example.com\r\n").endsWith("\r\n\r\nFrom: this line is body\r\n");
        assertThat(sent.split("\r\n\r\n")[0]).doesNotContain("mailer.domain1.com");
    }

    @Test
    void send_rawMessageFromAnAliasWithADisplayName_keepsTheNameBesideTheCanonicalAddress() {
        String raw = "From: \"ACME Sales\" <contact-sales@mailer.domain1.com>\r\nTo: x@example.com\r\nSubject: raw\r\n\r\nbody\r\n";
        Envelope env = Envelope.of(EmailAddress.parse("contact-sales@mailer.domain1.com"), EmailAddress.parse("x@example.com"));
        relay(guideConfig()).send(RawMessage.of(env, raw.getBytes(StandardCharsets.US_ASCII)));

        assertThat(client.sent().get(0).body()).isEqualTo(
                "From: \"ACME Sales\" <contact-sales@domain1.com>\r\nTo: x@example.com\r\nSubject: raw\r\n\r\nbody\r\n");
    }

    @Test
    void sendAsync_failureArrivesThroughTheFuture() {
        RelayMessage m = RelayMessage.builder().from("stranger@mailer.domain1.com").to("x@example.com")
                .subject("s").text("t").build();
        CompletableFuture<DeliveryReport> f = relay(guideConfig()).sendAsync(m);
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(PolicyException.class);
    }

    @Test
    void sendAsync_delivers() throws Exception {
        DeliveryReport report = relay(guideConfig()).sendAsync(guideMessage()).get(30, TimeUnit.SECONDS);
        assertThat(report.allDelivered()).isTrue();
    }

    @Test
    void close_drainsAcceptedAsyncSends() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        client.hold(gate);
        Relay r = RelayAssembly.builder(guideConfig()).smtpClient(client).async(1, 10).relay();
        List<CompletableFuture<DeliveryReport>> futures = List.of(r.sendAsync(guideMessage()), r.sendAsync(guideMessage()));
        Thread closer = new Thread(r::close);
        closer.start();
        gate.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(30));

        for (CompletableFuture<DeliveryReport> f : futures) {
            assertThat(f.get(1, TimeUnit.SECONDS).allDelivered()).isTrue();
        }
        assertThat(client.sent()).hasSize(2);
        assertThatThrownBy(() -> r.send(guideMessage())).isInstanceOf(IllegalStateException.class).hasMessage("relay is closed");
        assertThatThrownBy(() -> r.sendAsync(guideMessage()).get()).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_failsTheFuturesOfSendsItCouldNotStartInTime() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        client.hold(gate);
        Relay r = RelayAssembly.builder(guideConfig()).smtpClient(client).async(1, 10).drainTimeout(Duration.ofMillis(50)).relay();
        CompletableFuture<DeliveryReport> running = r.sendAsync(guideMessage());
        CompletableFuture<DeliveryReport> waiting = r.sendAsync(guideMessage());
        r.close();
        gate.countDown();

        assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RelayException.class).hasMessageContaining("relay closed before this message was sent");
        assertThat(running.get(30, TimeUnit.SECONDS).allDelivered()).isTrue();
    }

    @Test
    void close_doesNotCloseAnInjectedClient() {
        relay(guideConfig()).close();
        assertThat(client.closed()).isFalse();
    }

    @Test
    void reconfigure_newMappingTakesEffectWithoutRestart() {
        Relay r = relay(guideConfig());
        RelayMessage m = RelayMessage.builder().from("jobs@mailer.domain1.com").to("x@example.com").subject("s").text("t").build();
        assertThatThrownBy(() -> r.send(m)).isInstanceOf(PolicyException.class);

        RelayConfig next = RelayConfig.builder(guideConfig())
                .mapping(TestConfigs.mapping("jobs", "jobs@mailer.domain1.com", "careers@domain1.com", ACCOUNT)).build();
        r.reconfigure(next);

        assertThat(r.send(m).envelopeSender().address()).isEqualTo("careers@domain1.com");
        assertThat(client.retained()).containsExactlyElementsOf(next.domains());
        assertThat(r.config()).isSameAs(next);
    }
}
