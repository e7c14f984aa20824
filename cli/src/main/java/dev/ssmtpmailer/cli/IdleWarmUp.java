package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.inbound.InboundListener;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --warm-up idle} (what the installed systemd unit runs): the warm-up of {@code --warm-up auto}, but
 * after the listener has opened, in the background, and only while the relay has nothing else to do. It starts once
 * the relay has been listening for {@link #QUIET}; between two parts of {@value WarmUp#PART} messages it waits
 * while a client is connected (a monitoring probe that connects and leaves only pauses it), and it ends for good
 * once a real message has been accepted or the queue holds one: real traffic then shares the CPU with the rest of
 * the part in flight (or of the private relay's start) and the private relay's close, and a restart listens as soon
 * as without it (issue 14, goals 3 and 4). A relay restarted while its
 * clients are quiet meets its first real messages with the JIT settled; one whose clients are waiting at once warms
 * on their messages instead, as without a warm-up.
 *
 * <p>Register it with the listener ({@code RelayServer.Builder#listener}) so that it hears the clients, then
 * {@link #start} it once the service runs. At the end, {@link #stopSoon()} before the service closes (it stops
 * accepting at once) and {@link #close()} after, which waits for the warm-up's private relay to close.
 */
final class IdleWarmUp implements InboundListener, AutoCloseable {
    /** Made when the warm-up first runs, after {@code serve} has configured logging. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(IdleWarmUp.class);
    }

    /** How long the relay must have been idle after listening before the warm-up starts. */
    static final Duration QUIET = Duration.ofSeconds(1);
    /** How often the queue is asked whether it holds work (on PostgreSQL that is a query). */
    static final Duration QUEUE_POLL = Duration.ofSeconds(1);

    private final WarmUp.Plan plan;
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile boolean messageSeen;
    private volatile boolean closed;
    private volatile WarmUp.Result result;
    private Thread thread;

    /** @param plan the warm-up's plan; {@code serve} uses {@link WarmUp.Plan#auto()} */
    IdleWarmUp(WarmUp.Plan plan) {
        this.plan = plan;
    }

    @Override
    public void sessionOpened(InetAddress client) {
        sessions.incrementAndGet();
    }

    @Override
    public void sessionClosed(InetAddress client) {
        sessions.decrementAndGet();
    }

    @Override
    public void messageAccepted(InetAddress client) {
        messageSeen = true;
    }

    /**
     * Starts the warm-up's thread: after {@link #QUIET} it warms up until the JIT has settled, the plan is done, a
     * real message has been accepted or {@code busy} says there is work; while a client is connected it waits.
     *
     * @param busy whether the relay has work of its own (for {@code serve}: a message in its queue); asked once at
     *        the start and then at most every {@link #QUEUE_POLL}; one that throws counts as busy
     */
    synchronized void start(BooleanSupplier busy) {
        if (thread != null || closed) {
            return;
        }
        BooleanSupplier queue = throttled(busy);
        BooleanSupplier over = () -> closed || messageSeen || queue.getAsBoolean();
        thread = new Thread(() -> run(over, () -> sessions.get() > 0), "ssmtp-mailer-warm-up");
        thread.setDaemon(true); // never what keeps the JVM alive
        thread.start();
    }

    /** @return {@code busy} asked at most every {@link #QUEUE_POLL} (by the warm-up's thread only), true once true */
    private static BooleanSupplier throttled(BooleanSupplier busy) {
        return new BooleanSupplier() {
            private long next = System.nanoTime();
            private boolean last;

            @Override
            public boolean getAsBoolean() {
                long now = System.nanoTime();
                if (!last && now - next >= 0) {
                    next = now + QUEUE_POLL.toNanos();
                    try {
                        last = busy.getAsBoolean();
                    } catch (RuntimeException e) {
                        last = true; // a queue that cannot answer is no place to add work
                    }
                }
                return last;
            }
        };
    }

    /**
     * @param over whether the warm-up is over for good
     * @param client whether a client is connected: the warm-up waits
     */
    private void run(BooleanSupplier over, BooleanSupplier client) {
        try {
            TimeUnit.NANOSECONDS.sleep(QUIET.toNanos());
            WarmUp.pause(client, over); // nor does the private relay start while a client is there
            if (over.getAsBoolean()) {
                Log.LOG.debug("warm-up while idle: not started, the relay has work");
                return;
            }
            WarmUp.Result w = WarmUp.quietly(plan, over, client);
            result = w;
            Log.LOG.info("warm-up while idle: {} throwaway messages relayed to an in-process upstream in {} ms, {} round{}, {}",
                    w.delivered(), w.millis(), w.rounds(), w.rounds() == 1 ? "" : "s",
                    !w.stopped() ? "JIT " + (w.settled() ? "settled" : "still compiling")
                            : closed ? "stopped: serve is stopping" : "stopped: real traffic");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (closed) { // serve is stopping, and the JVM's exit hook may have removed the scratch spool first
                Log.LOG.debug("warm-up while idle ended by the shutdown: {}", e.toString());
            } else {
                Log.LOG.warn("warm-up while idle failed, the relay runs without it: {}", e.toString());
            }
        }
    }

    /** @return what the warm-up did, or {@code null} while it runs or when it did not start */
    WarmUp.Result result() {
        return result;
    }

    /**
     * Tells the warm-up to stop after the part in flight, without waiting: {@code serve}'s shutdown calls this first,
     * stops accepting, and then waits for the warm-up ({@link #close()}).
     */
    void stopSoon() {
        closed = true;
    }

    /**
     * Stops the warm-up between two parts and waits for its private relay to close and its scratch spool to go.
     *
     * @param wait how long to wait at most
     * @return whether the warm-up's thread has ended (or never started)
     * @throws InterruptedException if interrupted while waiting
     */
    boolean stop(Duration wait) throws InterruptedException {
        stopSoon();
        return awaitEnd(wait);
    }

    /**
     * Waits for the warm-up's thread to end on its own (it is not told to stop): for the tests.
     *
     * @param wait how long to wait at most
     * @return whether the warm-up's thread has ended (or never started)
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitEnd(Duration wait) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, wait.toMillis()));
        return !t.isAlive();
    }

    /**
     * Stops the warm-up and waits up to {@link WarmUp#EXIT_WAIT} for the part in flight and its private relay to close;
     * {@code serve}'s shutdown calls this after the real listener has stopped accepting.
     */
    @Override
    public void close() {
        try {
            stop(WarmUp.EXIT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
