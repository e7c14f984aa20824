package dev.ssmtpmailer.postgres;

import static dev.ssmtpmailer.postgres.QueueRows.DEAD_LETTER_SET;
import static dev.ssmtpmailer.postgres.QueueRows.ENTRY_COLUMNS;
import static dev.ssmtpmailer.postgres.QueueRows.PURGE_RECIPIENT_SET;
import static dev.ssmtpmailer.postgres.QueueRows.setInstant;

import dev.ssmtpmailer.queue.ControlRequest;
import dev.ssmtpmailer.queue.ControlResult;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.QueueStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * An operator's {@link ControlRequest}, applied in the database by whichever instance (or {@code queue}
 * command) receives it. A message under a lease in force is not touched beyond a flag in its row
 * ({@code retry_requested}, {@code purge_requested}): its holder applies the request when the lease ends
 * ({@link LeasedWrites}). A retry notifies every instance, so that their dispatchers look at once.
 */
final class QueueControlSql {
    private final PostgresDatabase db;
    private final WakeUps wakeUps;
    private final String retry;
    private final String retryAll;
    private final String lockForPurge;
    private final String deleteDead;
    private final String requestPurge;
    private final String purgeRecipients;
    private final String purgeMessage;

    QueueControlSql(PostgresDatabase db, WakeUps wakeUps) {
        this.db = db;
        this.wakeUps = wakeUps;
        String message = db.table("message");
        // A message whose lease is in force keeps its schedule; its holder makes it due when it releases it.
        String set = " SET next_attempt = CASE WHEN lease_expires > ? THEN next_attempt ELSE ? END,"
                + " retry_requested = CASE WHEN lease_expires > ? THEN ? ELSE retry_requested END";
        retry = "UPDATE " + message + set + " WHERE id = ? AND dead_reason IS NULL";
        retryAll = "UPDATE " + message + set + " WHERE dead_reason IS NULL";
        lockForPurge = "SELECT " + ENTRY_COLUMNS + ", m.lease_expires > ? FROM " + message + " m JOIN "
                + db.table("recipient") + " r ON r.message_id = m.id WHERE m.id = ? ORDER BY r.position FOR UPDATE OF m";
        deleteDead = "DELETE FROM " + message + " WHERE id = ?";
        requestPurge = "UPDATE " + message + " SET purge_requested = true WHERE id = ?";
        purgeRecipients = "UPDATE " + db.table("recipient") + PURGE_RECIPIENT_SET + " WHERE message_id = ? AND state = 'PENDING'";
        // The lease token goes too: a holder whose lease expired can no longer write to a purged message.
        purgeMessage = "UPDATE " + message + DEAD_LETTER_SET + " WHERE id = ?";
    }

    ControlResult apply(ControlRequest request, Instant now) throws SQLException {
        ControlResult result;
        try {
            result = db.inTransaction(c -> {
                if (request instanceof ControlRequest.Retry r) {
                    return retry(c, retry, r.id(), now);
                }
                if (request instanceof ControlRequest.Purge p) {
                    return purge(c, p.id(), now);
                }
                return retry(c, retryAll, null, now);
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // the statements read no stream
        }
        wakeUps.wakeLocal();
        return result;
    }

    private ControlResult retry(Connection c, String sql, QueueId id, Instant now) throws SQLException {
        int n;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            setInstant(ps, 1, now);
            setInstant(ps, 2, now);
            setInstant(ps, 3, now);
            setInstant(ps, 4, now);
            if (id != null) {
                ps.setString(5, id.value());
            }
            n = ps.executeUpdate();
        }
        if (n > 0) {
            wakeUps.notifyOthers(c);
        }
        if (id != null && n == 0) {
            return new ControlResult(ControlResult.Status.NOT_FOUND, 0);
        }
        return new ControlResult(ControlResult.Status.APPLIED, n);
    }

    private ControlResult purge(Connection c, QueueId id, Instant now) throws SQLException {
        QueueEntry entry;
        boolean leased;
        try (PreparedStatement ps = c.prepareStatement(lockForPurge)) {
            setInstant(ps, 1, now);
            ps.setString(2, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new ControlResult(ControlResult.Status.NOT_FOUND, 0);
                }
                leased = rs.getBoolean(QueueRows.NEXT_COLUMN);
                entry = QueueRows.read(rs).entry();
            }
        }
        String sql = entry.dead() ? deleteDead : leased ? requestPurge : null;
        if (sql != null) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id.value());
                ps.executeUpdate();
            }
            return new ControlResult(ControlResult.Status.APPLIED, 1);
        }
        try (PreparedStatement ps = c.prepareStatement(purgeRecipients)) {
            ps.setString(1, QueueStore.PURGED_REASON);
            ps.setString(2, id.value());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(purgeMessage)) {
            ps.setString(1, QueueStore.PURGED_REASON);
            ps.setString(2, id.value());
            ps.executeUpdate();
        }
        return new ControlResult(ControlResult.Status.APPLIED, 1);
    }
}
