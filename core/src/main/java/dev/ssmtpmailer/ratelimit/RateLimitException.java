package dev.ssmtpmailer.ratelimit;

import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.message.RelayException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * An upstream account reached one of its limits and the next message could not wait for a token (or the wait
 * was interrupted). Carries when to retry, which account and which limit.
 */
public final class RateLimitException extends RelayException {
    private static final long serialVersionUID = 1L;

    private final AccountId account;
    private final Reservation reservation;

    /**
     * A refusal, for a limiter of one's own.
     *
     * @param account the account
     * @param window the limit that refused
     * @param limit its configured value (messages per minute or per day)
     * @param retryAfter how long until a token is available, positive
     * @throws IllegalArgumentException if {@code retryAfter} is zero or negative
     */
    public RateLimitException(AccountId account, RateLimitWindow window, long limit, Duration retryAfter) {
        this(account, new Reservation(false, Objects.requireNonNull(retryAfter, "retryAfter"),
                Objects.requireNonNull(window, "window"), limit), null);
    }

    /**
     * @param account the account
     * @param reservation the store's answer that the caller could not wait for: refused, or granted with a wait
     *        that was interrupted. It names the limit and how long until a token is available
     * @param cause why the wait ended early (an {@link InterruptedException}), or {@code null}
     * @throws IllegalArgumentException if the reservation does not wait for a token
     */
    public RateLimitException(AccountId account, Reservation reservation, Throwable cause) {
        super(message(account, reservation, cause), cause);
        this.account = account;
        this.reservation = reservation;
    }

    private static String message(AccountId account, Reservation r, Throwable cause) {
        Objects.requireNonNull(account, "account");
        if (Objects.requireNonNull(r, "reservation").delay().isZero()) {
            throw new IllegalArgumentException("a rate-limit refusal says how long until a token is due");
        }
        return "account " + account + " reached its limit of " + r.limit() + " messages " + r.window().label()
                + (cause instanceof InterruptedException ? " and the wait for a token was interrupted" : "")
                + "; retry after " + format(r.delay());
    }

    private static String format(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.3f s", ms / 1000.0);
    }

    /** @return how long until the account has a token again */
    public Duration retryAfter() {
        return reservation.delay();
    }

    /** @return the account */
    public AccountId account() {
        return account;
    }

    /** @return the limit that refused */
    public RateLimitWindow window() {
        return reservation.window();
    }

    /** @return the configured value of that limit */
    public long limit() {
        return reservation.limit();
    }
}
