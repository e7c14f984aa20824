package dev.ssmtpmailer.queue;

import java.util.concurrent.atomic.AtomicLong;

/** The event counters of {@link QueueStats}, for one spool since it was opened. Thread-safe. */
final class SpoolCounters {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong deferred = new AtomicLong();
    final AtomicLong bounced = new AtomicLong();
    final AtomicLong dead = new AtomicLong();

    /** @return these counters with the store's depth and age */
    QueueStats stats(StoreStats store) {
        return new QueueStats(accepted.get(), delivered.get(), deferred.get(), bounced.get(), dead.get(),
                (int) Math.min(Integer.MAX_VALUE, store.depth()), store.oldestAge(), store.unrestored());
    }
}
