package dev.ssmtpmailer.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one fake clock of the test suites: it moves only when a test says so. It is also a fake sleeper:
 * {@link #sleep(long)} records the request and, unless the clock is {@linkplain #frozen frozen}, moves the clock
 * by that much, so code that sleeps on it never waits for real.
 */
public final class FakeClock implements InstantSource {
    private final boolean sleepingAdvances;
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();
    private volatile Instant now;

    /** @param start the first instant */
    public FakeClock(Instant start) {
        this(start, true);
    }

    /** A clock at an arbitrary origin (not the epoch, as with {@code System.nanoTime}). */
    public FakeClock() {
        this(Instant.parse("2026-01-01T00:00:00.987654321Z"));
    }

    private FakeClock(Instant start, boolean sleepingAdvances) {
        this.now = start;
        this.sleepingAdvances = sleepingAdvances;
    }

    /** @return a clock whose {@link #sleep(long)} only records: time stands still unless advanced */
    public static FakeClock frozen() {
        return new FakeClock(Instant.parse("2026-01-01T00:00:00.987654321Z"), false);
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

    /** @return this clock as a {@code System.nanoTime()}-like reading: nanoseconds since the epoch */
    public long nanoTime() {
        Instant t = now;
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** @param t the new instant */
    public void set(Instant t) {
        now = t;
    }

    /**
     * A sleep on this clock: recorded, and the clock moves by that much unless frozen.
     *
     * @param nanos how long the caller asked to sleep
     */
    public void sleep(long nanos) {
        sleeps.add(nanos);
        if (sleepingAdvances) {
            advance(Duration.ofNanos(nanos));
        }
    }

    /** @return every sleep asked of this clock so far, in nanoseconds */
    public List<Long> sleeps() {
        return sleeps;
    }
}
