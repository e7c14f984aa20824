package dev.ssmtpmailer.spring.health;

import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health for Spring Boot 4 ({@code spring-boot-health}): a composite contributor {@code ssmtpMailer} with one indicator per upstream
 * account, answered by {@link UpstreamHealth} (cached, time-boxed, fed by real deliveries). Off, as every Boot
 * health indicator, with {@code management.health.ssmtpmailer.enabled=false} (or
 * {@code management.health.defaults.enabled=false} without {@code management.health.ssmtpmailer.enabled=true}),
 * and with {@code ssmtp-mailer.health.enabled=false}.
 */
@AutoConfiguration(after = SsmtpMailerAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(SmtpRelayClient.class)
@ConditionalOnProperty(prefix = "ssmtp-mailer.health", name = "enabled", matchIfMissing = true)
public final class SsmtpMailerHealthAutoConfiguration {
    /** The indicator's name in {@code management.health.<name>.enabled}. */
    public static final String INDICATOR = "ssmtpmailer";

    SsmtpMailerHealthAutoConfiguration() {
    }

    /**
     * The beans, behind Boot's switch for health indicators. The condition sits on this nested class, not on the
     * auto-configuration: its condition class lives in the optional health module, and on the outer class it
     * would be loaded before {@code @ConditionalOnClass} could say that the module is absent.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator(SsmtpMailerHealthAutoConfiguration.INDICATOR)
    @Import(UpstreamHealthConfiguration.class)
    static class Indicators {
        /**
         * @param health the per-account health
         * @param spool the spool bean, if any
         * @return one indicator per upstream account, plus {@code queue} with a spool, under {@code ssmtpMailer}
         */
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
