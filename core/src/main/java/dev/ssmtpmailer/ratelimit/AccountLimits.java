package dev.ssmtpmailer.ratelimit;

/**
 * The limits of one account as they apply now: {@code rate_limit_per_minute} and {@code rate_limit_per_day}
 * after the global values, the domain's overrides and {@code enable_rate_limiting}. 0 means no limit.
 *
 * @param perMinute tokens per 60 s (the bucket's capacity), or 0
 * @param perDay tokens per 24 h (the bucket's capacity), or 0
 */
public record AccountLimits(long perMinute, long perDay) {

    /** No limit at all. */
    public static final AccountLimits NONE = new AccountLimits(0, 0);

    /** @throws IllegalArgumentException if a limit is negative */
    public AccountLimits {
        if (perMinute < 0 || perDay < 0) {
            throw new IllegalArgumentException("limits must not be negative, were " + perMinute + " per minute and "
                    + perDay + " per day");
        }
    }

    /**
     * @param window a window
     * @return that window's limit, 0 for none
     */
    public long of(RateLimitWindow window) {
        return window == RateLimitWindow.PER_MINUTE ? perMinute : perDay;
    }

    /** @return whether neither window limits */
    public boolean unlimited() {
        return perMinute == 0 && perDay == 0;
    }
}
