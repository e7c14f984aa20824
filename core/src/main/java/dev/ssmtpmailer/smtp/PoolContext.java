package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.GlobalSettings;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every {@link AccountPool} of one {@link PooledSmtpRelayClient} shares: the client builds it once and
 * hands it to each pool it makes.
 *
 * @param global the global settings (timeouts, default {@code max_connections}, trust directories)
 * @param tokens the OAuth2 token source, {@code null} when no account uses XOAUTH2
 * @param clock the clock of idle times and probe steps
 * @param settings the pool limits
 * @param timer the executor connections arm their write timeouts on
 */
record PoolContext(GlobalSettings global, TokenProvider tokens, InstantSource clock, PoolSettings settings,
                   ScheduledExecutorService timer) {

    PoolContext {
        Objects.requireNonNull(global, "global");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(timer, "timer");
    }
}
