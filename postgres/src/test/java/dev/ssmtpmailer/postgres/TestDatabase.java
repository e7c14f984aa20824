package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.testing.Peers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway schema on the {@code postgres.sh} peer: each test gets its own, so tests never see each other's
 * rows; {@link #close()} drops it. Skips the test (fails with {@code SSMTP_REQUIRE_PEERS=1}) without the peer.
 */
final class TestDatabase implements AutoCloseable {
    final Peers.Postgres peer;
    final String schema;

    private TestDatabase(Peers.Postgres peer, String schema) {
        this.peer = peer;
        this.schema = schema;
    }

    static TestDatabase create() {
        Peers.Postgres peer = Peers.postgres();
        String schema = "t_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                .toLowerCase(Locale.ROOT);
        return new TestDatabase(peer, schema);
    }

    PostgresSettings.Builder settings() {
        return PostgresSettings.builder(peer.url()).user(peer.user()).password(Secret.of(peer.password()))
                .schema(schema).maxPoolSize(4);
    }

    PostgresDatabase connect() {
        return PostgresDatabase.connect(settings().build());
    }

    /** @return a connection outside any pool, for looking at the tables as an operator would */
    Connection direct() throws SQLException {
        return DriverManager.getConnection(peer.url(), peer.user(), peer.password());
    }

    long count(String sql) throws SQLException {
        try (Connection c = direct(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
