package dev.ssmtpmailer.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * The retry schedule: after the n-th temporary failure the message waits {@code min * 2^(n-1)}, capped at
 * {@code max}, spread by up to a quarter either way (so that messages that failed together do not all retry in
 * the same second) and kept within {@code [min, max]}. With Postfix's defaults (300 s, 4000 s): 300, 600,
 * 1200, 2400, 4000, 4000, ... seconds.
 *
 * @param min {@code retry_min_backoff}
 * @param max {@code retry_max_backoff}
 */
record Backoff(Duration min, Duration max) {

    Backoff {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, was " + min + " and " + max);
        }
    }

    /**
     * @param failures temporary failures so far, at least 1
     * @param jitter a value in [0, 1); 0.5 gives the nominal delay
     * @return the delay before the next attempt
     */
    Duration delay(int failures, double jitter) {
        long minMs = min.toMillis();
        long maxMs = max.toMillis();
        int doublings = Math.min(Math.max(failures, 1) - 1, 40);
        double nominal = Math.min((double) minMs * Math.pow(2, doublings), maxMs);
        double spread = nominal * (0.75 + 0.5 * Math.min(Math.max(jitter, 0), 1));
        long ms = Math.round(Math.min(Math.max(spread, minMs), maxMs));
        return Duration.ofMillis(ms);
    }
}
