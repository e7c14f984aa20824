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
    private final RateLimitWindow window;
    private final long limit;
    private final Duration retryAfter;

    /**
     * @param account the account
     * @param window the limit that refused
     * @param limit its configured value (messages per minute or per day)
     * @param retryAfter how long until a token is available
     */
    public RateLimitException(AccountId account, RateLimitWindow window, long limit, Duration retryAfter) {
        this(account, window, limit, retryAfter, null);
    }

    /**
     * @param account the account
     * @param window the limit that refused
     * @param limit its configured value (messages per minute or per day)
     * @param retryAfter how long until a token is available
     * @param cause why the wait ended early (an {@link InterruptedException}), or {@code null}
     */
    public RateLimitException(AccountId account, RateLimitWindow window, long limit, Duration retryAfter, Throwable cause) {
        super("account " + account + " reached its limit of " + limit + " messages " + Objects.requireNonNull(window, "window").label()
                + (cause instanceof InterruptedException ? " and the wait for a token was interrupted" : "")
                + "; retry after " + format(retryAfter), cause);
        this.account = Objects.requireNonNull(account, "account");
        this.window = window;
        this.limit = limit;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    private static String format(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.3f s", ms / 1000.0);
    }

    /** @return how long until the account has a token again */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return the account */
    public AccountId account() {
        return account;
    }

    /** @return the limit that refused */
    public RateLimitWindow window() {
        return window;
    }

    /** @return the configured value of that limit */
    public long limit() {
        return limit;
    }
}
