package dev.ssmtpmailer.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of {@link RateLimitStore#take}: whether a token was taken from every bucket of the account, and
 * how long until it is (or would be) due.
 *
 * @param granted whether the tokens were taken; when {@code false} nothing was taken
 * @param delay zero when the tokens are there now; else how long until they are due (granted: the caller waits
 *        that long before sending; refused: how long until a retry may succeed)
 * @param window the limit that made the caller wait or refused it, or {@code null} when the wait is zero
 * @param limit that limit's value, 0 when {@code window} is {@code null}
 */
public record Reservation(boolean granted, Duration delay, RateLimitWindow window, long limit) {

    /** Granted at once: no wait. */
    public static final Reservation NOW = new Reservation(true, Duration.ZERO, null, 0);

    /**
     * @throws NullPointerException if {@code wait} is {@code null}
     * @throws IllegalArgumentException if {@code delay} is negative, a refusal has a zero delay, or {@code window}
     *         is missing for a non-zero delay
     */
    public Reservation {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        if (!granted && delay.isZero()) {
            throw new IllegalArgumentException("a refused reservation says how long until a token is due");
        }
        if (!delay.isZero() && window == null) {
            throw new IllegalArgumentException("a reservation that waits names the limit that made it wait");
        }
    }
}
