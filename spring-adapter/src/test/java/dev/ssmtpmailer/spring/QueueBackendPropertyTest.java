package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.RelayConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code ssmtp-mailer.queue.backend} without a database: how it reaches the configuration and what it refuses. */
class QueueBackendPropertyTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class))
            .withPropertyValues(TestProperties.guide());

    @Configuration(proxyBeanMethods = false)
    static class PostgresByCustomizer {
        @Bean
        RelayConfigCustomizer postgres() {
            return b -> b.global(g -> g.queueBackend("postgres").databaseUrl("jdbc:postgresql://db.example.com/mail"));
        }
    }

    @Test
    void queueBackendFile_becomesTheConfigurationsQueueBackend() {
        runner.withPropertyValues("ssmtp-mailer.queue.backend=FILE").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RelayConfig.class).global().queue().backend()).isEqualTo("file");
        });
    }

    @Test
    void queueBackend_unknownValue_failsNamingTheProperty() {
        runner.withPropertyValues("ssmtp-mailer.queue.backend=mysql").run(context ->
                assertThat(TestProperties.configFailure(context.getStartupFailure()).problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.where()).isEqualTo("ssmtp-mailer.queue.backend");
                            assertThat(p.message()).isEqualTo("must be file or postgres, was 'mysql'");
                        }));
    }

    @Test
    void postgresFromACustomizer_withoutTheProperty_failsInsteadOfRunningOnALocalSpool() {
        runner.withUserConfiguration(PostgresByCustomizer.class).run(context ->
                assertThat(TestProperties.configFailure(context.getStartupFailure()).problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.where()).isEqualTo("ssmtp-mailer.queue.backend");
                            assertThat(p.message()).contains("must be postgres too");
                        }));
    }
}
