package dev.ssmtpmailer.spring.health;

import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health for Spring Boot 3 ({@code spring-boot-actuator} 3.x): a composite contributor {@code ssmtpMailer} with one indicator per upstream
 * account, answered by {@link UpstreamHealth} (cached, time-boxed, fed by real deliveries). Off, as every Boot
 * health indicator, with {@code management.health.ssmtpmailer.enabled=false} (or
 * {@code management.health.defaults.enabled=false} without {@code management.health.ssmtpmailer.enabled=true}),
 * and with {@code ssmtp-mailer.health.enabled=false}.
 */
@AutoConfiguration(after = SsmtpMailerAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(SmtpRelayClient.class)
@ConditionalOnProperty(prefix = "ssmtp-mailer.health", name = "enabled", matchIfMissing = true)
public final class SsmtpMailerBoot3HealthAutoConfiguration {

    SsmtpMailerBoot3HealthAutoConfiguration() {
    }

    /** Boot 3's {@code management.health.ssmtpmailer.enabled}, on a nested class for the Boot 4 class's reason. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator(SsmtpMailerHealthAutoConfiguration.INDICATOR)
    @Import(UpstreamHealthConfiguration.class)
    static class Indicators {
        /** @return Boot 3's composite of {@link HealthComponents#indicators}, under {@code ssmtpMailer} */
        @Bean
        @ConditionalOnMissingBean(name = "ssmtpMailerHealthContributor")
        CompositeHealthContributor ssmtpMailerHealthContributor(UpstreamHealth health, ObjectProvider<Spool> spool) {
            return CompositeHealthContributor.fromMap(HealthComponents.<HealthIndicator>indicators(health, spool,
                    answer -> () -> toHealth(answer.get())));
        }
    }

    /** @return Boot's health of a Boot-neutral answer */
    static Health toHealth(HealthComponents.Answer answer) {
        return Health.status(answer.status()).withDetails(answer.details()).build();
    }
}
