package dev.ssmtpmailer.postgres;

import static dev.ssmtpmailer.postgres.QueueRows.setInstant;
import static dev.ssmtpmailer.postgres.QueueRows.text;

import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.QueueEntry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Stores a message moved from another queue (the file spool) as it stood there: its id, creation time, next
 * attempt, dead-letter reason, and every recipient's state, attempt count and last reply. One transaction per
 * message, committed with {@code synchronous_commit = on} before {@link #store} returns, so that the caller may
 * then delete the original. Idempotent: a message whose id is already in the database is left as it is (an
 * earlier run committed it and was interrupted before the original was deleted).
 */
final class QueueImport {
    private final PostgresDatabase db;
    private final BodyChunks chunks;
    private final String insertMessage;
    private final String insertRecipients;
    private final String notify;

    QueueImport(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
        this.chunks = new BodyChunks(db);
        insertMessage = "INSERT INTO " + db.table("message")
                + " (id, created, sender, size, rewrite_from, next_attempt, dead_reason, dead_since)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ?::text IS NULL THEN NULL ELSE now() END)"
                + " ON CONFLICT (id) DO NOTHING";
        insertRecipients = "INSERT INTO " + db.table("recipient")
                + " (message_id, position, original, deliver_to, account, forwarded, mail_from, state, attempts, last_reply)"
                + " SELECT ?, u.ord - 1, u.o, u.d, u.a, u.f, u.mf, u.s, u.n, u.lr"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::int[], ?::text[])"
                + "   WITH ORDINALITY AS u(o, d, a, f, mf, s, n, lr, ord)";
        notify = "SELECT pg_notify(?, ?)";
    }

    /**
     * @param entry the message as the other queue holds it (queued or dead)
     * @param content writes its bytes
     * @return {@code true} if it was stored now, {@code false} if a message with its id was already there
     * @throws IOException if the bytes cannot be read, do not add up to the entry's size, or cannot be stored
     *         (then nothing of the message is stored)
     */
    boolean store(QueueEntry entry, MessageContent content) throws IOException {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(content, "content");
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                boolean stored = insert(c, entry, content);
                if (stored) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return stored;
            } catch (IOException | SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            DatabaseException d = db.failure("cannot import message " + entry.id(), e);
            throw new IOException(d.getMessage(), d);
        }
    }

    private boolean insert(Connection c, QueueEntry entry, MessageContent content) throws IOException, SQLException {
        try (PreparedStatement ps = c.prepareStatement("SET LOCAL synchronous_commit = on")) {
            ps.execute(); // whatever the role's default: the original is deleted once this commit returns
        }
        try (PreparedStatement ps = c.prepareStatement(insertMessage)) {
            ps.setString(1, entry.id().value());
            setInstant(ps, 2, entry.created());
            ps.setString(3, text(entry.sender()));
            ps.setLong(4, entry.size());
            ps.setBoolean(5, entry.rewriteFrom());
            setInstant(ps, 6, entry.nextAttempt());
            ps.setString(7, entry.deadReason());
            ps.setString(8, entry.deadReason());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        insertRecipients(c, entry);
        long size;
        try (BodyChunks.Writer body = chunks.writer(c, entry.id().value())) {
            content.writeTo(body);
            size = body.size();
        }
        if (size != entry.size()) {
            throw new IOException("message " + entry.id() + " has " + size + " bytes, its envelope says " + entry.size());
        }
        try (PreparedStatement ps = c.prepareStatement(notify)) {
            ps.setString(1, WakeUps.channel(db.settings()));
            ps.setString(2, db.settings().instanceId());
            ps.executeQuery().close(); // delivered at commit: running instances claim the message at once
        }
        return true;
    }

    private void insertRecipients(Connection c, QueueEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertRecipients)) {
            ps.setString(1, entry.id().value());
            QueueRows.setRecipients(ps, 2, entry.recipients(), true);
            ps.executeUpdate();
        }
    }
}
