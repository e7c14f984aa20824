package dev.ssmtpmailer.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * The one bounded wait of the test suites, for work done by another thread or process. It polls a condition
 * and fails the test, naming what it waited for, when the bound passes; how fast the condition became true is
 * never asserted.
 */
public final class Await {
    /** The default bound: generous, since a loaded CI machine may be slow. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /**
     * Waits up to {@link #DEFAULT} for a condition.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition
     */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    /**
     * Waits for a condition.
     *
     * @param what what is awaited, for the failure message
     * @param bound how long to wait at most
     * @param condition the condition
     */
    public static void until(String what, Duration bound, BooleanSupplier condition) {
        within(bound, what, condition::getAsBoolean);
    }

    /**
     * Waits for a condition that may throw while it is not yet true (a connection refused, a file not there).
     *
     * @param bound how long to wait at most
     * @param what what is awaited, for the failure message
     * @param condition the condition; an exception counts as false (and becomes the cause of the failure)
     */
    public static void within(Duration bound, String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError failure = new AssertionError("not within " + bound + ": " + what);
                if (last != null) {
                    failure.initCause(last);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while awaiting " + what, e);
            }
        }
    }
}
