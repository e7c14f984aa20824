package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.ratelimit.AccountLimits;
import dev.ssmtpmailer.ratelimit.RateLimitStore;
import dev.ssmtpmailer.ratelimit.RateLimitWindow;
import dev.ssmtpmailer.ratelimit.Reservation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token buckets of the upstream accounts in the table {@code rate_bucket}, shared by every instance that
 * uses the schema: the model of {@link RateLimitStore}, with the arithmetic done by the database so that all
 * instances draw from one bucket per account and window.
 *
 * <p>Taking a token is one SQL statement, one round trip: it locks the account's rows, refills them up to
 * {@code now}, decides for both windows together (a token from each, or from neither), and writes the new
 * levels. The rows are created or resized by a separate idempotent upsert, run only when this process sees
 * limits it has not applied yet (its first take for the account, or a new configuration); the capacity in the
 * table is then the one the last instance configured. Why not Bucket4j's PostgreSQL integration:
 * {@code docs/scale-out.md}.
 */
final class PgRateLimitStore implements RateLimitStore {
    private static final double EPSILON = 1e-9;

    private final PostgresDatabase db;
    /** The limits this process last wrote per account key: a take with the same limits needs no upsert. */
    private final Map<String, AccountLimits> applied = new ConcurrentHashMap<>();
    private final String upsert;
    private final String delete;
    private final String reserve;
    private final String giveBack;

    PgRateLimitStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
        String t = db.table("rate_bucket");
        // Refill at the old capacity up to now, then keep the level capped at the new capacity.
        upsert = "INSERT INTO " + t + " AS b (account, period_ms, capacity, tokens, updated_us) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (account, period_ms) DO UPDATE SET"
                + " tokens = least(excluded.capacity::float8, b.tokens"
                + "   + greatest(excluded.updated_us - b.updated_us, 0) * b.capacity / (b.period_ms * 1000.0)),"
                + " updated_us = greatest(b.updated_us, excluded.updated_us), capacity = excluded.capacity"
                + " WHERE b.capacity <> excluded.capacity";
        delete = "DELETE FROM " + t + " WHERE account = ? AND period_ms = ?";
        // cur locks the account's rows: a concurrent caller waits, then reads the new levels (READ COMMITTED
        // re-reads a locked row). w computes each bucket's wait, v decides for all of them, the UPDATE runs
        // whether or not the final SELECT reads it, and the final SELECT reports the bucket that waits longest
        // (the day window on a tie). No row at all (the buckets vanished) reports a NULL period.
        reserve = "WITH cur AS ("
                + "  SELECT period_ms, capacity, greatest(updated_us, ?) AS at,"
                + "         least(capacity::float8, tokens + greatest(? - updated_us, 0) * capacity / (period_ms * 1000.0))"
                + "           AS level"
                + "  FROM " + t + " WHERE account = ? FOR UPDATE),"
                + " w AS (SELECT period_ms, capacity, at, level,"
                + "   CASE WHEN level >= 1 - " + EPSILON + " THEN 0::bigint"
                + "        ELSE ceil((1 - level) * period_ms * 1000000.0 / capacity)::bigint END AS wait_ns FROM cur),"
                + " v AS (SELECT coalesce(max(wait_ns), 0) <= ? AS granted FROM w),"
                + " upd AS (UPDATE " + t + " b SET tokens = w.level - CASE WHEN v.granted THEN 1 ELSE 0 END,"
                + "   updated_us = w.at FROM w, v WHERE b.account = ? AND b.period_ms = w.period_ms RETURNING 1)"
                + " SELECT v.granted, w.period_ms, w.capacity, w.wait_ns FROM v LEFT JOIN w ON true"
                + " ORDER BY w.wait_ns DESC NULLS LAST, w.period_ms DESC LIMIT 1";
        giveBack = "UPDATE " + t + " SET tokens = least(capacity::float8, tokens + 1) WHERE account = ?";
    }

    @Override
    public Reservation take(AccountId account, AccountLimits limits, Instant now, Duration maxWait) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(now, "now");
        if (Objects.requireNonNull(maxWait, "maxWait").isNegative()) {
            throw new IllegalArgumentException("maximum wait must not be negative, was " + maxWait);
        }
        String key = account.key();
        if (!limits.equals(applied.get(key))) {
            configure(key, limits, now);
        }
        if (limits.unlimited()) {
            return Reservation.NOW;
        }
        Reservation r = reserve(key, now, maxWait);
        if (r == null) { // another instance dropped the buckets (its limits are 0): ours apply again
            configure(key, limits, now);
            r = reserve(key, now, maxWait);
        }
        return r == null ? Reservation.NOW : r;
    }

    @Override
    public void giveBack(AccountId account, AccountLimits limits, Instant now) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(now, "now");
        // No refill needed first: a later refill caps the level at the capacity anyway.
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(giveBack)) {
            ps.setString(1, account.key());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw db.failure("cannot give back a rate-limit token of account " + account.name(), e);
        }
    }

    @Override
    public void reconfigure(Map<AccountId, AccountLimits> accounts, Instant now) {
        Objects.requireNonNull(now, "now");
        // Accounts not listed are kept: other instances may still send through them.
        Objects.requireNonNull(accounts, "accounts").forEach((id, limits) -> configure(id.key(), limits, now));
    }

    /**
     * Makes the account's rows match its limits: a new bucket starts full, a changed capacity keeps the level
     * (capped), a limit of 0 removes its bucket. Idempotent: every instance runs it with its configuration.
     */
    private void configure(String key, AccountLimits limits, Instant now) {
        long nowMicros = micros(now);
        try (Connection c = db.connection()) {
            for (RateLimitWindow window : RateLimitWindow.values()) {
                long capacity = limits.of(window);
                long periodMs = window.period().toMillis();
                if (capacity <= 0) {
                    try (PreparedStatement ps = c.prepareStatement(delete)) {
                        ps.setString(1, key);
                        ps.setLong(2, periodMs);
                        ps.executeUpdate();
                    }
                } else {
                    try (PreparedStatement ps = c.prepareStatement(upsert)) {
                        ps.setString(1, key);
                        ps.setLong(2, periodMs);
                        ps.setLong(3, capacity);
                        ps.setDouble(4, capacity);
                        ps.setLong(5, nowMicros);
                        ps.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            throw db.failure("cannot configure the rate limits of account " + key, e);
        }
        applied.put(key, limits);
    }

    /** @return the reservation, or {@code null} when the account has no bucket rows */
    private Reservation reserve(String key, Instant now, Duration maxWait) {
        long nowMicros = micros(now);
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(reserve)) {
            ps.setLong(1, nowMicros);
            ps.setLong(2, nowMicros);
            ps.setString(3, key);
            ps.setLong(4, saturatedNanos(maxWait));
            ps.setString(5, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean granted = rs.getBoolean(1);
                long periodMs = rs.getLong(2);
                if (rs.wasNull()) {
                    return null;
                }
                long waitNanos = rs.getLong(4);
                if (waitNanos == 0) {
                    return Reservation.NOW;
                }
                RateLimitWindow window = periodMs == RateLimitWindow.PER_DAY.period().toMillis()
                        ? RateLimitWindow.PER_DAY : RateLimitWindow.PER_MINUTE;
                return new Reservation(granted, Duration.ofNanos(waitNanos), window, rs.getLong(3));
            }
        } catch (SQLException e) {
            throw db.failure("cannot take a rate-limit token for account " + key, e);
        }
    }

    private static long micros(Instant now) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, now);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "PgRateLimitStore[" + db + "]";
    }
}
