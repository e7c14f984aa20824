package dev.ssmtpmailer.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.spring.FakeSmtpClient;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import dev.ssmtpmailer.spring.TestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Spring Boot's switches for health indicators, on whichever Boot this build runs (4 here, 3.5 in
 * {@code boot3-tests}): the beans are ours, so one test serves both health APIs.
 */
class SsmtpMailerHealthSwitchesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class,
                    SsmtpMailerHealthAutoConfiguration.class, SsmtpMailerBoot3HealthAutoConfiguration.class))
            .withBean(FakeSmtpClient.class, FakeSmtpClient::new)
            .withPropertyValues(TestProperties.guide());

    @Test
    void byDefault_healthBeansPresent() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(UpstreamHealth.class)
                .hasBean("ssmtpMailerHealthContributor"));
    }

    @Test
    void managementHealthSsmtpmailerDisabled_noHealthBeans() {
        runner.withPropertyValues("management.health.ssmtpmailer.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(UpstreamHealth.class)
                        .doesNotHaveBean("ssmtpMailerHealthContributor"));
    }

    @Test
    void managementHealthDefaultsDisabled_noHealthBeansUnlessEnabledByName() {
        runner.withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(UpstreamHealth.class));
        runner.withPropertyValues("management.health.defaults.enabled=false", "management.health.ssmtpmailer.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(UpstreamHealth.class));
    }
}
