package dev.ssmtpmailer.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import dev.ssmtpmailer.spring.TestProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Spring Boot 3's health API; compiled and run only by the Boot 3 build ({@code spring-adapter/boot3-tests}). */
class SsmtpMailerHealthAutoConfigurationBoot3Test {
    @TempDir
    Path dir;

    private final FakeSmtpClient client = new FakeSmtpClient();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class,
                    SsmtpMailerHealthAutoConfiguration.class, SsmtpMailerBoot3HealthAutoConfiguration.class))
            .withBean(FakeSmtpClient.class, () -> client)
            .withPropertyValues(TestProperties.guide());

    private static Health accountHealth(CompositeHealthContributor c) {
        return ((HealthIndicator) c.getContributor(TestProperties.ACCOUNT)).health();
    }

    @Test
    void contributor_hasOneIndicatorPerUpstreamAccount() {
        runner.run(context -> {
            CompositeHealthContributor c = context.getBean("ssmtpMailerHealthContributor", CompositeHealthContributor.class);
            assertThat(c.stream().map(e -> e.getName())).containsExactly(TestProperties.ACCOUNT);
            assertThat(accountHealth(c).getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void withSpool_queueComponentWithDepth() {
        runner.withPropertyValues("ssmtp-mailer.spool.enabled=true", "ssmtp-mailer.global.spool-dir=" + dir.resolve("spool"))
                .run(context -> {
                    Health queue = ((HealthIndicator) context.getBean(CompositeHealthContributor.class).getContributor("queue"))
                            .health();
                    assertThat(queue.getStatus()).isEqualTo(Status.UP);
                    assertThat(queue.getDetails()).containsEntry("depth", 0);
                });
    }

    @Test
    void loginRefused_downWithPhase() {
        client.probeAnswer(new ProbeResult(ProbeResult.Status.DOWN, SmtpPhase.AUTH, 535, "authentication failed"));
        runner.run(context -> {
            Health h = accountHealth(context.getBean(CompositeHealthContributor.class));
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails()).containsEntry("phase", "AUTH");
        });
    }

    @Test
    void withoutActuator_noContributorAndNoFailure() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(UpstreamHealth.class));
    }
}
