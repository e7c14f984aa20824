package dev.ssmtpmailer.ratelimit;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy half of rate limiting: which limits an account has, how long a caller may wait, counting triggers.
 * The buckets themselves are the {@link RateLimitStore}'s.
 */
final class TokenBucketRateLimiter implements RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final RateLimitStore store;
    private final Duration maxWait;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final Map<AccountId, LongAdder> triggers = new ConcurrentHashMap<>();
    private volatile InForce inForce;

    /**
     * The limits of the configuration in force, replaced as a whole by {@link #reconfigure}.
     *
     * @param global the global settings ({@code enable_rate_limiting} and the global limits)
     * @param accounts the limits of each configured account; an account given that is not here uses its own settings
     */
    private record InForce(GlobalSettings global, Map<AccountId, AccountLimits> accounts) {
        static InForce of(RelayConfig config) {
            Map<AccountId, AccountLimits> accounts = new HashMap<>();
            for (DomainConfig d : config.domains()) {
                if (d.enabled()) {
                    accounts.putIfAbsent(d.id(), limits(config.global(), d));
                }
            }
            return new InForce(config.global(), Map.copyOf(accounts));
        }

        AccountLimits of(DomainConfig d) {
            AccountLimits limits = accounts.get(d.id());
            return limits != null ? limits : limits(global, d);
        }
    }

    /**
     * @param sleeper how {@link #acquire} waits: {@link Sleeper#SYSTEM}, or in tests one that advances their fake
     *        clock
     * @see RateLimiter#create(RelayConfig, RateLimitStore, Duration, InstantSource) the other parameters
     */
    TokenBucketRateLimiter(RelayConfig config, RateLimitStore store, Duration maxWait, InstantSource clock,
                           Sleeper sleeper) {
        if (Objects.requireNonNull(maxWait, "maxWait").isNegative()) {
            throw new IllegalArgumentException("maximum wait must not be negative, was " + maxWait);
        }
        this.inForce = InForce.of(Objects.requireNonNull(config, "config"));
        this.store = Objects.requireNonNull(store, "store");
        this.maxWait = maxWait;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    private static AccountLimits limits(GlobalSettings g, DomainConfig d) {
        if (!g.enableRateLimiting()) {
            return AccountLimits.NONE;
        }
        return new AccountLimits(d.rateLimitPerMinute() != null ? d.rateLimitPerMinute() : g.rateLimitPerMinute(),
                d.rateLimitPerDay() != null ? d.rateLimitPerDay() : g.rateLimitPerDay());
    }

    @Override
    public boolean tryAcquire(DomainConfig account) {
        Objects.requireNonNull(account, "account");
        InForce now = inForce;
        if (!now.global().enableRateLimiting()) {
            return true;
        }
        AccountId id = account.id();
        Reservation r = store.take(id, now.of(account), clock.instant(), Duration.ZERO);
        if (!r.granted()) {
            trigger(id);
            LOG.debug("account {} refused by its limit of {} {}; next token in {} ms", id, r.limit(),
                    r.window().label(), r.delay().toMillis());
        }
        return r.granted();
    }

    @Override
    public void acquire(DomainConfig account) {
        Objects.requireNonNull(account, "account");
        InForce now = inForce;
        if (!now.global().enableRateLimiting()) {
            return;
        }
        AccountId id = account.id();
        AccountLimits limits = now.of(account);
        Reservation r = store.take(id, limits, clock.instant(), maxWait);
        if (!r.granted()) {
            trigger(id);
            LOG.debug("account {} refused by its limit of {} {}; next token in {} ms, more than the {} ms it may wait",
                    id, r.limit(), r.window().label(), r.delay().toMillis(), maxWait.toMillis());
            throw new RateLimitException(id, r, null);
        }
        if (!r.delay().isZero()) {
            trigger(id);
            LOG.debug("account {} waits {} ms for its limit of {} {}", id, r.delay().toMillis(), r.limit(), r.window().label());
            try {
                sleeper.sleep(r.delay().toNanos());
            } catch (InterruptedException e) {
                store.giveBack(id, limits, clock.instant());
                Thread.currentThread().interrupt();
                throw new RateLimitException(id, r, e);
            }
        }
    }

    private void trigger(AccountId id) {
        triggers.computeIfAbsent(id, k -> new LongAdder()).increment();
    }

    @Override
    public long triggers(AccountId account) {
        LongAdder n = triggers.get(Objects.requireNonNull(account, "account"));
        return n == null ? 0 : n.sum();
    }

    @Override
    public void reconfigure(RelayConfig config) {
        InForce next = InForce.of(Objects.requireNonNull(config, "config"));
        inForce = next;
        store.reconfigure(next.accounts(), clock.instant());
        LOG.debug("rate limits reconfigured: rate limiting {}, {} accounts", next.global().enableRateLimiting() ? "on" : "off",
                next.accounts().size());
    }

    @Override
    public String toString() {
        return "RateLimiter[" + store + ", max wait " + maxWait + "]";
    }
}
