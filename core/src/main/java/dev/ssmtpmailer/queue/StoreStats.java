package dev.ssmtpmailer.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * The size of a store's queue, from {@link QueueStore#stats}.
 *
 * @param depth messages queued now (not dead)
 * @param oldestAge age of the oldest queued message, {@link Duration#ZERO} when none is queued
 */
public record StoreStats(long depth, Duration oldestAge) {

    /**
     * @throws NullPointerException if {@code oldestAge} is {@code null}
     * @throws IllegalArgumentException if {@code depth} or {@code oldestAge} is negative
     */
    public StoreStats {
        Objects.requireNonNull(oldestAge, "oldestAge");
        if (depth < 0 || oldestAge.isNegative()) {
            throw new IllegalArgumentException("depth and age must not be negative, were " + depth + " and " + oldestAge);
        }
    }
}
