package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The starter's own properties (not core's keys) are checked when bound, and reported like every config error. */
class StarterPropertyChecksTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class))
            .withPropertyValues(TestProperties.guide());

    @ParameterizedTest
    @CsvSource({"drain-timeout, 0s", "drain-timeout, -5s", "health.timeout, 0s", "health.cache-ttl, -1s"})
    void notPositive_failsNamingTheProperty(String property, String value) {
        runner.withPropertyValues("ssmtp-mailer." + property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(TestProperties.configFailure(context.getStartupFailure()).problems()).singleElement()
                    .satisfies(p -> {
                        assertThat(p.where()).isEqualTo("ssmtp-mailer." + property);
                        assertThat(p.message()).startsWith("must be positive");
                    });
        });
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(SsmtpMailerAutoConfiguration.class)
    static class App {
    }

    @ParameterizedTest
    @CsvSource({"drain-timeout, 0s", "health.cache-ttl, -1s"})
    void notPositive_startupReportNamesThePropertyAndTheFix(String property, String value) {
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setRegisterShutdownHook(false);
        String[] args = Stream.concat(Stream.of(TestProperties.guide()), Stream.of("ssmtp-mailer." + property + "=" + value))
                .map(a -> "--" + a).toArray(String[]::new);
        // Boot leaves the logging alone (slf4j-simple, as in every other test of this JVM) and reports through it.
        String loggingSystem = System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        String log;
        try {
            log = Stderr.of(() -> assertThatThrownBy(() -> app.run(args)).hasStackTraceContaining("ssmtp-mailer." + property));
        } finally {
            if (loggingSystem == null) {
                System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
            } else {
                System.setProperty(LoggingSystem.SYSTEM_PROPERTY, loggingSystem);
            }
        }
        assertThat(log).contains("APPLICATION FAILED TO START")
                .contains("The ssmtp-mailer configuration properties are invalid")
                .contains("ssmtp-mailer." + property + ": must be positive");
    }
}
