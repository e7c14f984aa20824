package dev.ssmtpmailer.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.config.RelayConfig;

import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import dev.ssmtpmailer.spring.TestProperties;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The health scenarios that both Spring Boot generations must pass. Boot 4 moved the health types to another
 * package, so each generation's subclass only reads its own {@code Health} into a {@link Reading}.
 */
abstract class HealthAutoConfigurationScenarios {
    @TempDir
    Path dir;

    private final FakeSmtpClient client = new FakeSmtpClient();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class,
                    SsmtpMailerHealthAutoConfiguration.class, SsmtpMailerBoot3HealthAutoConfiguration.class))
            .withBean(FakeSmtpClient.class, () -> client)
            .withPropertyValues(TestProperties.guide());

    /**
     * What one indicator answered.
     *
     * @param status the status code
     * @param details the details
     */
    record Reading(String status, Map<String, Object> details) {
    }

    /** @return the package of this generation's health API, whose absence must switch health off quietly */
    abstract String healthApiPackage();

    /** @return the component names of the {@code ssmtpMailerHealthContributor} bean */
    abstract List<String> componentNames(AssertableApplicationContext context);

    /** @return what the component of that name in {@code ssmtpMailerHealthContributor} answers now */
    abstract Reading health(AssertableApplicationContext context, String component);

    /** After Relay.reconfigure the probes log in with the accounts in force, not the startup bean's. */
    @Test
    void afterReconfigure_theUpstreamHealthChecksTheConfigurationInForce() {
        runner.run(context -> {
            Relay relay = context.getBean(Relay.class);
            RelayConfig startup = context.getBean(RelayConfig.class);
            relay.reconfigure(RelayConfig.builder(relay.config()).global(g -> g.defaultHostname("other.domain1.com"))
                    .build());

            assertThat(relay.config()).isNotEqualTo(startup);
            assertThat(context.getBean(ConfigInForce.class).get()).isSameAs(relay.config());
        });
    }

    @Test
    void contributor_hasOneIndicatorPerUpstreamAccount() {
        runner.run(context -> {
            assertThat(componentNames(context)).containsExactly(TestProperties.ACCOUNT);
            Reading account = health(context, TestProperties.ACCOUNT);
            assertThat(account.status()).isEqualTo("UP");
            assertThat(account.details()).containsEntry("detail", "fake");
        });
    }

    @Test
    void withSpool_queueComponentWithDepth() {
        runner.withPropertyValues("ssmtp-mailer.spool.enabled=true", "ssmtp-mailer.global.spool-dir=" + dir.resolve("spool"))
                .run(context -> {
                    Reading queue = health(context, "queue");
                    assertThat(queue.status()).isEqualTo("UP");
                    assertThat(queue.details()).containsEntry("depth", 0).containsEntry("unrestored", 0);
                });
    }

    @Test
    void loginRefused_downWithPhase() {
        client.probeAnswer(new ProbeResult(ProbeResult.Status.DOWN, SmtpPhase.AUTH, 535, "authentication failed"));
        runner.run(context -> {
            Reading account = health(context, TestProperties.ACCOUNT);
            assertThat(account.status()).isEqualTo("DOWN");
            assertThat(account.details()).containsEntry("phase", "AUTH");
        });
    }

    @Test
    void disabled_noContributor() {
        runner.withPropertyValues("ssmtp-mailer.health.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("ssmtpMailerHealthContributor")
                        .doesNotHaveBean(UpstreamHealth.class));
    }

    @Test
    void withoutBootHealthApi_noContributorAndNoFailure() {
        runner.withClassLoader(new FilteredClassLoader(healthApiPackage()))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(UpstreamHealth.class));
    }
}
