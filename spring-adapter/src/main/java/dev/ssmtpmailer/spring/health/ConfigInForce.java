package dev.ssmtpmailer.spring.health;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.config.RelayConfig;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The configuration the upstream health checks: the relay's configuration in force ({@link Relay#config()}, which
 * {@link Relay#reconfigure} changes) once every singleton exists, the startup {@link RelayConfig} bean before. The
 * relay is looked up once, after the context's singletons are made, never from a probe or a delivery's listener
 * (the health is one of the relay's listeners, so an earlier lookup could meet the relay in creation).
 */
final class ConfigInForce implements Supplier<RelayConfig>, SmartInitializingSingleton {
    private final RelayConfig startup;
    private final ObjectProvider<Relay> relays;
    private volatile Relay relay;

    ConfigInForce(RelayConfig startup, ObjectProvider<Relay> relays) {
        this.startup = Objects.requireNonNull(startup, "startup");
        this.relays = Objects.requireNonNull(relays, "relays");
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            relay = relays.getIfUnique();
        } catch (BeansException e) {
            relay = null; // no single relay: the startup configuration stays the one checked
        }
    }

    @Override
    public RelayConfig get() {
        Relay r = relay;
        return r == null ? startup : r.config();
    }
}
