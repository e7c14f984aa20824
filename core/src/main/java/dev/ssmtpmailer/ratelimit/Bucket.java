package dev.ssmtpmailer.ratelimit;

/**
 * One token bucket: {@code capacity} tokens, refilled at {@code capacity} per period. Not thread-safe: its
 * {@link AccountBuckets} guards it. The level may go below zero: a waiting caller reserves its token before it
 * sleeps, and later callers then wait behind it.
 */
final class Bucket {
    /**
     * Doubles keep the refill exact enough for any configured rate (at most 10^8 per day) without overflowing a
     * long; the tolerance absorbs the last-bit rounding so that waiting exactly {@link #nanosUntilToken()}
     * always yields the token.
     */
    private static final double EPSILON = 1e-9;

    private final RateLimitWindow window;
    private final double periodNanos;
    private long capacity;
    private double tokens;
    private long lastNanos;

    Bucket(RateLimitWindow window, long capacity, long now) {
        this.window = window;
        this.periodNanos = window.period().toNanos();
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastNanos = now;
    }

    RateLimitWindow window() {
        return window;
    }

    long capacity() {
        return capacity;
    }

    void refill(long now) {
        long elapsed = now - lastNanos;
        if (elapsed > 0) { // a ticker that steps back (it must not, but) never removes tokens
            tokens = Math.min(capacity, tokens + (double) elapsed * capacity / periodNanos);
            lastNanos = now;
        }
    }

    /** @return 0 when a token is available now, else how long until one is */
    long nanosUntilToken() {
        if (tokens >= 1 - EPSILON) {
            return 0;
        }
        return (long) Math.ceil((1 - tokens) * periodNanos / capacity);
    }

    void take() {
        tokens -= 1;
    }

    void giveBack() {
        tokens = Math.min(capacity, tokens + 1);
    }

    /** Keeps the current level, capped at the new capacity. */
    void resize(long newCapacity) {
        capacity = newCapacity;
        tokens = Math.min(tokens, newCapacity);
    }
}
