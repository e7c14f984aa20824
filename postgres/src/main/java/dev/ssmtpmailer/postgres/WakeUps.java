package dev.ssmtpmailer.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LISTEN/NOTIFY} between the instances that share a schema: a change that makes work due (an accepted
 * message, an operator's retry) sends a notification in its own transaction, which PostgreSQL delivers at
 * commit to every instance listening on the schema's channel ({@code <schema>_queue}); their dispatchers wake
 * up at once instead of polling tightly.
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
    private volatile boolean closed;

    WakeUps(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
        this.channel = db.settings().schema() + "_queue";
        this.self = db.settings().instanceId();
        this.thread = new Thread(this::run, "ssmtp-mailer-pg-listen");
        thread.setDaemon(true);
    }

    /** @return the notification channel of the schema */
    String channel() {
        return channel;
    }

    /** @return this instance's name, the payload of its notifications */
    String self() {
        return self;
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
        thread.interrupt(); // ends a back-off sleep; a wait on the socket ends within WAIT
        try {
            thread.join(WAIT.toMillis() + 5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
