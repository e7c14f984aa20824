package dev.ssmtpmailer.server;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Log lines caused by clients (limits reached, protocol errors, unexpected failures), one line each, at most
 * {@code perMinute} of them a minute: a client must not be able to fill {@code log_file}. The first line of
 * the next minute says how many were left out.
 */
final class ClientLog {
    private static final long WINDOW = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final int perMinute;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int written;
    private int suppressed;

    ClientLog(Logger log, int perMinute, LongSupplier nanoTime) {
        this.log = log;
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
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
            if (now - windowStart >= WINDOW) {
                windowStart = now;
                written = 0;
            }
            if (written >= perMinute) {
                suppressed++;
                return;
            }
            written++;
            left = suppressed;
            suppressed = 0;
        }
        if (left > 0) {
            log.atLevel(level).log("{} similar client log lines left out in the last minute", left);
        }
        log.atLevel(level).log(format, args);
    }
}
