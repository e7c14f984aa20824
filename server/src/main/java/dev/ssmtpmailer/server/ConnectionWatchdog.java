package dev.ssmtpmailer.server;

import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.inbound.InboundRefusal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drops connections whose reply write outlasts the write timeout, or that outlive the session time while
 * blocked in a read. A blocking socket write has no timeout in Java; closing the socket from another thread is
 * what unblocks it, and that frees the session's thread and its connection slot.
 *
 * <p>One daemon thread per server.
 */
final class ConnectionWatchdog implements AutoCloseable {
    private final Set<ClientConnection> live = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final ClientLog log;
    private final long periodMillis;

    /**
     * @param name the thread's name
     * @param limits the write timeout and session time to watch: checked often enough that each is overrun by at
     *        most a quarter of itself, and at least once a second
     * @param log where drops are reported
     */
    ConnectionWatchdog(String name, ServerLimits limits, ClientLog log) {
        this.log = log;
        Duration shortest = limits.writeTimeout().compareTo(limits.maxSessionTime()) < 0 ? limits.writeTimeout()
                : limits.maxSessionTime();
        Duration quarter = shortest.dividedBy(4);
        Duration period = quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.periodMillis = Math.max(period.toMillis(), 10);
    }

    /** Starts checking (with the server: a server that is built but never started holds no thread). */
    void start() {
        timer.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void add(ClientConnection c) {
        live.add(c);
    }

    void remove(ClientConnection c) {
        live.remove(c);
    }

    /** @return the connections open now */
    int size() {
        return live.size();
    }

    /** Drops every connection (the server is closing). */
    void dropAll(String reason) {
        for (ClientConnection c : live) {
            c.drop(reason);
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (ClientConnection c : live) {
            InboundRefusal why = c.overdue(now);
            if (why != null && !c.ended()) {
                String text = ClientConnection.describe(why);
                log.info("{}: dropping the connection, {}", c.client().getHostAddress(), text);
                c.refused(why);
                c.drop(text);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
