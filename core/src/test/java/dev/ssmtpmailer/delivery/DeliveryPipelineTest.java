package dev.ssmtpmailer.delivery;

import static dev.ssmtpmailer.testing.TestConfigs.ACCOUNT;
import static dev.ssmtpmailer.testing.TestConfigs.local;
import static dev.ssmtpmailer.testing.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.policy.OutboundRoute;
import dev.ssmtpmailer.policy.PolicyException;
import dev.ssmtpmailer.policy.PolicyRule;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.ratelimit.RateLimitStore;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import dev.ssmtpmailer.testing.FakeClock;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DeliveryPipelineTest {
    private static final EmailAddress FROM = EmailAddress.parse("contact-sales@domain1.com");
    private static final EmailAddress A = EmailAddress.parse("a@example.com");
    private static final EmailAddress B = EmailAddress.parse("b@example.com");
    private static final MessageBody BODY = MessageBody.of("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));

    private final RelayConfig config = TestConfigs.guide("sales").global(g -> g.rateLimitPerMinute(1)).build();
    private final DomainConfig account = config.domain("domain1.com").orElseThrow();
    private final FakeSmtpClient client = new FakeSmtpClient();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final RateLimiter limiter = RateLimiter.create(config, RateLimitStore.inMemory(), Duration.ZERO, clock);
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final RelayListener listener = new RelayListener() {
        @Override
        public void attempted(AccountId account, Duration latency, List<RecipientResult> results) {
            heard.add("attempted " + account + " " + results.stream().map(r -> r.recipient() + "=" + r.status()).toList());
        }

        @Override
        public void rateLimited(AccountId account) {
            heard.add("rateLimited " + account);
        }
    };

    private DeliveryPipeline pipeline(SmtpRelayClient smtp) {
        return DeliveryPipeline.create(config, DeliveryPipeline.Routing::of, smtp, limiter, listener);
    }

    @Test
    void route_alias_leavesAsItsCanonicalAddressThroughTheMappedAccount() {
        OutboundRoute route = pipeline(client).route(EmailAddress.parse("contact-sales@mailer.domain1.com"), List.of(A));

        assertThat(route.envelopeSender()).isEqualTo(FROM);
        assertThat(route.account().id()).isEqualTo(AccountId.of(ACCOUNT));
    }

    @Test
    void route_unknownSender_refusedByThePolicy() {
        assertThatThrownBy(() -> pipeline(client).route(EmailAddress.parse("stranger@mailer.domain1.com"), List.of(A)))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED));
    }

    @Test
    void attempt_delivered_returnsOneResultPerRecipientAndTellsTheListenerOnce() {
        Attempt attempt = pipeline(client).attempt(account, new Envelope(FROM, List.of(A, B)), BODY, RateLimitWait.NONE);

        assertThat(attempt).isInstanceOfSatisfying(Attempt.Sent.class, sent -> {
            assertThat(sent.account()).isEqualTo(AccountId.of(ACCOUNT));
            assertThat(sent.results()).extracting(RecipientResult::recipient).containsExactly(A, B);
            assertThat(sent.allDelivered()).isTrue();
        });
        assertThat(client.sent()).singleElement().satisfies(s -> assertThat(s.body()).contains("Subject: hi"));
        assertThat(heard).containsExactly("attempted " + ACCOUNT + " [a@example.com=DELIVERED, b@example.com=DELIVERED]");
    }

    @Test
    void attempt_noTokenAndNoWait_returnsRateLimited_sendsNothing_andIsNoRefusalForTheListeners() {
        DeliveryPipeline pipeline = pipeline(client);
        pipeline.attempt(account, Envelope.of(FROM, A), BODY, RateLimitWait.NONE);
        heard.clear();

        Attempt second = pipeline.attempt(account, Envelope.of(FROM, A), BODY, RateLimitWait.NONE);

        assertThat(second).isEqualTo(new Attempt.RateLimited(AccountId.of(ACCOUNT)));
        assertThat(client.sent()).hasSize(1);
        assertThat(heard).isEmpty();
        assertThat(limiter.triggers(AccountId.of(ACCOUNT))).isEqualTo(1);
    }

    @Test
    void attempt_noTokenWithinTheBound_throwsWithRetryAfterAndSendsNothing() {
        DeliveryPipeline pipeline = pipeline(client);
        pipeline.attempt(account, Envelope.of(FROM, A), BODY, RateLimitWait.BOUNDED);
        heard.clear();

        assertThatThrownBy(() -> pipeline.attempt(account, Envelope.of(FROM, A), BODY, RateLimitWait.BOUNDED))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
        assertThat(client.sent()).hasSize(1);
        assertThat(heard).containsExactly("rateLimited " + ACCOUNT);
    }

    @Test
    void attempt_mixedAnswers_classifiedPerRecipient() {
        client.answer(r -> r.equals(A) ? FakeSmtpClient.temp(r) : FakeSmtpClient.perm(r));

        Attempt.Sent sent = (Attempt.Sent) pipeline(client).attempt(account, new Envelope(FROM, List.of(A, B)), BODY,
                RateLimitWait.NONE);

        assertThat(sent.allDelivered()).isFalse();
        assertThat(sent.onlyTemporaryFailures()).isFalse();
        assertThat(sent.result(A).status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
        assertThat(sent.result(B).status()).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
    }

    @Test
    void attempt_clientThrows_everyRecipientFailsTemporarilyAndTheListenerHearsIt() {
        client.answer(r -> {
            throw new IllegalStateException("the SMTP client is closed");
        });

        Attempt.Sent sent = (Attempt.Sent) pipeline(client).attempt(account, new Envelope(FROM, List.of(A, B)), BODY,
                RateLimitWait.NONE);

        assertThat(sent.results()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
            assertThat(r.phase()).isEqualTo(SmtpPhase.OTHER);
            assertThat(r.reply()).contains("local error").contains("the SMTP client is closed");
        });
        assertThat(heard).singleElement().asString().contains("TEMPORARY_FAILURE");
    }

    @Test
    void attempt_clientAnswersForOneRecipientOnly_theOtherFailsTemporarily() {
        SmtpRelayClient answersFirstOnly = new SmtpRelayClient() {
            @Override
            public List<RecipientResult> send(DomainConfig acc, Envelope envelope, MessageBody body) {
                return List.of(FakeSmtpClient.ok(envelope.recipients().get(0)));
            }

            @Override
            public void retainAccounts(Collection<DomainConfig> accounts) {
            }

            @Override
            public void close() {
            }
        };

        Attempt.Sent sent = (Attempt.Sent) pipeline(answersFirstOnly).attempt(account, new Envelope(FROM, List.of(A, B)),
                BODY, RateLimitWait.NONE);

        assertThat(sent.result(A).delivered()).isTrue();
        assertThat(sent.result(B).status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
        assertThat(sent.result(B).reply()).contains("no result for this recipient");
    }

    @Test
    void account_foundByIdIgnoringCase_andFollowsReconfigure() {
        DeliveryPipeline pipeline = pipeline(client);
        assertThat(pipeline.account(AccountId.of("MAIL-RELAY@domain1.com"))).contains(account);
        assertThat(pipeline.account(AccountId.of("domain1.com"))).contains(account);

        pipeline.reconfigure(RelayConfig.builder().domain(upstream("other.com", "x@other.com")).build());

        assertThat(pipeline.account(AccountId.of(ACCOUNT))).isEmpty();
        assertThat(pipeline.account(AccountId.of("x@other.com"))).isPresent();
    }

    @Test
    void account_skipsDisabledSections_matchesUsername_andNoFallbackToADisabledDomain() {
        DomainConfig old = upstream("old.example", "shared@x.example").toBuilder().enabled(false).build();
        DomainConfig current = upstream("current.example", "shared@x.example");
        DomainConfig byLogin = upstream("login.example", "relay@login.example").toBuilder().username("user@login.example").build();
        DomainConfig off = upstream("off.example", "off@off.example").toBuilder().enabled(false).build();
        RelayConfig three = RelayConfig.builder().domain(old).domain(current).domain(byLogin).domain(off).build();
        DeliveryPipeline pipeline = DeliveryPipeline.create(three, DeliveryPipeline.Routing::of, client, limiter, listener);

        assertThat(three.account("SHARED@x.example")).contains(current); // the disabled section before it is skipped
        assertThat(pipeline.account(AccountId.of("shared@x.example"))).contains(current);
        assertThat(three.account("user@login.example")).contains(byLogin); // by username, not only relay_account
        assertThat(pipeline.account(AccountId.of("User@Login.example"))).contains(byLogin);
        assertThat(three.domain("off.example")).contains(off); // the section exists ...
        assertThat(pipeline.account(AccountId.of("off.example"))).isEmpty(); // ... but is disabled: no fallback to it
        assertThat(pipeline.account(AccountId.of("old.example"))).isEmpty();
    }
}
