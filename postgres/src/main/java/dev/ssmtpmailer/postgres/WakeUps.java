package dev.ssmtpmailer.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LISTEN/NOTIFY} between the instances that share a schema: a change that makes work due (an accepted
 * message, an operator's retry) sends a notification, which PostgreSQL delivers at commit to every instance
 * listening on the schema's channel ({@code <schema>_queue}); their dispatchers wake up at once instead of
 * polling tightly.
 *
 * <p>Accepted messages are {@linkplain #announce() announced} after their commit, coalesced, from a background
 * thread, never inside the accept: PostgreSQL serializes the commits of every transaction that sent a
 * notification (a database-wide lock held until the commit, WAL flush included), which measured 6 to 8 times
 * fewer commits per second with 10 concurrent sessions ({@code pgbench}, 1,700-3,400 against 260-420). One
 * notification stands for every accept made while the previous one was being sent; it commits without waiting for
 * the WAL flush (a lost hint costs only a wake-up, see below).
 *
 * <p>One daemon thread per instance holds one dedicated connection (taken from the pool and kept) and waits on
 * it for notifications. Notifications are a hint, never the only way work is found: one sent while an instance
 * was reconnecting is lost, so the dispatcher still looks for due work on a slow fallback poll, and the
 * listeners are called once after each reconnect. An instance skips its own notifications (the payload names
 * the sender): it has already woken its dispatcher directly.
 */
final class WakeUps implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WakeUps.class);
    /** How long one wait for notifications lasts: also how long {@link #close()} may take. */
    private static final Duration WAIT = Duration.ofMillis(500);
    /** How often the idle connection is checked (a silently dropped connection would never deliver again). */
    private static final Duration CHECK = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final PostgresDatabase db;
    private final String channel;
    private final String self;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    /** Sends the coalesced announcements, one at a time. */
    private final ExecutorService announcer;
    /** Whether an announcement is queued and not yet being sent: further accepts ride on it. */
    private final AtomicBoolean announcing = new AtomicBoolean();
    /** Announcements sent so far. */
    private final AtomicLong announced = new AtomicLong();
    private volatile boolean closed;

    WakeUps(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
        this.channel = channel(db.settings());
        this.self = db.settings().instanceId();
        this.thread = new Thread(this::run, "ssmtp-mailer-pg-listen");
        thread.setDaemon(true);
        this.announcer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ssmtp-mailer-pg-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param settings a database's settings
     * @return the notification channel of its schema, {@code <schema>_queue} (the schema is a checked identifier)
     */
    static String channel(PostgresSettings settings) {
        return settings.schema() + "_queue";
    }

    /** Starts listening in the background. */
    void start() {
        thread.start();
    }

    /** @param listener called (on the listening thread) when another instance made work due; returns at once */
    void onWakeUp(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Queues a notification in the caller's transaction: it is delivered when that commits, never if it rolls back.
     *
     * @param c the connection of the transaction that makes work due
     * @throws SQLException if the statement fails
     */
    void notifyOthers(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, self);
            ps.execute();
        }
    }

    /**
     * Tells the other instances, soon and outside the caller's transaction, that work became due: call it after the
     * commit that made it due. Returns at once; accepts made while an announcement waits or is being sent are covered
     * by the next one.
     */
    void announce() {
        if (!closed && announcing.compareAndSet(false, true)) {
            try {
                announcer.execute(this::sendAnnouncement);
            } catch (RejectedExecutionException e) {
                announcing.set(false); // closing: the others find the work on their fallback poll
            }
        }
    }

    private void sendAnnouncement() {
        announcing.set(false); // accepts from now on need another announcement
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "WITH s AS (SELECT set_config('synchronous_commit', 'off', true)) SELECT pg_notify(?, ?) FROM s")) {
            ps.setString(1, channel);
            ps.setString(2, self);
            ps.executeQuery().close();
            announced.incrementAndGet();
        } catch (SQLException | RuntimeException e) {
            // A hint: the other instances still find the work on their fallback poll.
            LOG.debug("could not announce new work on channel {}: {}", channel, e.getMessage());
        }
    }

    /**
     * @return how many announcements were sent, once those already asked for are sent
     * @throws InterruptedException if interrupted while waiting for them
     */
    long announcedWhenDone() throws InterruptedException {
        try {
            announcer.submit(() -> { }).get(); // one thread, in order: every announcement asked for before is done
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return announced.get();
    }

    /** Calls the listeners on the caller's thread (a change made by this instance). */
    void wakeLocal() {
        fire();
    }

    private void run() {
        long backoffMs = 500;
        while (!closed) {
            try (Connection c = db.dataSource().getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel); // the channel is the checked schema name plus a suffix
                }
                if (!c.getAutoCommit()) {
                    c.commit(); // LISTEN takes effect at commit
                }
                LOG.debug("listening for queue notifications on channel {}", channel);
                backoffMs = 500;
                fire(); // anything sent while we were not listening
                PGConnection pg = c.unwrap(PGConnection.class);
                long nextCheck = System.nanoTime() + CHECK.toNanos();
                while (!closed) {
                    // Waits on the socket for up to WAIT without sending anything.
                    PGNotification[] got = pg.getNotifications((int) WAIT.toMillis());
                    if (got != null && hasForeign(got)) {
                        fire();
                    }
                    if (System.nanoTime() - nextCheck > 0) {
                        if (!c.isValid(5)) {
                            throw new SQLException("the listening connection is no longer valid", "08006");
                        }
                        nextCheck = System.nanoTime() + CHECK.toNanos();
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("UNLISTEN *"); // the pooled connection must not collect notifications for others
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.debug("queue notifications interrupted ({}); listening again in {} ms", e.getMessage(), backoffMs);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoffMs = Math.min(MAX_BACKOFF.toMillis(), backoffMs * 2);
            }
        }
    }

    private boolean hasForeign(PGNotification[] got) {
        for (PGNotification n : got) {
            if (!self.equals(n.getParameter())) {
                return true;
            }
        }
        return false;
    }

    private void fire() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("queue wake-up listener failed", e);
            }
        }
    }

    /** Stops listening and gives the connection back. */
    @Override
    public void close() {
        closed = true;
        announcer.shutdown(); // an announcement being sent finishes
        thread.interrupt(); // ends a back-off sleep; a wait on the socket ends within WAIT
        try {
            thread.join(WAIT.toMillis() + 5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
