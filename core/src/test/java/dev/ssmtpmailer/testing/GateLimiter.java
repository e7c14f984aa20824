package dev.ssmtpmailer.testing;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.ratelimit.RateLimitWindow;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A {@link RateLimiter} that a test opens and shuts instead of filling buckets. {@link #tryAcquire} answers
 * whether the gate lets the account through; {@link #acquire} never waits: it passes an open gate and throws a
 * {@link RateLimitException} (per minute, limit 1, retry after 5 s) at a shut one. Every refusal counts as a
 * trigger of its account, and every call of {@code acquire} is counted, for tests of callers that must never wait.
 */
public final class GateLimiter implements RateLimiter {
    private volatile Predicate<DomainConfig> passes;
    private final Map<AccountId, AtomicLong> triggers = new ConcurrentHashMap<>();
    private final AtomicLong acquireCalls = new AtomicLong();

    /** @param open whether the gate starts open for every account */
    public GateLimiter(boolean open) {
        passes = account -> open;
    }

    /** Lets every account through from now on. */
    public void open() {
        passes = account -> true;
    }

    /** Refuses every account from now on. */
    public void shut() {
        passes = account -> false;
    }

    /** @param accounts the accounts to let through from now on; the others are refused */
    public void passOnly(Predicate<DomainConfig> accounts) {
        passes = accounts;
    }

    /** @return how often {@link #acquire} was called */
    public long acquireCalls() {
        return acquireCalls.get();
    }

    @Override
    public boolean tryAcquire(DomainConfig account) {
        if (passes.test(account)) {
            return true;
        }
        triggers.computeIfAbsent(account.id(), a -> new AtomicLong()).incrementAndGet();
        return false;
    }

    @Override
    public void acquire(DomainConfig account) {
        acquireCalls.incrementAndGet();
        if (!tryAcquire(account)) {
            throw new RateLimitException(account.id(), RateLimitWindow.PER_MINUTE, 1, Duration.ofSeconds(5));
        }
    }

    @Override
    public long triggers(AccountId account) {
        AtomicLong count = triggers.get(account);
        return count == null ? 0 : count.get();
    }

    @Override
    public void reconfigure(RelayConfig config) {
        // a gate has no buckets to resize
    }
}
