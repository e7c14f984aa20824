package dev.ssmtpmailer.spring.health;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import dev.ssmtpmailer.spring.SsmtpMailerProperties;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;

/**
 * What the Boot 4 and the Boot 3 health configurations build alike; they differ only in the package of Boot's
 * health types, so each passes its own indicator type in.
 */
final class HealthComponents {
    private HealthComponents() {
    }

    /**
     * @param config the configuration
     * @param client the SMTP client to probe
     * @param properties timeout and cache TTL
     * @return the per-account health, also a listener that learns from real deliveries
     */
    static UpstreamHealth upstreamHealth(RelayConfig config, SmtpRelayClient client, SsmtpMailerProperties properties) {
        return new UpstreamHealth(() -> config, client, properties.getHealth().getTimeout(),
                properties.getHealth().getCacheTtl(), InstantSource.system());
    }

    /**
     * @param <I> Boot's health indicator type
     * @param health the per-account health
     * @param spool the spool bean, if any
     * @param account the indicator of one account, by its name
     * @param queue the indicator of the spool
     * @return one indicator per upstream account, in configuration order, plus {@code queue} with a spool
     */
    static <I> Map<String, I> indicators(UpstreamHealth health, ObjectProvider<Spool> spool,
                                         Function<String, I> account, Function<QueueControl, I> queue) {
        Map<String, I> indicators = new LinkedHashMap<>();
        for (String name : health.accountNames()) {
            indicators.put(name, account.apply(name));
        }
        Spool s = spool.getIfAvailable();
        if (s != null) {
            indicators.put("queue", queue.apply(s));
        }
        return indicators;
    }
}
