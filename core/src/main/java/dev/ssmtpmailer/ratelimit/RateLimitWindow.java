package dev.ssmtpmailer.ratelimit;

import java.time.Duration;

/** The two limits each upstream account has: {@code rate_limit_per_minute} and {@code rate_limit_per_day}. */
public enum RateLimitWindow {
    /** {@code rate_limit_per_minute}: a bucket of N tokens that refills N tokens per 60 seconds. */
    PER_MINUTE(Duration.ofMinutes(1), "per minute"),
    /** {@code rate_limit_per_day}: a bucket of N tokens that refills N tokens per 24 hours. */
    PER_DAY(Duration.ofDays(1), "per day");

    private final Duration period;
    private final String label;

    RateLimitWindow(Duration period, String label) {
        this.period = period;
        this.label = label;
    }

    /** @return the time in which a whole bucket refills */
    public Duration period() {
        return period;
    }

    /** @return {@code per minute} or {@code per day}, for messages */
    public String label() {
        return label;
    }
}
