package dev.ssmtpmailer.ratelimit;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.RelayConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Token buckets per account in a concurrent map; each account locks only itself. */
final class TokenBucketRateLimiter implements RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final long maxWaitNanos;
    private final LongSupplier ticker;
    private final Sleeper sleeper;
    private final Map<String, AccountLimiter> accounts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> triggers = new ConcurrentHashMap<>();
    private volatile GlobalSettings global;

    TokenBucketRateLimiter(RelayConfig config, Duration maxWait, LongSupplier ticker, Sleeper sleeper) {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maximum wait must not be negative, was " + maxWait);
        }
        this.global = Objects.requireNonNull(config, "config").global();
        this.maxWaitNanos = maxWait.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    static String key(DomainConfig d) {
        String name = d.displayName();
        return name.toLowerCase(Locale.ROOT);
    }

    private static long perMinute(GlobalSettings g, DomainConfig d) {
        if (!g.enableRateLimiting()) {
            return 0;
        }
        return d.rateLimitPerMinute() != null ? d.rateLimitPerMinute() : g.rateLimitPerMinute();
    }

    private static long perDay(GlobalSettings g, DomainConfig d) {
        if (!g.enableRateLimiting()) {
            return 0;
        }
        return d.rateLimitPerDay() != null ? d.rateLimitPerDay() : g.rateLimitPerDay();
    }

    private AccountLimiter limiter(DomainConfig d, long now) {
        GlobalSettings g = global;
        return accounts.computeIfAbsent(key(d), k -> new AccountLimiter(perMinute(g, d), perDay(g, d), now));
    }

    @Override
    public boolean tryAcquire(DomainConfig account) {
        Objects.requireNonNull(account, "account");
        if (!global.enableRateLimiting()) {
            return true;
        }
        long now = ticker.getAsLong();
        AccountLimiter.Outcome o = limiter(account, now).reserve(now, 0);
        if (!o.granted()) {
            trigger(account);
            LOG.debug("account {} refused by its limit of {} {}; next token in {} ms", key(account), o.limit(),
                    o.window().label(), Duration.ofNanos(o.waitNanos()).toMillis());
        }
        return o.granted();
    }

    @Override
    public void acquire(DomainConfig account) {
        Objects.requireNonNull(account, "account");
        if (!global.enableRateLimiting()) {
            return;
        }
        long now = ticker.getAsLong();
        AccountLimiter limiter = limiter(account, now);
        AccountLimiter.Outcome o = limiter.reserve(now, maxWaitNanos);
        if (!o.granted()) {
            trigger(account);
            LOG.debug("account {} refused by its limit of {} {}; next token in {} ms, more than the {} ms it may wait",
                    key(account), o.limit(), o.window().label(), Duration.ofNanos(o.waitNanos()).toMillis(),
                    Duration.ofNanos(maxWaitNanos).toMillis());
            throw new RateLimitException(key(account), o.window(), o.limit(), Duration.ofNanos(o.waitNanos()));
        }
        if (o.waitNanos() > 0) {
            trigger(account);
            LOG.debug("account {} waits {} ms for its limit of {} {}", key(account),
                    Duration.ofNanos(o.waitNanos()).toMillis(), o.limit(), o.window().label());
            try {
                sleeper.sleep(o.waitNanos());
            } catch (InterruptedException e) {
                limiter.giveBack();
                Thread.currentThread().interrupt();
                throw new RateLimitException(key(account), o.window(), o.limit(), Duration.ofNanos(o.waitNanos()), e);
            }
        }
    }

    private void trigger(DomainConfig account) {
        triggers.computeIfAbsent(key(account), k -> new LongAdder()).increment();
    }

    @Override
    public long triggers(String accountName) {
        LongAdder n = triggers.get(accountName.toLowerCase(Locale.ROOT));
        return n == null ? 0 : n.sum();
    }

    @Override
    public void reconfigure(RelayConfig config) {
        GlobalSettings g = Objects.requireNonNull(config, "config").global();
        Map<String, DomainConfig> byKey = new HashMap<>();
        for (DomainConfig d : config.domains()) {
            if (d.enabled()) {
                byKey.putIfAbsent(key(d), d);
            }
        }
        long now = ticker.getAsLong();
        global = g;
        // compute/remove per key: atomic against a concurrent computeIfAbsent for the same account
        for (String k : accounts.keySet()) {
            accounts.computeIfPresent(k, (key, limiter) -> {
                DomainConfig d = byKey.get(key);
                if (d == null) {
                    return null;
                }
                limiter.reconfigure(perMinute(g, d), perDay(g, d), now);
                return limiter;
            });
        }
        LOG.debug("rate limits reconfigured: rate limiting {}, {} accounts kept", g.enableRateLimiting() ? "on" : "off",
                accounts.size());
    }

    @Override
    public String toString() {
        return "RateLimiter[" + accounts.size() + " accounts, max wait " + Duration.ofNanos(maxWaitNanos) + "]";
    }
}
