package dev.ssmtpmailer.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Where the relay's schema stands against the migrations this code carries, read with one query on Flyway's
 * history table ({@value PostgresDatabase#HISTORY_TABLE}). Flyway itself is started only when this says the
 * schema is not {@linkplain State#CURRENT current}: loading it and letting it scan its migrations and validate the
 * history costs 1 to 3 s of a start, the query a few milliseconds (see {@code docs/performance.md}, goal 4).
 */
final class SchemaCheck {
    /**
     * The version of the last migration in {@code dev/ssmtpmailer/postgres/migration} ({@code V1__...}); a test
     * checks that it names the last file there. Raise it with every new migration.
     */
    static final String LATEST = "1";

    /** Where the schema stands. */
    enum State {
        /** At {@link #LATEST}: nothing to migrate. */
        CURRENT,
        /** No history table: a fresh database, or another {@code database_schema}. */
        MISSING,
        /** Migrated to an older version than this code's. */
        BEHIND,
        /** Migrated by a newer version of the relay: this code does not know the tables. */
        AHEAD,
        /** A migration failed and was left in the history: Flyway's {@code repair} or an operator must look. */
        FAILED
    }

    /**
     * @param state where the schema stands
     * @param applied the highest version applied successfully, {@code null} if none
     */
    record Result(State state, String applied) {
    }

    private SchemaCheck() {
    }

    /**
     * @param c a connection in auto-commit (a missing table fails the statement, nothing else)
     * @param schema the relay's schema, a checked identifier
     * @return where the schema stands
     * @throws SQLException if the query fails for another reason than a missing schema or table
     */
    static Result read(Connection c, String schema) throws SQLException {
        String sql = "SELECT version, success FROM " + schema + "." + PostgresDatabase.HISTORY_TABLE
                + " WHERE version IS NOT NULL";
        String applied = null;
        boolean failed = false;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    failed = true;
                } else if (applied == null || compare(rs.getString(1), applied) > 0) {
                    applied = rs.getString(1);
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) { // undefined table, schema
                return new Result(State.MISSING, null);
            }
            throw e;
        }
        if (failed) {
            return new Result(State.FAILED, applied);
        }
        int cmp = applied == null ? -1 : compare(applied, LATEST);
        return new Result(cmp == 0 ? State.CURRENT : cmp < 0 ? State.BEHIND : State.AHEAD, applied);
    }

    /**
     * @param schema the relay's schema
     * @param result a check's result that is not {@link State#CURRENT}
     * @return what an operator reads: where the schema stands and what to do
     * @throws IllegalArgumentException for a current schema, which has nothing to report
     */
    static String describe(String schema, Result result) {
        return switch (result.state()) {
            case CURRENT -> throw new IllegalArgumentException("the queue schema " + schema + " is current");
            case MISSING -> "the queue schema " + schema + " does not exist yet (no table " + schema + "."
                    + PostgresDatabase.HISTORY_TABLE + "): start `ssmtp-mailer serve` once, which creates it,"
                    + " or check database_schema";
            case BEHIND -> "the queue schema " + schema + " is at version " + result.applied() + ", this ssmtp-mailer"
                    + " needs version " + LATEST + ": start `ssmtp-mailer serve` of this version once, which migrates it";
            case AHEAD -> "the queue schema " + schema + " is at version " + result.applied() + ", newer than this"
                    + " ssmtp-mailer knows (" + LATEST + "): use the ssmtp-mailer version that migrated it";
            case FAILED -> "a migration of the queue schema " + schema + " failed and is recorded in " + schema + "."
                    + PostgresDatabase.HISTORY_TABLE + " (success = false): fix the cause, then delete that row";
        };
    }

    /** Compares Flyway versions ({@code 1}, {@code 1.2}, {@code 10}) part by part as numbers. */
    static int compare(String a, String b) {
        long[] x = parts(a);
        long[] y = parts(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long[] parts(String version) {
        return Arrays.stream(version.split("[._]")).mapToLong(Long::parseLong).toArray();
    }
}
