package dev.ssmtpmailer.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands due messages to the workers. One thread claims from the store what the workers can take soon (the active
 * window: {@link #window} messages, so that a finishing worker finds its next message waiting and the dispatcher
 * claims in batches), sleeps until the next message is due, half the window is free, or the store wakes it (a
 * message accepted, a control request), and about once a second applies other processes' control requests and
 * renews the leases of the messages it holds. With no worker
 * threads nothing runs in the background: the caller drives {@link #runDue()}.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final int MIN_WINDOW = 64;

    private final SpoolContext ctx;
    private final String owner;
    private final int threads;
    private final Duration leaseDuration;
    private final Duration controlPoll;
    /** How many claimed messages the workers may have in hand or waiting: {@value #MIN_WINDOW} or four per worker. */
    private final int window;
    /** The leases of claimed messages not yet finished, renewed while their attempts run. */
    private final Map<QueueId, Lease> inFlight = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private boolean woken;
    private ExecutorService workers;
    private Thread thread;
    private volatile boolean closed;

    /**
     * @param ctx the running spool's parts
     * @param b the spool's settings: owner, worker threads (default the global {@code max_connections}), lease
     *        duration and control poll interval
     */
    Dispatcher(SpoolContext ctx, Spool.Builder b) {
        this.ctx = ctx;
        this.owner = b.owner;
        this.threads = b.threads >= 0 ? b.threads : Math.max(1, b.config.global().maxConnections());
        this.leaseDuration = b.leaseDuration;
        this.controlPoll = b.controlPoll;
        this.window = Math.max(MIN_WINDOW, 4 * threads);
    }

    void start() {
        if (threads == 0) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ssmtp-mailer-spool-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        workers = pool;
        thread = new Thread(this::loop, "ssmtp-mailer-spool-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Makes the dispatcher look for work now (the store's wake-up hook). */
    void wakeUp() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** @see Spool#runDue() */
    int runDue() {
        Instant now = ctx.clock().instant();
        ctx.store().applyRequests(now);
        List<ClaimedMessage> due = ctx.store().claim(owner, now, Integer.MAX_VALUE, leaseDuration);
        due.forEach(c -> inFlight.put(c.entry().id(), c.lease()));
        due.forEach(this::attempt);
        return due.size();
    }

    private void loop() {
        Instant lastPoll = null;
        while (!closed) {
            try {
                Instant now = ctx.clock().instant();
                if (lastPoll == null || !now.isBefore(lastPoll.plus(controlPoll))) {
                    ctx.store().applyRequests(now);
                    renewLeases(now);
                    lastPoll = now;
                }
                int free = window - inFlight.size();
                int claimed = 0;
                if (free > 0) {
                    for (ClaimedMessage c : ctx.store().claim(owner, now, free, leaseDuration)) {
                        inFlight.put(c.entry().id(), c.lease());
                        workers.execute(() -> attempt(c));
                        claimed++;
                    }
                }
                await(waitMillis(now, free, claimed));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("spool dispatcher: {}", e.toString(), e);
                try {
                    await(controlPoll.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** How long to sleep: until the next message is due, at most until the next poll of control requests. */
    private long waitMillis(Instant now, int free, int claimed) {
        long wait = controlPoll.toMillis();
        if (free > claimed) {
            Optional<Instant> next = ctx.store().nextDue();
            if (next.isPresent()) {
                // something due now but not claimable (a state write in progress): look again shortly
                long until = Duration.between(now, next.get()).toMillis();
                wait = Math.min(wait, Math.max(until, claimed == 0 ? 10 : 0));
            }
        }
        return wait;
    }

    private void await(long millis) throws InterruptedException {
        synchronized (signal) {
            if (!woken && !closed && millis > 0) {
                signal.wait(millis);
            }
            woken = false;
        }
    }

    private void renewLeases(Instant now) {
        for (Lease lease : inFlight.values()) {
            if (lease.expires().isBefore(now.plus(leaseDuration.dividedBy(2)))) {
                try {
                    inFlight.replace(lease.id(), lease, ctx.store().renew(lease, now, leaseDuration));
                } catch (LeaseLostException e) {
                    log.debug("lease of {} ended meanwhile: {}", lease.id(), e.getMessage());
                } catch (RuntimeException e) {
                    log.warn("cannot renew the lease of spooled message {}: {}", lease.id(), e.toString());
                }
            }
        }
    }

    private void attempt(ClaimedMessage c) {
        try {
            if (closed) {
                // claimed, never started: back to its due time, for the next open (or another process)
                ctx.store().release(c.lease(), List.of(), c.entry().nextAttempt());
                return;
            }
            DeliveryAttempt.run(ctx, c, ctx.clock().instant());
        } catch (LeaseLostException e) {
            log.warn("spooled message {}: {}; its new holder attempts it", c.entry().id(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("delivery attempt of {} failed unexpectedly; its lease expires and it is tried again: {}",
                    c.entry().id(), e.toString(), e);
        } finally {
            inFlight.remove(c.entry().id());
            if (inFlight.size() <= window / 2) {
                wakeUp(); // room for a batch
            }
        }
    }

    /** Stops claiming, lets attempts in flight finish (their state is written) and stops the workers. */
    void close() {
        closed = true;
        wakeUp();
        try {
            if (thread != null) {
                thread.join();
            }
            if (workers != null) {
                workers.shutdown();
                while (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                    log.debug("waiting for spool deliveries in flight");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
