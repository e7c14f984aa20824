package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.ratelimit.RateLimitWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The token buckets of the upstream accounts in the table {@code rate_bucket}, shared by every instance: the
 * same arithmetic as core's in-process buckets (N tokens, refilled at N per window; a waiting caller reserves
 * its token, so the level may go below zero), done by the database so that all instances draw from one
 * bucket.
 *
 * <p>Taking a token is one SQL statement, one round trip: it locks the account's rows, refills them up to
 * the given time, decides, and writes the new levels. Both windows are decided together, so a message takes a
 * token from each or from neither. Time comes from the caller (microseconds since the epoch): instances
 * agree within their clock skew, and a clock that steps back never removes tokens. Why not Bucket4j's
 * PostgreSQL integration: {@code docs/scale-out.md}.
 */
final class SharedBuckets {

    /**
     * The result of one reservation, as core's in-process limiter reports it.
     *
     * @param granted whether a token was taken from every bucket of the account
     * @param waitNanos how long until the token is due (granted) or would be due (refused); 0 = now
     * @param window the limit that made it wait or refused, {@code null} when none did
     * @param limit that limit's capacity, 0 when none
     */
    record Reservation(boolean granted, long waitNanos, RateLimitWindow window, long limit) {
    }

    private final PostgresDatabase db;
    private final String upsert;
    private final String delete;
    private final String reserve;
    private final String giveBack;

    SharedBuckets(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
        String t = db.table("rate_bucket");
        // A changed capacity keeps what was earned under the old one, capped at the new capacity.
        upsert = "INSERT INTO " + t + " AS b (account, period_ms, capacity, tokens, updated_us) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (account, period_ms) DO UPDATE SET"
                + " tokens = least(excluded.capacity::float8, b.tokens"
                + "   + greatest(excluded.updated_us - b.updated_us, 0) * b.capacity / (b.period_ms * 1000.0)),"
                + " updated_us = greatest(b.updated_us, excluded.updated_us), capacity = excluded.capacity"
                + " WHERE b.capacity <> excluded.capacity";
        delete = "DELETE FROM " + t + " WHERE account = ? AND period_ms = ?";
        // cur locks the rows (a concurrent caller waits, then sees the new levels: READ COMMITTED re-reads a
        // locked row), w computes each bucket's wait, v decides for all, the UPDATE runs whether or not the final
        // SELECT reads it, and the final SELECT reports the bucket that waits longest.
        reserve = "WITH cur AS ("
                + "  SELECT period_ms, capacity, greatest(updated_us, ?) AS at,"
                + "         least(capacity::float8, tokens + greatest(? - updated_us, 0) * capacity / (period_ms * 1000.0)) AS level"
                + "  FROM " + t + " WHERE account = ? FOR UPDATE),"
                + " w AS (SELECT period_ms, capacity, at, level,"
                + "   CASE WHEN level >= 1 - 1e-9 THEN 0::bigint"
                + "        ELSE ceil((1 - level) * period_ms * 1000000.0 / capacity)::bigint END AS wait_ns FROM cur),"
                + " v AS (SELECT coalesce(max(wait_ns), 0) <= ? AS granted FROM w),"
                + " upd AS (UPDATE " + t + " b SET tokens = w.level - CASE WHEN v.granted THEN 1 ELSE 0 END,"
                + "   updated_us = w.at FROM w, v WHERE b.account = ? AND b.period_ms = w.period_ms RETURNING 1)"
                + " SELECT v.granted, w.period_ms, w.capacity, w.wait_ns FROM v LEFT JOIN w ON true"
                + " ORDER BY w.wait_ns DESC NULLS LAST, w.period_ms DESC LIMIT 1";
        giveBack = "UPDATE " + t + " SET tokens = least(capacity::float8, tokens + 1) WHERE account = ?";
    }

    /**
     * Makes the account's buckets match its limits: a new one starts full, a changed capacity keeps the level
     * (capped), a limit of 0 removes its bucket. Idempotent; every instance calls it with its configuration.
     *
     * @param account the account key (lower case)
     * @param perMinute {@code rate_limit_per_minute}, 0 = none
     * @param perDay {@code rate_limit_per_day}, 0 = none
     * @param nowMicros the caller's time, microseconds since the epoch
     * @throws DatabaseException if the database cannot be written
     */
    void configure(String account, long perMinute, long perDay, long nowMicros) {
        try (Connection c = db.connection()) {
            configure(c, account, RateLimitWindow.PER_MINUTE, perMinute, nowMicros);
            configure(c, account, RateLimitWindow.PER_DAY, perDay, nowMicros);
        } catch (SQLException e) {
            throw db.failure("cannot configure the rate limits of account " + account, e);
        }
    }

    private void configure(Connection c, String account, RateLimitWindow window, long capacity, long nowMicros)
            throws SQLException {
        long periodMs = window.period().toMillis();
        if (capacity <= 0) {
            try (PreparedStatement ps = c.prepareStatement(delete)) {
                ps.setString(1, account);
                ps.setLong(2, periodMs);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setString(1, account);
            ps.setLong(2, periodMs);
            ps.setLong(3, capacity);
            ps.setDouble(4, capacity);
            ps.setLong(5, nowMicros);
            ps.executeUpdate();
        }
    }

    /**
     * Takes a token from each of the account's buckets if every one has it within {@code maxWaitNanos};
     * otherwise takes nothing. One statement, atomic against every other instance.
     *
     * @param account the account key, {@linkplain #configure configured} before
     * @param nowMicros the caller's time, microseconds since the epoch
     * @param maxWaitNanos how long the caller would wait for a token; 0 = only a token available now
     * @return the outcome; granted with no window when the account has no bucket (no limit)
     * @throws DatabaseException if the database cannot be reached
     */
    Reservation reserve(String account, long nowMicros, long maxWaitNanos) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(reserve)) {
            ps.setLong(1, nowMicros);
            ps.setLong(2, nowMicros);
            ps.setString(3, account);
            ps.setLong(4, maxWaitNanos);
            ps.setString(5, account);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean granted = rs.getBoolean(1);
                long periodMs = rs.getLong(2);
                if (rs.wasNull()) {
                    return new Reservation(granted, 0, null, 0);
                }
                long wait = rs.getLong(4);
                RateLimitWindow window = periodMs == RateLimitWindow.PER_DAY.period().toMillis()
                        ? RateLimitWindow.PER_DAY : RateLimitWindow.PER_MINUTE;
                return wait == 0 ? new Reservation(granted, 0, null, 0)
                        : new Reservation(granted, wait, window, rs.getLong(3));
            }
        } catch (SQLException e) {
            throw db.failure("cannot take a rate-limit token for account " + account, e);
        }
    }

    /**
     * Returns a reserved token that was not used (its caller was interrupted while waiting).
     *
     * @param account the account key
     * @throws DatabaseException if the database cannot be written
     */
    void giveBack(String account) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(giveBack)) {
            ps.setString(1, account);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw db.failure("cannot give back a rate-limit token of account " + account, e);
        }
    }
}
