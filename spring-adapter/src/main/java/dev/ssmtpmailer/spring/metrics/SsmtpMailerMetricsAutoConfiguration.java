package dev.ssmtpmailer.spring.metrics;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.metrics.InboundMetrics;
import dev.ssmtpmailer.metrics.RelayMetrics;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the relay ({@link RelayMetrics}, the same meters as {@code ssmtp-mailer serve}'s), when
 * Micrometer is on the class path. Spring Boot's metrics support binds the {@code MeterBinder} to its registries
 * (in Boot 3 and 4 alike); every per-account meter then exists at 0. With the inbound server
 * ({@code ssmtp-mailer.server.enabled=true}) the server's meters ({@link InboundMetrics}) are there too, every
 * refusal reason at 0.
 */
@AutoConfiguration(after = SsmtpMailerAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(RateLimiter.class)
public final class SsmtpMailerMetricsAutoConfiguration {

    SsmtpMailerMetricsAutoConfiguration() {
    }

    /**
     * @param config the configuration
     * @param rateLimiter the rate limiter whose triggers are counted
     * @param spool the spool bean, if any, whose depth and oldest age are reported
     * @param beans to tell whether there is a spool bean without creating it (the spool reports to these meters)
     * @return the meters, also a listener of the relay and of the spool's workers
     */
    @Bean
    @ConditionalOnMissingBean
    RelayMetrics ssmtpMailerRelayMetrics(RelayConfig config, RateLimiter rateLimiter, ObjectProvider<Spool> spool,
                                         org.springframework.beans.factory.ListableBeanFactory beans) {
        boolean hasSpool = beans.getBeanNamesForType(Spool.class, false, false).length > 0;
        return new RelayMetrics(config, rateLimiter, hasSpool ? spool::getObject : null);
    }

    /**
     * @return the inbound server's meters, also a listener of the server
     *         ({@link dev.ssmtpmailer.spring.server.SsmtpMailerServerAutoConfiguration} hands it every event)
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "ssmtp-mailer.server", name = "enabled", havingValue = "true")
    InboundMetrics ssmtpMailerInboundMetrics() {
        return new InboundMetrics();
    }
}
