package dev.ssmtpmailer.ratelimit;

import java.time.Duration;

/**
 * The buckets of one account in the {@linkplain RateLimitStore#inMemory() in-memory store}, behind one lock. A
 * {@code null} bucket is a limit of 0: none. Times are nanoseconds since the epoch.
 */
final class AccountBuckets {
    private Bucket minute;
    private Bucket day;

    AccountBuckets(AccountLimits limits, long now) {
        minute = limits.perMinute() > 0 ? new Bucket(RateLimitWindow.PER_MINUTE, limits.perMinute(), now) : null;
        day = limits.perDay() > 0 ? new Bucket(RateLimitWindow.PER_DAY, limits.perDay(), now) : null;
    }

    /** Resizes to {@code limits}, then takes a token from each bucket if both have one within {@code maxWaitNanos}. */
    synchronized Reservation reserve(AccountLimits limits, long now, long maxWaitNanos) {
        apply(limits, now);
        long waitMinute = 0;
        long waitDay = 0;
        if (minute != null) {
            minute.refill(now);
            waitMinute = minute.nanosUntilToken();
        }
        if (day != null) {
            day.refill(now);
            waitDay = day.nanosUntilToken();
        }
        long wait = Math.max(waitMinute, waitDay);
        if (wait == 0 || wait <= maxWaitNanos) {
            if (minute != null) {
                minute.take();
            }
            if (day != null) {
                day.take();
            }
        }
        if (wait == 0) {
            return Reservation.NOW;
        }
        Bucket limiting = waitDay >= waitMinute ? day : minute;
        return new Reservation(wait <= maxWaitNanos, Duration.ofNanos(wait), limiting.window(), limiting.capacity());
    }

    /** Returns a reserved token that was not used (its caller was interrupted while waiting). */
    synchronized void giveBack(AccountLimits limits, long now) {
        apply(limits, now);
        if (minute != null) {
            minute.giveBack();
        }
        if (day != null) {
            day.giveBack();
        }
    }

    /** Refills at the old capacity up to {@code now}, then resizes; a no-op when the limits did not change. */
    synchronized void apply(AccountLimits limits, long now) {
        minute = resize(minute, RateLimitWindow.PER_MINUTE, limits.perMinute(), now);
        day = resize(day, RateLimitWindow.PER_DAY, limits.perDay(), now);
    }

    private static Bucket resize(Bucket b, RateLimitWindow window, long capacity, long now) {
        if (capacity <= 0) {
            return null;
        }
        if (b == null) {
            return new Bucket(window, capacity, now);
        }
        if (b.capacity() != capacity) {
            b.refill(now); // what accrued under the old rate stays earned
            b.resize(capacity);
        }
        return b;
    }
}
