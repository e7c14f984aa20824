package dev.ssmtpmailer.ratelimit;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Per upstream account rate limits: {@code rate_limit_per_minute} and {@code rate_limit_per_day} (global values,
 * overridden per {@code [domain:...]}; 0 = no limit), each a token bucket. The per-minute bucket holds N tokens
 * and refills N per 60 s; the per-day bucket holds N and refills N per 24 h. A message takes one token from each.
 * {@code enable_rate_limiting = false} disables every limit.
 *
 * <p>Accounts are told apart by {@link DomainConfig#id()}. An account's buckets are created full on first use.
 * They live in a {@link RateLimitStore}: in this process by default, or in a store several processes share
 * ({@link #create(RelayConfig, RateLimitStore)}); this interface keeps the policy (limits, waiting, trigger counts).
 *
 * <p>Implementations are thread-safe; the store takes tokens atomically and the limiter never holds a lock
 * while waiting. Waiting callers reserve their token before they sleep, so they are served in order.
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
     * @param account the account ({@link DomainConfig#id()})
     * @return how often the account was refused or had to wait since this limiter was created (for metrics)
     */
    long triggers(AccountId account);

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
     * @return a limiter with in-memory buckets on the system clock that waits at most {@link #DEFAULT_MAX_WAIT}
     * @throws NullPointerException if {@code config} is {@code null}
     */
    static RateLimiter create(RelayConfig config) {
        return create(config, RateLimitStore.inMemory());
    }

    /**
     * @param config the configuration whose limits apply
     * @param store where the accounts' buckets live, such as a database that several processes share
     * @return a limiter on the system clock that waits at most {@link #DEFAULT_MAX_WAIT}
     * @throws NullPointerException if an argument is {@code null}
     */
    static RateLimiter create(RelayConfig config, RateLimitStore store) {
        return create(config, store, DEFAULT_MAX_WAIT, InstantSource.system());
    }

    /**
     * @param config the configuration whose limits apply
     * @param store where the accounts' buckets live ({@link RateLimitStore#inMemory()} unless shared)
     * @param maxWait how long {@link #acquire} may wait for a token; zero never waits
     * @param clock the time handed to the store; wall-clock time for a store that processes share. Tests pass a
     *        fake one, with a zero {@code maxWait} so that nothing waits on the real clock
     * @return the limiter
     * @throws IllegalArgumentException if {@code maxWait} is negative
     * @throws NullPointerException if an argument is {@code null}
     */
    static RateLimiter create(RelayConfig config, RateLimitStore store, Duration maxWait, InstantSource clock) {
        return new TokenBucketRateLimiter(config, store, maxWait, clock, Sleeper.SYSTEM);
    }
}
