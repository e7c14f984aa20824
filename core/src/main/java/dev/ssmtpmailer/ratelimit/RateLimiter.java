package dev.ssmtpmailer.ratelimit;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Per upstream account rate limits: {@code rate_limit_per_minute} and {@code rate_limit_per_day} (global values,
 * overridden per {@code [domain:...]}; 0 = no limit), each a token bucket. The per-minute bucket holds N tokens
 * and refills N per 60 s; the per-day bucket holds N and refills N per 24 h. A message takes one token from each.
 * {@code enable_rate_limiting = false} disables every limit.
 *
 * <p>Accounts are told apart by {@link DomainConfig#id()}. An account's buckets are created full on first use.
 * They live in a {@link RateLimitStore}: in this process by default, or in a store several processes share
 * ({@link Builder#store}); this interface keeps the policy (limits, waiting, trigger counts).
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
     */
    static RateLimiter create(RelayConfig config) {
        return builder(config).build();
    }

    /**
     * @param config the configuration whose limits apply
     * @return a builder, to choose where the buckets live, the clock and the maximum wait
     * @throws NullPointerException if {@code config} is {@code null}
     */
    static Builder builder(RelayConfig config) {
        return new Builder(config);
    }

    /** Configures a {@link RateLimiter}. */
    final class Builder {
        final RelayConfig config;
        RateLimitStore store;
        Duration maxWait = DEFAULT_MAX_WAIT;
        InstantSource clock = InstantSource.system();
        Sleeper sleeper = Sleeper.SYSTEM;

        private Builder(RelayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param store where the accounts' buckets live; default a new {@link RateLimitStore#inMemory()}
         * @return this
         */
        public Builder store(RateLimitStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param maxWait how long {@link #acquire} may wait for a token; zero never waits
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder maxWait(Duration maxWait) {
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("maximum wait must not be negative, was " + maxWait);
            }
            this.maxWait = maxWait;
            return this;
        }

        /**
         * @param clock the time handed to the store; wall-clock time for a store that processes share. Tests
         *        pass a fake one
         * @return this
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @param sleeper how {@link #acquire} waits; tests pass one that advances their fake clock @return this */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** @return the limiter */
        public RateLimiter build() {
            return new TokenBucketRateLimiter(this);
        }
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
