package dev.ssmtpmailer.server;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Log lines caused by clients (limits reached, protocol errors, unexpected failures), one line each, at most
 * {@code perMinute} of them in any minute: a client must not be able to fill {@code log_file}. The next line
 * written says how many were left out.
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

    /**
     * @param log where the lines go
     * @param perMinute how many lines any minute may hold, at least 1
     * @param nanoTime the clock ({@code System::nanoTime}; a test's own)
     */
    ClientLog(Logger log, int perMinute, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.written = new long[perMinute];
        Arrays.fill(written, nanoTime.getAsLong() - WINDOW);
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
            left = suppressed;
            suppressed = 0;
        }
        if (left > 0) {
            log.atLevel(level).log("{} similar client log lines left out in the last minute", left);
        }
        log.atLevel(level).log(format, args);
    }
}
