package dev.ssmtpmailer.queue;

import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link QueueControl} over a {@link QueueStore}: every change is a {@link ControlRequest}. The control side of a
 * running spool ({@link StoreSpool} extends it, with its counters), and on its own {@link QueueControl#of} for a
 * store that any process may change.
 */
class StoreControl implements QueueControl {
    final QueueStore store;
    final InstantSource clock;
    final SpoolCounters counters;

    /** @param counters the spool's counters, or a fresh set for a control without a spool (they stay 0) */
    StoreControl(QueueStore store, InstantSource clock, SpoolCounters counters) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    @Override
    public Stream<QueueEntry> list(int limit) {
        return store.list(limit);
    }

    @Override
    public Optional<QueueEntry> show(QueueId id) {
        return store.show(id);
    }

    @Override
    public boolean retryNow(QueueId id) {
        return store.control(ControlRequest.retry(id), clock.instant()).found();
    }

    @Override
    public int retryAll() {
        return store.control(ControlRequest.retryAll(), clock.instant()).messages();
    }

    @Override
    public boolean purge(QueueId id) {
        return store.control(ControlRequest.purge(id), clock.instant()).found();
    }

    @Override
    public QueueStats stats() {
        return counters.stats(store.stats(clock.instant()));
    }
}
