package dev.ssmtpmailer.postgres;

import static dev.ssmtpmailer.postgres.QueueRows.DEAD_LETTER_SET;
import static dev.ssmtpmailer.postgres.QueueRows.ENTRY_COLUMNS;
import static dev.ssmtpmailer.postgres.QueueRows.setInstant;

import dev.ssmtpmailer.queue.Lease;
import dev.ssmtpmailer.queue.LeaseLostException;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.RecipientOutcome;
import dev.ssmtpmailer.queue.RecipientState;
import dev.ssmtpmailer.queue.SpoolException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The writes of a delivery attempt ({@code record}, {@code release}, {@code complete}, {@code deadLetter}), each
 * one transaction: lock the message row and read its state, check the lease token (a takeover changed it) and
 * the outcomes (only a pending recipient may change), write the changed recipients in one statement, end or keep
 * the lease, commit. An operator's request that arrived during the lease is applied here.
 */
final class LeasedWrites {
    private final PostgresDatabase db;
    private final String lock;
    private final String updateRecipients;
    private final String release;
    private final String remove;
    private final String completeAtOnce;
    private final String deadLetter;

    LeasedWrites(PostgresDatabase db) {
        this.db = db;
        String message = db.table("message");
        lock = "SELECT " + ENTRY_COLUMNS + ", m.lease_token, m.lease_owner, m.purge_requested, m.retry_requested FROM "
                + message + " m JOIN " + db.table("recipient") + " r ON r.message_id = m.id"
                + " WHERE m.id = ? AND m.dead_reason IS NULL ORDER BY r.position FOR UPDATE OF m";
        updateRecipients = "UPDATE " + db.table("recipient") + " r SET state = u.s, attempts = u.a, last_reply = u.l"
                + " FROM unnest(?::int[], ?::text[], ?::int[], ?::text[]) AS u(p, s, a, l)"
                + " WHERE r.message_id = ? AND r.position = u.p";
        release = "UPDATE " + message + " SET next_attempt = ?, lease_owner = NULL, lease_token = NULL,"
                + " lease_expires = NULL, retry_requested = NULL WHERE id = ?";
        remove = "DELETE FROM " + message + " WHERE id = ?";
        completeAtOnce = "WITH s AS (SELECT set_config('synchronous_commit', 'off', true)),"
                + " d AS (DELETE FROM " + message + " m WHERE m.id = ? AND m.lease_token = ? AND m.dead_reason IS NULL"
                + "   AND NOT EXISTS (SELECT 1 FROM " + db.table("recipient") + " r WHERE r.message_id = m.id AND"
                + "     CASE WHEN r.position = ANY(?::int[]) THEN r.state <> 'PENDING' ELSE r.state <> 'DELIVERED' END)"
                + "   AND (SELECT count(*) FROM " + db.table("recipient") + " r WHERE r.message_id = m.id"
                + "     AND r.position = ANY(?::int[])) = ?"
                + "   RETURNING 1)"
                + " SELECT count(*) FROM d, s";
        deadLetter = "UPDATE " + message + DEAD_LETTER_SET + " WHERE id = ?";
    }

    /** The message as locked, and what its lease row says. */
    private record Locked(QueueEntry entry, boolean purgeRequested, Instant retryRequested) {
    }

    QueueEntry record(Lease lease, List<RecipientOutcome> outcomes) {
        check(lease, outcomes);
        return write(lease, "cannot record the outcomes of message " + lease.id(), (c, locked) -> {
            List<QueueRecipient> after = locked.entry().withOutcomes(outcomes).recipients();
            updateRecipients(c, lease, locked.entry().recipients(), after);
            return withRecipients(locked.entry(), after, locked.entry().nextAttempt(), null);
        });
    }

    QueueEntry release(Lease lease, List<RecipientOutcome> outcomes, Instant nextAttempt) {
        check(lease, outcomes);
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        return write(lease, "cannot release message " + lease.id(), (c, locked) -> {
            List<QueueRecipient> after = locked.entry().withOutcomes(outcomes).recipients();
            if (after.stream().noneMatch(r -> r.state() == RecipientState.PENDING)) {
                throw new IllegalArgumentException("release of message " + lease.id() + " leaves no recipient pending;"
                        + " complete or dead-letter it instead");
            }
            if (locked.purgeRequested()) {
                return toDeadLetters(c, lease, locked.entry(), after, QueueStore.PURGED_REASON, true);
            }
            Instant next = locked.retryRequested() != null && locked.retryRequested().isBefore(nextAttempt)
                    ? locked.retryRequested() : nextAttempt;
            updateRecipients(c, lease, locked.entry().recipients(), after);
            try (PreparedStatement ps = c.prepareStatement(release)) {
                setInstant(ps, 1, next);
                ps.setString(2, lease.id().value());
                ps.executeUpdate();
            }
            return withRecipients(locked.entry(), after, next, null);
        });
    }

    void complete(Lease lease, List<RecipientOutcome> outcomes) {
        check(lease, outcomes);
        if (completeAtOnce(lease, outcomes)) {
            return;
        }
        // Not the plain case (or the lease is gone): the full transaction decides, and says why it refuses.
        write(lease, "cannot remove the delivered message " + lease.id(), (c, locked) -> {
            List<QueueRecipient> after = locked.entry().withOutcomes(outcomes).recipients();
            if (after.stream().anyMatch(r -> r.state() != RecipientState.DELIVERED)) {
                throw new IllegalArgumentException("complete of message " + lease.id()
                        + " while a recipient is not delivered; release or dead-letter it instead");
            }
            // The one write that may be lost in a crash (the message is then delivered once more): no need to
            // wait for the WAL flush.
            try (PreparedStatement ps = c.prepareStatement("SET LOCAL synchronous_commit = off")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement(remove)) {
                ps.setString(1, lease.id().value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The common case of {@code complete}, a message whose last pending recipients were delivered, in one
     * statement: it removes the message only if the lease still holds, every recipient named by an outcome is
     * pending and every other one is delivered; then it commits without waiting for the WAL flush (the SPI allows
     * this one write to be lost in a crash).
     *
     * @return whether the message was removed; if not, nothing changed
     */
    boolean completeAtOnce(Lease lease, List<RecipientOutcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.state() != RecipientState.DELIVERED)) {
            return false;
        }
        Integer[] positions = outcomes.stream().map(RecipientOutcome::recipient).distinct().toArray(Integer[]::new);
        if (positions.length != outcomes.size()) {
            return false;
        }
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(completeAtOnce)) {
            ps.setString(1, lease.id().value());
            ps.setLong(2, lease.token());
            ps.setArray(3, c.createArrayOf("int4", positions));
            ps.setArray(4, c.createArrayOf("int4", positions));
            ps.setInt(5, positions.length);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        } catch (SQLException e) {
            if (!PostgresDatabase.isTransient(e)) {
                throw new SpoolException(db.url(), "cannot remove the delivered message " + lease.id(),
                        db.failure("cannot remove the delivered message " + lease.id(), e));
            }
            return false; // a broken pooled connection: the full transaction retries on a fresh one
        } catch (DatabaseException e) {
            return false;
        }
    }

    QueueEntry deadLetter(Lease lease, List<RecipientOutcome> outcomes, String reason) {
        check(lease, outcomes);
        Objects.requireNonNull(reason, "reason");
        return write(lease, "cannot dead-letter message " + lease.id(), (c, locked) -> {
            List<QueueRecipient> after = locked.entry().withOutcomes(outcomes).recipients();
            boolean purged = locked.purgeRequested();
            return toDeadLetters(c, lease, locked.entry(), after, purged ? QueueStore.PURGED_REASON : reason, purged);
        });
    }

    private QueueEntry toDeadLetters(Connection c, Lease lease, QueueEntry before, List<QueueRecipient> after,
                                     String reason, boolean purge) throws SQLException {
        List<QueueRecipient> last = purge ? withRecipients(before, after, before.nextAttempt(), null).purged().recipients()
                : after;
        updateRecipients(c, lease, before.recipients(), last);
        String oneLine = reason.replace('\r', ' ').replace('\n', ' ').strip();
        try (PreparedStatement ps = c.prepareStatement(deadLetter)) {
            ps.setString(1, oneLine.isEmpty() ? "dead-lettered" : oneLine);
            ps.setString(2, lease.id().value());
            ps.executeUpdate();
        }
        return withRecipients(before, last, before.nextAttempt(), oneLine.isEmpty() ? "dead-lettered" : oneLine);
    }

    private static QueueEntry withRecipients(QueueEntry e, List<QueueRecipient> recipients, Instant next, String dead) {
        return new QueueEntry(e.id(), e.created(), e.sender(), e.size(), next, e.rewriteFrom(), recipients, dead);
    }

    private void updateRecipients(Connection c, Lease lease, List<QueueRecipient> before, List<QueueRecipient> after)
            throws SQLException {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            if (!after.get(i).equals(before.get(i))) {
                positions.add(i);
            }
        }
        if (positions.isEmpty()) {
            return;
        }
        Integer[] p = positions.toArray(Integer[]::new);
        String[] s = new String[p.length];
        Integer[] a = new Integer[p.length];
        String[] l = new String[p.length];
        for (int i = 0; i < p.length; i++) {
            QueueRecipient r = after.get(p[i]);
            s[i] = r.state().name();
            a[i] = r.attempts();
            l[i] = r.lastReply();
        }
        try (PreparedStatement ps = c.prepareStatement(updateRecipients)) {
            ps.setArray(1, c.createArrayOf("int4", p));
            ps.setArray(2, c.createArrayOf("text", s));
            ps.setArray(3, c.createArrayOf("int4", a));
            ps.setArray(4, c.createArrayOf("text", l));
            ps.setString(5, lease.id().value());
            ps.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run(Connection c, Locked locked) throws SQLException;
    }

    /**
     * Runs one lease-checked transaction; any failure rolls it back. A transient failure (a pooled connection
     * that died with a database restart) is tried once more on a fresh connection: safe, because the retry
     * checks the lease again, so a first try whose commit did go through ends in {@link LeaseLostException}.
     */
    private <T> T write(Lease lease, String what, Step<T> step) {
        DatabaseException failure = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                return once(lease, step);
            } catch (SQLException e) {
                failure = db.failure(what, e);
            } catch (DatabaseException e) {
                failure = e;
            }
            if (!failure.transientFailure()) {
                break;
            }
        }
        throw new SpoolException(db.url(), what, failure);
    }

    private <T> T once(Lease lease, Step<T> step) throws SQLException {
        try {
            return db.inTransaction(c -> step.run(c, lock(c, lease)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // the steps read no stream
        }
    }

    private Locked lock(Connection c, Lease lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lock)) {
            ps.setString(1, lease.id().value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new LeaseLostException(lease, "the message is no longer queued");
                }
                long token = rs.getLong(QueueRows.NEXT_COLUMN);
                boolean leased = !rs.wasNull();
                String owner = rs.getString(QueueRows.NEXT_COLUMN + 1);
                boolean purge = rs.getBoolean(QueueRows.NEXT_COLUMN + 2);
                Instant retry = QueueRows.instant(rs, QueueRows.NEXT_COLUMN + 3);
                if (!leased || token != lease.token()) {
                    throw new LeaseLostException(lease, leased ? "taken over by " + owner + " (lease " + token + ")"
                            : "the lease has ended");
                }
                return new Locked(QueueRows.read(rs).entry(), purge, retry);
            }
        }
    }

    private static void check(Lease lease, List<RecipientOutcome> outcomes) {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(outcomes, "outcomes");
    }
}
