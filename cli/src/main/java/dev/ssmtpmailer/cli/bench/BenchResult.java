package dev.ssmtpmailer.cli.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * How a benchmark went.
 *
 * @param accepted messages the server answered 250 after the data
 * @param refused messages refused at any step (or lost with their connection)
 * @param elapsed from the first connection to the last reply
 * @param firstError the first refusal or error, or empty
 */
public record BenchResult(long accepted, long refused, Duration elapsed, String firstError) {

    /** Checks the values. */
    public BenchResult {
        Objects.requireNonNull(elapsed, "elapsed");
        firstError = firstError == null ? "" : firstError;
    }

    /** @return accepted messages per second */
    public double messagesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : accepted / seconds;
    }
}
