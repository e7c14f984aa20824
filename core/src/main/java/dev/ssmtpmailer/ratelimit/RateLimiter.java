package dev.ssmtpmailer.ratelimit;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Per upstream account rate limits: {@code rate_limit_per_minute} and {@code rate_limit_per_day} (global values,
 * overridden per {@code [domain:...]}; 0 = no limit), each a token bucket. The per-minute bucket holds N tokens
 * and refills N per 60 s; the per-day bucket holds N and refills N per 24 h. A message takes one token from each.
 * {@code enable_rate_limiting = false} disables every limit.
 *
 * <p>Accounts are told apart by {@link DomainConfig#accountName()} (case-insensitively), or by the section name
 * when the domain has no account name. An account's buckets are created full on first use.
 *
 * <p>Implementations are thread-safe: each account has its own lock, held only for the arithmetic, never while
 * waiting. Waiting callers reserve their token before they sleep, so they are served in order.
 */
public interface RateLimiter {

    /** How long {@link #acquire} waits at most for a token unless told otherwise: 10 seconds. */
    Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

    /**
     * Takes a token for one message if both buckets have one now. Never waits, never throws for a limit.
     *
     * @param account the upstream account
     * @return whether the message may go now; a refusal counts as a {@linkplain #triggers trigger}
     * @throws NullPointerException if {@code account} is {@code null}
     */
    boolean tryAcquire(DomainConfig account);

    /**
     * Takes a token for one message, waiting for it when the next token is due within the maximum wait (a wait
     * counts as a {@linkplain #triggers trigger}).
     *
     * @param account the upstream account
     * @throws RateLimitException if the next token is due later than the maximum wait (no token is taken; the
     *     exception says when to retry and which limit refused), or if the thread is interrupted while waiting
     *     (the token is given back and the interrupt flag is set again)
     * @throws NullPointerException if {@code account} is {@code null}
     */
    void acquire(DomainConfig account);

    /**
     * @param accountName the account's {@link DomainConfig#accountName()}, or its section name when it has none
     * @return how often the account was refused or had to wait since this limiter was created (for metrics)
     */
    long triggers(String accountName);

    /**
     * Applies a new configuration. Accounts that remain keep their current levels, capped at their new capacity;
     * a limit that was 0 starts full; accounts no longer configured are forgotten. Trigger counts are kept.
     *
     * @param config the new configuration
     * @throws NullPointerException if {@code config} is {@code null}
     */
    void reconfigure(RelayConfig config);

    /**
     * @param config the configuration whose limits apply
     * @return a limiter on the system clock that waits at most {@link #DEFAULT_MAX_WAIT}
     */
    static RateLimiter create(RelayConfig config) {
        return create(config, DEFAULT_MAX_WAIT, System::nanoTime, Sleeper.SYSTEM);
    }

    /**
     * @param config the configuration whose limits apply
     * @param maxWait how long {@link #acquire} may wait for a token; zero never waits
     * @param nanoTicker a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     * @param sleeper how {@link #acquire} waits; tests pass one that advances their fake ticker
     * @return the limiter
     * @throws IllegalArgumentException if {@code maxWait} is negative
     * @throws NullPointerException if an argument is {@code null}
     */
    static RateLimiter create(RelayConfig config, Duration maxWait, LongSupplier nanoTicker, Sleeper sleeper) {
        return new TokenBucketRateLimiter(config, maxWait, nanoTicker, sleeper);
    }

    /** Waits for a number of nanoseconds; injected so that tests use a fake clock and never sleep. */
    @FunctionalInterface
    interface Sleeper {
        /** Sleeps on the real clock. */
        Sleeper SYSTEM = TimeUnit.NANOSECONDS::sleep;

        /**
         * @param nanos how long to wait, positive
         * @throws InterruptedException if the thread is interrupted while waiting
         */
        void sleep(long nanos) throws InterruptedException;
    }
}
