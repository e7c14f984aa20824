package dev.ssmtpmailer.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.spring.FakeSmtpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpstreamHealthTest {
    private static final String ACCOUNT = "mail-relay@domain1.com";
    private static final RelayConfig CONFIG = RelayConfig.builder()
            .domain(DomainConfig.builder("domain1.com").smtpServer("smtp.gmail.com").relayAccount(ACCOUNT).username(ACCOUNT)
                    .password("pw").build())
            .build();

    /** A clock the test moves by hand. */
    private static final class FakeClock implements InstantSource {
        volatile Instant now = Instant.parse("2026-11-27T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final FakeClock clock = new FakeClock();
    private final FakeSmtpClient client = new FakeSmtpClient();
    private final UpstreamHealth health = new UpstreamHealth(() -> CONFIG, client, Duration.ofSeconds(10),
            Duration.ofMinutes(5), clock);

    @AfterEach
    void close() {
        CountDownLatch h = client.hold;
        if (h != null) {
            h.countDown();
        }
        health.close();
    }

    @Test
    void check_probesOnceThenAnswersFromTheCacheUntilTheTtlEnds() {
        assertThat(health.check(ACCOUNT).status()).isEqualTo(ProbeResult.Status.UP);
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(health.check().get(ACCOUNT).status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(client.probes).hasValue(1);
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        health.check(ACCOUNT);
        assertThat(client.probes).hasValue(2);
    }

    @Test
    void check_failedProbe_downWithPhase() {
        client.probeResult = new ProbeResult(ProbeResult.Status.DOWN, SmtpPhase.AUTH, 535, "authentication failed");
        UpstreamHealth.AccountHealth h = health.check(ACCOUNT);
        assertThat(h.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(h.phase()).isEqualTo(SmtpPhase.AUTH);
        assertThat(h.detail()).isEqualTo("authentication failed");
    }

    @Test
    void delivered_isEvidenceEnough_noProbe() {
        health.delivered(AccountId.of(ACCOUNT), Duration.ofMillis(80));
        assertThat(health.check(ACCOUNT).detail()).isEqualTo("delivered a message");
        assertThat(client.probes).hasValue(0);
    }

    @Test
    void loginFailureOfARealDelivery_marksDownWithoutProbe_recipientRefusalDoesNot() {
        health.failed(AccountId.of(ACCOUNT), DeliveryStatus.PERMANENT_FAILURE, SmtpPhase.RCPT);
        assertThat(health.check(ACCOUNT).status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(client.probes).hasValue(1);
        health.failed(AccountId.of(ACCOUNT), DeliveryStatus.TEMPORARY_FAILURE, SmtpPhase.AUTH);
        assertThat(health.check(ACCOUNT).status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(client.probes).hasValue(1);
    }

    @Test
    void slowProbe_reportedDownWhenTheTimeBoxEnds_andNotStartedAgainWhileRunning() throws Exception {
        client.hold = new CountDownLatch(1);
        UpstreamHealth boxed = new UpstreamHealth(() -> CONFIG, client, Duration.ofMillis(50), Duration.ofMinutes(5), clock);
        try {
            UpstreamHealth.AccountHealth first = boxed.check(ACCOUNT);
            assertThat(first.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(first.detail()).isEqualTo("no answer within 50 ms");
            boxed.check(ACCOUNT);
            assertThat(client.probes).hasValue(1);
            client.hold.countDown();
            // The running probe's answer is used as soon as it is there.
            client.hold = null;
            UpstreamHealth.AccountHealth later = boxed.check(ACCOUNT);
            assertThat(later.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(client.probes).hasValue(1);
        } finally {
            boxed.close();
        }
    }

    @Test
    void check_unknownAccount_null() {
        assertThat(health.check("nobody@domain1.com")).isNull();
        assertThat(health.accountNames()).containsExactly(ACCOUNT);
    }
}
