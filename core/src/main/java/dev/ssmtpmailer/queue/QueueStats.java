package dev.ssmtpmailer.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * Counters of a spool. The event counters count since the spool was opened by this process (a
 * {@link QueueControl} of another process reports them as 0); depth and age are read from the queue itself.
 *
 * @param accepted messages accepted (inbound or submitted)
 * @param delivered recipients delivered
 * @param deferred recipient attempts that failed temporarily and will be retried
 * @param bounced bounce messages generated for forwarded mail
 * @param dead messages moved to the dead-letter area
 * @param depth messages queued now (not dead)
 * @param oldestAge age of the oldest queued message, {@link Duration#ZERO} when the queue is empty
 * @param unrestored messages that the file store's journal vouches for but whose file could not be checked or
 *        restored when this process opened the spool: not in {@code depth}, not delivered until the cause is fixed
 *        and the spool opened again (see {@code docs/operations.md}); the ERROR lines name them
 */
public record QueueStats(long accepted, long delivered, long deferred, long bounced, long dead, int depth,
                         Duration oldestAge, int unrestored) {

    /**
     * Counters with nothing unrestored.
     *
     * @throws NullPointerException if {@code oldestAge} is {@code null}
     */
    public QueueStats(long accepted, long delivered, long deferred, long bounced, long dead, int depth,
                      Duration oldestAge) {
        this(accepted, delivered, deferred, bounced, dead, depth, oldestAge, 0);
    }

    /** @throws NullPointerException if {@code oldestAge} is {@code null} */
    public QueueStats {
        Objects.requireNonNull(oldestAge, "oldestAge");
    }
}
