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
 */
public record QueueStats(long accepted, long delivered, long deferred, long bounced, long dead, int depth,
                         Duration oldestAge) {

    /** @throws NullPointerException if {@code oldestAge} is {@code null} */
    public QueueStats {
        Objects.requireNonNull(oldestAge, "oldestAge");
    }
}
