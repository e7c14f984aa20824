package dev.ssmtpmailer.server;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Log lines caused by clients (limits reached, protocol errors, unexpected failures), one line each, at most
 * {@code perMinute} of them in any minute: a client must not be able to fill {@code log_file}. A line written
 * after some were left out is preceded by one that says how many, at most once a minute, so that no minute holds
 * more than {@code perMinute + 1} lines.
 */
final class ClientLog {
    private static final long WINDOW = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final LongSupplier nanoTime;
    /**
     * When each of the last {@code perMinute} lines was written, the oldest at {@link #next}. A line may be written
     * once the oldest is a minute old: the window slides, so no 60 seconds hold more lines, not even across the
     * turn of a minute.
     */
    private final long[] written;
    private int next;
    private int suppressed;
    /** When the last "left out" line was written: one a minute at most, it takes no slot of {@link #written}. */
    private long summarized;

    /**
     * @param log where the lines go
     * @param perMinute how many lines any minute may hold, at least 1
     * @param nanoTime the clock ({@code System::nanoTime}; a test's own)
     */
    ClientLog(Logger log, int perMinute, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.written = new long[perMinute];
        long minuteAgo = nanoTime.getAsLong() - WINDOW;
        Arrays.fill(written, minuteAgo);
        this.summarized = minuteAgo;
    }

    /** A client's mistake or a limit it reached: INFO. */
    void info(String format, Object... args) {
        write(Level.INFO, format, args);
    }

    /** Something that is not the client's fault but that the client caused (a failure in the server): WARN. */
    void warn(String format, Object... args) {
        write(Level.WARN, format, args);
    }

    private void write(Level level, String format, Object... args) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        int left;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (now - written[next] < WINDOW) {
                suppressed++;
                return;
            }
            written[next] = now;
            next = (next + 1) % written.length;
            left = 0;
            if (suppressed > 0 && now - summarized >= WINDOW) {
                left = suppressed;
                suppressed = 0;
                summarized = now;
            }
        }
        if (left > 0) {
            log.atLevel(level).log("{} similar client log lines left out", left);
        }
        log.atLevel(level).log(format, args);
    }
}
