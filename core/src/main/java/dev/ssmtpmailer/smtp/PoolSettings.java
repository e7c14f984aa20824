package dev.ssmtpmailer.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the connection pools that are not configuration keys.
 *
 * @param maxMessagesPerConnection a connection is closed (QUIT) after this many transactions, so that no
 *        connection lives for ever and a server's per-session limits (Gmail: about 100 messages) are not hit
 * @param maxIdle an idle connection older than this is closed instead of reused; servers drop idle sessions
 *        (Postfix after 300 s) and a dropped one costs a failed attempt
 * @param sweepInterval how often idle connections are checked in the background
 */
record PoolSettings(int maxMessagesPerConnection, Duration maxIdle, Duration sweepInterval) {
    static final PoolSettings DEFAULTS = new PoolSettings(100, Duration.ofSeconds(60), Duration.ofSeconds(15));

    PoolSettings {
        if (maxMessagesPerConnection < 1) {
            throw new IllegalArgumentException("maxMessagesPerConnection must be at least 1");
        }
        Objects.requireNonNull(maxIdle, "maxIdle");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
    }
}
