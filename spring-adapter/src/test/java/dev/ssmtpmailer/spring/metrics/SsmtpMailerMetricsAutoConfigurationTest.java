package dev.ssmtpmailer.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.DeliveryException;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.metrics.InboundMetrics;
import dev.ssmtpmailer.metrics.RelayMetrics;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import dev.ssmtpmailer.spring.TestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SsmtpMailerMetricsAutoConfigurationTest {
    @TempDir
    Path dir;

    private final FakeSmtpClient client = new FakeSmtpClient();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class,
                    SsmtpMailerMetricsAutoConfiguration.class))
            .withBean(FakeSmtpClient.class, () -> client)
            .withPropertyValues(TestProperties.guide());

    private static RelayMessage message() {
        return RelayMessage.builder().from("contact-sales@mailer.domain1.com").to("test@example.com").subject("s")
                .text("t").build();
    }

    @Test
    void bound_beforeAnyMessage_everyAccountMeterExistsAtZero() {
        runner.run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(RelayMetrics.class).bindTo(registry);
            for (String name : new String[] {RelayMetrics.DELIVERED, RelayMetrics.DEFERRED, RelayMetrics.CONNECTION_FAILURES,
                    RelayMetrics.AUTHENTICATION_FAILURES}) {
                assertThat(registry.get(name).tag("account", TestProperties.ACCOUNT).counter().count()).as(name).isZero();
            }
            assertThat(registry.get(RelayMetrics.FAILED).tags("account", TestProperties.ACCOUNT, "reason", "permanent")
                    .counter().count()).isZero();
        });
    }

    @Test
    void deliveries_countedAndTimedByAccount() {
        runner.run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(RelayMetrics.class).bindTo(registry);
            context.getBean(Relay.class).send(message());
            context.getBean(Relay.class).send(message());
            assertThat(registry.get(RelayMetrics.DELIVERED).tag("account", TestProperties.ACCOUNT).counter().count())
                    .isEqualTo(2.0);
            assertThat(registry.get(RelayMetrics.LATENCY).tag("account", TestProperties.ACCOUNT).timer().count()).isEqualTo(2);
        });
    }

    @Test
    void loginRefused_countsADeferredMessageAndAnAuthenticationFailure() {
        client.answer(r -> new RecipientResult(r, DeliveryStatus.TEMPORARY_FAILURE, 535, null, SmtpPhase.AUTH, "fake"));
        runner.run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(RelayMetrics.class).bindTo(registry);
            assertThatThrownBy(() -> context.getBean(Relay.class).send(message())).isInstanceOf(DeliveryException.class);
            assertThat(registry.get(RelayMetrics.DEFERRED).tags("account", TestProperties.ACCOUNT).counter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get(RelayMetrics.AUTHENTICATION_FAILURES).counter().count()).isEqualTo(1.0);
            assertThat(registry.get(RelayMetrics.CONNECTION_FAILURES).counter().count()).isZero();
        });
    }

    @Test
    void rateLimit_refusalsAndTriggersCounted() {
        runner.withPropertyValues("ssmtp-mailer.global.rate-limit-per-minute=1").run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(RelayMetrics.class).bindTo(registry);
            Relay relay = context.getBean(Relay.class);
            relay.send(message());
            // The second message would wait about a minute, beyond the limiter's 10 s bound: refused at once.
            assertThatThrownBy(() -> relay.send(message())).isInstanceOf(RateLimitException.class);
            assertThat(registry.get(RelayMetrics.FAILED).tag("reason", "rate_limited").counter().count()).isEqualTo(1.0);
            assertThat(registry.get(RelayMetrics.RATE_LIMIT_TRIGGERS).tag("account", TestProperties.ACCOUNT)
                    .functionCounter().count()).isEqualTo(1.0);
        });
    }

    @Test
    void withSpool_queueDepthAndOldestAgeGauges() {
        runner.withPropertyValues("ssmtp-mailer.spool.enabled=true", "ssmtp-mailer.global.spool-dir=" + dir.resolve("spool"))
                .run(context -> {
                    MeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(RelayMetrics.class).bindTo(registry);
                    assertThat(registry.get(RelayMetrics.QUEUE_DEPTH).gauge().value()).isEqualTo(0.0);
                    assertThat(registry.get(RelayMetrics.QUEUE_OLDEST_AGE).timeGauge().value()).isEqualTo(0.0);
                });
    }

    @Test
    void inboundMeters_onlyWithTheServer() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(InboundMetrics.class));
        runner.withPropertyValues("ssmtp-mailer.server.enabled=true", "ssmtp-mailer.global.spool-dir=" + dir.resolve("spool"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(InboundMetrics.class));
    }

    @Test
    void withoutSpool_noQueueGauges() {
        runner.run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(RelayMetrics.class).bindTo(registry);
            assertThat(registry.find(RelayMetrics.QUEUE_DEPTH).gauge()).isNull();
        });
    }

    @Test
    void withoutMicrometer_noMetricsAndNoFailure() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RelayMetrics.class).hasSingleBean(Relay.class));
    }
}
