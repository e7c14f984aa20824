package dev.ssmtpmailer.spring.health;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import dev.ssmtpmailer.spring.SsmtpMailerProperties;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Boot-neutral bean under both generations' indicators: each health auto-configuration imports it behind its
 * own conditions, and only turns its answers into its own {@code Health} ({@link HealthComponents}).
 */
@Configuration(proxyBeanMethods = false)
class UpstreamHealthConfiguration {
    /**
     * @param config the startup configuration
     * @param relay the relay, whose configuration in force ({@link Relay#reconfigure}) the health follows
     * @return the configuration the upstream health checks
     */
    @Bean
    ConfigInForce ssmtpMailerHealthConfigInForce(RelayConfig config, ObjectProvider<Relay> relay) {
        return new ConfigInForce(config, relay);
    }

    /**
     * @param config the configuration in force: after {@link Relay#reconfigure} the probes log in with the new
     *     accounts, not the startup ones (which would open a pool again for a retired account)
     * @param client the SMTP client to probe
     * @param properties timeout and cache TTL
     * @return the per-account health, also a listener that learns from real deliveries
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    UpstreamHealth ssmtpMailerUpstreamHealth(ConfigInForce config, SmtpRelayClient client, SsmtpMailerProperties properties) {
        return new UpstreamHealth(config, client, properties.health().timeout(), properties.health().cacheTtl(),
                InstantSource.system());
    }
}
