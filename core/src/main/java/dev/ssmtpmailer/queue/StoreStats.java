package dev.ssmtpmailer.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * The size of a store's queue, from {@link QueueStore#stats}.
 *
 * @param depth messages queued now (not dead)
 * @param oldestAge age of the oldest queued message, {@link Duration#ZERO} when none is queued
 * @param unrestored messages that the file store's journal vouches for but whose file could not be checked or
 *        restored at the open (an I/O error, no space, a name clash): not in {@code depth}, not delivered until the
 *        cause is fixed and the store opened again (see {@code docs/operations.md})
 */
public record StoreStats(long depth, Duration oldestAge, int unrestored) {

    /**
     * A store with nothing unrestored.
     *
     * @throws NullPointerException if {@code oldestAge} is {@code null}
     * @throws IllegalArgumentException if {@code depth} or {@code oldestAge} is negative
     */
    public StoreStats(long depth, Duration oldestAge) {
        this(depth, oldestAge, 0);
    }

    /**
     * @throws NullPointerException if {@code oldestAge} is {@code null}
     * @throws IllegalArgumentException if {@code depth}, {@code oldestAge} or {@code unrestored} is negative
     */
    public StoreStats {
        Objects.requireNonNull(oldestAge, "oldestAge");
        if (depth < 0 || oldestAge.isNegative() || unrestored < 0) {
            throw new IllegalArgumentException("depth, age and unrestored must not be negative, were " + depth + ", "
                    + oldestAge + " and " + unrestored);
        }
    }
}
