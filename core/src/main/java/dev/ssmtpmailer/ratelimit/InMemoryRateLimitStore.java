package dev.ssmtpmailer.ratelimit;

import dev.ssmtpmailer.message.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RateLimitStore#inMemory()}: a concurrent map of {@link AccountBuckets}, each locking only itself, so
 * accounts never wait for each other. Instants become nanoseconds since the epoch (a long holds them until 2262).
 */
final class InMemoryRateLimitStore implements RateLimitStore {
    private final Map<AccountId, AccountBuckets> accounts = new ConcurrentHashMap<>();

    @Override
    public Reservation take(AccountId account, AccountLimits limits, Instant now, Duration maxWait) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maximum wait must not be negative, was " + maxWait);
        }
        long nanos = nanos(now);
        if (limits.unlimited()) {
            accounts.remove(account);
            return Reservation.NOW;
        }
        return accounts.computeIfAbsent(account, a -> new AccountBuckets(limits, nanos)).reserve(limits, nanos, maxWait.toNanos());
    }

    @Override
    public void giveBack(AccountId account, AccountLimits limits, Instant now) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(limits, "limits");
        long nanos = nanos(now);
        AccountBuckets buckets = accounts.get(account);
        if (buckets != null) {
            buckets.giveBack(limits, nanos);
        }
    }

    @Override
    public void reconfigure(Map<AccountId, AccountLimits> limits, Instant now) {
        Objects.requireNonNull(limits, "limits");
        long nanos = nanos(now);
        // compute per key: atomic against a concurrent computeIfAbsent for the same account
        for (AccountId id : accounts.keySet()) {
            accounts.computeIfPresent(id, (key, buckets) -> {
                AccountLimits l = limits.get(key);
                if (l == null || l.unlimited()) {
                    return null;
                }
                buckets.apply(l, nanos);
                return buckets;
            });
        }
    }

    /** @return how many accounts have buckets (tests, toString) */
    int size() {
        return accounts.size();
    }

    private static long nanos(Instant now) {
        Objects.requireNonNull(now, "now");
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    @Override
    public String toString() {
        return "RateLimitStore.inMemory[" + accounts.size() + " accounts]";
    }
}
