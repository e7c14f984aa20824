package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.SpoolException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@code queue list} over a server-side cursor: rows are fetched {@value #FETCH} at a time as the stream is
 * consumed, so 10,000 waiting messages are never in memory at once. The stream holds a connection (and a
 * read-only transaction, which a cursor needs) until it is closed.
 */
final class QueueListing {
    private static final int FETCH = 500;

    private QueueListing() {
    }

    /**
     * @param sql the listing
     * @param parameters how many parameters it has; each is the limit
     * @param limit the limit
     */
    static Stream<QueueEntry> stream(PostgresDatabase db, String sql, int parameters, int limit) {
        Connection c = db.connection();
        try {
            c.setAutoCommit(false); // pgjdbc uses a cursor (fetch size) only inside a transaction
            c.setReadOnly(true);
            PreparedStatement ps = c.prepareStatement(sql);
            ps.setFetchSize(FETCH);
            for (int i = 1; i <= parameters; i++) {
                ps.setInt(i, limit);
            }
            ResultSet rs = ps.executeQuery();
            Cursor cursor = new Cursor(rs);
            return StreamSupport.stream(cursor, false).onClose(() -> close(db, c));
        } catch (SQLException e) {
            close(db, c);
            throw new SpoolException(db.url(), "cannot list the queue", db.failure("cannot list the queue", e));
        }
    }

    private static void close(PostgresDatabase db, Connection c) {
        try (c) {
            c.rollback();
            c.setReadOnly(false);
        } catch (SQLException e) {
            throw new SpoolException(db.url(), "cannot end the queue listing", db.failure("cannot end the queue listing", e));
        }
    }

    /** Groups consecutive rows of one message into its entry. */
    private static final class Cursor extends Spliterators.AbstractSpliterator<QueueEntry> {
        private final ResultSet rs;
        private Boolean onRow;

        Cursor(ResultSet rs) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.rs = rs;
        }

        @Override
        public boolean tryAdvance(Consumer<? super QueueEntry> action) {
            try {
                if (onRow == null) {
                    onRow = rs.next();
                }
                if (!onRow) {
                    return false;
                }
                QueueRows.Read r = QueueRows.read(rs);
                onRow = r.hasRow();
                action.accept(r.entry());
                return true;
            } catch (SQLException e) {
                throw new SpoolException("queue listing", "cannot read the queue", e);
            }
        }
    }
}
