package dev.ssmtpmailer.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when a test says so. */
public final class FakeClock implements InstantSource {
    private volatile Instant now;

    /** @param start the first instant */
    public FakeClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** @param d how far to move @return the new instant */
    public synchronized Instant advance(Duration d) {
        now = now.plus(d);
        return now;
    }

    /** @param t the new instant */
    public void set(Instant t) {
        now = t;
    }
}
