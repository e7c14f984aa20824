package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.RecipientState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * How a queued message is read from its rows: the columns {@link #ENTRY_COLUMNS} of {@code message m} joined
 * with {@code recipient r}, one row per recipient in position order, become one {@link QueueEntry}.
 */
final class QueueRows {
    /** The columns {@link #read} expects first, in this order; a query may add its own after them. */
    static final String ENTRY_COLUMNS = "m.id, m.created, m.sender, m.size, m.next_attempt, m.rewrite_from,"
            + " m.dead_reason, r.position, r.original, r.deliver_to, r.account, r.forwarded, r.mail_from, r.state,"
            + " r.attempts, r.last_reply";
    /**
     * The SET clause that makes a message a dead letter (parameter: the reason) and ends its lease and its waiting
     * control requests: the lease token goes too, so that a holder whose lease expired can no longer write to it.
     */
    static final String DEAD_LETTER_SET = " SET dead_reason = ?, dead_since = now(), lease_owner = NULL,"
            + " lease_token = NULL, lease_expires = NULL, retry_requested = NULL, purge_requested = false";
    /** The SET clause that marks a purged message's pending recipients (parameter: the reply recorded). */
    static final String PURGE_RECIPIENT_SET = " SET state = 'PURGED', last_reply = ?";
    /** The 1-based index of the first column after {@link #ENTRY_COLUMNS}. */
    static final int NEXT_COLUMN = 17;

    private QueueRows() {
    }

    /**
     * Reads one message from the current row and the rows after it that belong to it.
     *
     * @param rs positioned on the message's first recipient row
     * @return the entry; {@code rs} is positioned on the next message's first row, or after the last row
     *         ({@link #hasRow} tells)
     */
    static Read read(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        Instant created = instant(rs, 2);
        String sender = rs.getString(3);
        long size = rs.getLong(4);
        Instant next = instant(rs, 5);
        boolean rewriteFrom = rs.getBoolean(6);
        String deadReason = rs.getString(7);
        List<QueueRecipient> recipients = new ArrayList<>();
        boolean more;
        do {
            String mailFrom = rs.getString(13);
            recipients.add(new QueueRecipient(EmailAddress.parse(rs.getString(9)), EmailAddress.parse(rs.getString(10)),
                    rs.getString(11), rs.getBoolean(12), mailFrom == null ? null : EmailAddress.parse(mailFrom),
                    RecipientState.valueOf(rs.getString(14)), rs.getInt(15), rs.getString(16)));
            more = rs.next();
        } while (more && id.equals(rs.getString(1)));
        QueueEntry entry = new QueueEntry(new QueueId(id), created, sender == null ? null : EmailAddress.parse(sender),
                size, next, rewriteFrom, recipients, deadReason);
        return new Read(entry, more);
    }

    /**
     * @param entry the message read
     * @param hasRow whether the result set stands on a row of the next message
     */
    record Read(QueueEntry entry, boolean hasRow) {
    }

    /** @return every message of the result set, in its order */
    static List<QueueEntry> readAll(ResultSet rs) throws SQLException {
        List<QueueEntry> entries = new ArrayList<>();
        boolean more = rs.next();
        while (more) {
            Read r = read(rs);
            entries.add(r.entry());
            more = r.hasRow();
        }
        return entries;
    }

    /** Reads a {@code timestamptz} as JDBC 4.2 maps it, free of the JVM's time zone. */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Binds a {@code timestamptz} parameter (microsecond precision in the database). */
    static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }

    /**
     * Binds the recipients' columns as arrays, in position order, for {@code INSERT ... SELECT ... FROM unnest(?::text[],
     * ...) WITH ORDINALITY}: original, deliver_to, account, forwarded, mail_from, and with {@code state} also
     * state, attempts and last_reply.
     *
     * @return the index of the next parameter
     */
    static int setRecipients(PreparedStatement ps, int first, List<QueueRecipient> rs, boolean state) throws SQLException {
        int n = rs.size();
        String[] original = new String[n];
        String[] deliverTo = new String[n];
        String[] account = new String[n];
        Boolean[] forwarded = new Boolean[n];
        String[] mailFrom = new String[n];
        String[] states = new String[n];
        Integer[] attempts = new Integer[n];
        String[] lastReply = new String[n];
        for (int i = 0; i < n; i++) {
            QueueRecipient r = rs.get(i);
            original[i] = r.original().address();
            deliverTo[i] = r.deliverTo().address();
            account[i] = r.account();
            forwarded[i] = r.forwarded();
            mailFrom[i] = text(r.mailFrom());
            states[i] = r.state().name();
            attempts[i] = r.attempts();
            lastReply[i] = r.lastReply();
        }
        Connection c = ps.getConnection();
        int i = first;
        ps.setArray(i++, c.createArrayOf("text", original));
        ps.setArray(i++, c.createArrayOf("text", deliverTo));
        ps.setArray(i++, c.createArrayOf("text", account));
        ps.setArray(i++, c.createArrayOf("bool", forwarded));
        ps.setArray(i++, c.createArrayOf("text", mailFrom));
        if (state) {
            ps.setArray(i++, c.createArrayOf("text", states));
            ps.setArray(i++, c.createArrayOf("int4", attempts));
            ps.setArray(i++, c.createArrayOf("text", lastReply));
        }
        return i;
    }

    static String text(EmailAddress a) {
        return a == null ? null : a.address();
    }
}
