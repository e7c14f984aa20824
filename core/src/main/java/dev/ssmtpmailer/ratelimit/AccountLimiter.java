package dev.ssmtpmailer.ratelimit;

/** The two buckets of one account, behind one lock. A {@code null} bucket is a limit of 0: none. */
final class AccountLimiter {

    /**
     * The result of one reservation attempt.
     *
     * @param granted whether a token was taken
     * @param waitNanos how long until the token is due (granted) or would be due (refused); 0 = now
     * @param window the limit that made it wait or refused, or {@code null} when it did neither
     * @param limit that limit's configured value
     */
    record Outcome(boolean granted, long waitNanos, RateLimitWindow window, long limit) {
    }

    private Bucket minute;
    private Bucket day;

    AccountLimiter(long perMinute, long perDay, long now) {
        minute = perMinute > 0 ? new Bucket(RateLimitWindow.PER_MINUTE, perMinute, now) : null;
        day = perDay > 0 ? new Bucket(RateLimitWindow.PER_DAY, perDay, now) : null;
    }

    /** Takes a token from each bucket if both have one within {@code maxWaitNanos}; else takes nothing. */
    synchronized Outcome reserve(long now, long maxWaitNanos) {
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
        Bucket limiting = wait == 0 ? null : waitDay >= waitMinute ? day : minute;
        RateLimitWindow window = limiting == null ? null : limiting.window();
        long limit = limiting == null ? 0 : limiting.capacity();
        if (wait > maxWaitNanos) {
            return new Outcome(false, wait, window, limit);
        }
        if (minute != null) {
            minute.take();
        }
        if (day != null) {
            day.take();
        }
        return new Outcome(true, wait, window, limit);
    }

    /** Returns a reserved token that was not used (its caller was interrupted while waiting). */
    synchronized void giveBack() {
        if (minute != null) {
            minute.giveBack();
        }
        if (day != null) {
            day.giveBack();
        }
    }

    synchronized void reconfigure(long perMinute, long perDay, long now) {
        minute = resize(minute, RateLimitWindow.PER_MINUTE, perMinute, now);
        day = resize(day, RateLimitWindow.PER_DAY, perDay, now);
    }

    private static Bucket resize(Bucket b, RateLimitWindow window, long capacity, long now) {
        if (capacity <= 0) {
            return null;
        }
        if (b == null) {
            return new Bucket(window, capacity, now);
        }
        b.refill(now); // what accrued under the old rate stays earned
        b.resize(capacity);
        return b;
    }
}
