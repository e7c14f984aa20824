package dev.ssmtpmailer.ratelimit;

import java.util.concurrent.TimeUnit;

/**
 * How {@link RateLimiter#acquire} waits for a token: on the real clock, or, in this package's tests, by advancing
 * a fake one (handed to {@link TokenBucketRateLimiter}'s constructor), so that no test sleeps.
 */
@FunctionalInterface
interface Sleeper {
    /** Sleeps on the real clock. */
    Sleeper SYSTEM = TimeUnit.NANOSECONDS::sleep;

    /**
     * @param nanos how long to wait, positive
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(long nanos) throws InterruptedException;
}
