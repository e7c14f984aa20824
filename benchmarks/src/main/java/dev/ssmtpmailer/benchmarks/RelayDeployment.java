package dev.ssmtpmailer.benchmarks;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.postgres.PostgresBackend;
import dev.ssmtpmailer.postgres.PostgresSettings;
import dev.ssmtpmailer.server.MailerService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The relay instances one benchmark row runs: {@code file} (one instance, the spool directory), {@code pg} (one
 * instance on PostgreSQL) or {@code pg3} (three instances in this JVM on one PostgreSQL schema, each with its own
 * pool, store, client and listener). PostgreSQL comes from {@code PG_URL}, {@code PG_USER}, {@code PG_PASSWORD}
 * ({@code postgres.sh}); the schema is a fresh one, dropped on close.
 */
final class RelayDeployment implements AutoCloseable {
    final String name;
    final List<MailerService> instances = new ArrayList<>();
    private final List<PostgresBackend> backends = new ArrayList<>();
    private final String schema;

    private RelayDeployment(String name, String schema) {
        this.name = name;
        this.schema = schema;
    }

    static RelayDeployment start(String name, RelayConfig config) {
        int count = switch (name) {
            case "file" -> 0;
            case "pg" -> 1;
            case "pg3" -> 3;
            default -> throw new IllegalArgumentException("backend must be file, pg or pg3, was " + name);
        };
        if (count == 0) {
            RelayDeployment d = new RelayDeployment(name, null);
            d.instances.add(server(MailerService.builder(config)));
            return d;
        }
        String schema = "bench_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                .toLowerCase(Locale.ROOT);
        RelayDeployment d = new RelayDeployment(name, schema);
        try {
            for (int i = 0; i < count; i++) {
                PostgresBackend b = PostgresBackend.connect(PostgresSettings.builder(env("PG_URL")).user(env("PG_USER"))
                        .password(Secret.of(env("PG_PASSWORD"))).schema(schema).instanceId("bench-" + i)
                        .maxPoolSize(24).build());
                d.backends.add(b);
                d.instances.add(server(MailerService.builder(b.applyTo(RelayAssembly.builder(config), config))));
            }
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private static MailerService server(MailerService.Builder b) {
        // smtp-source -d sends every message of a session on one connection and does not reconnect at the
        // default cap of 1000 messages per connection (Postfix has no such cap).
        return b.server(s -> s.listen("127.0.0.1", 0).limits(l -> l.maxMessagesPerConnection(Integer.MAX_VALUE))).start();
    }

    /** @return messages queued (not dead), in the shared queue for PostgreSQL */
    long depth() {
        return instances.get(0).queue().stats().depth();
    }

    /**
     * Puts {@code n} messages into the PostgreSQL queue that are due only in an hour: the queue a busy relay has
     * while an upstream defers. They stay queued during the runs; the claim must skip them through its index.
     *
     * @param n how many
     * @throws SQLException if they cannot be inserted
     */
    void addWaiting(int n) throws SQLException {
        try (Connection c = DriverManager.getConnection(env("PG_URL"), env("PG_USER"), env("PG_PASSWORD"));
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".message (id, created, sender, size, rewrite_from, next_attempt)"
                    + " SELECT 'WAIT-' || g, now(), 'bench@example.org', 1024, false, now() + interval '1 hour'"
                    + " FROM generate_series(1, " + n + ") g");
            s.execute("INSERT INTO " + schema + ".recipient (message_id, position, original, deliver_to, account,"
                    + " forwarded, state) SELECT id, 0, 'contact-sales@mailer.domain1.com', 'contact-sales@domain1.com',"
                    + " 'bench@domain1.com', true, 'PENDING' FROM " + schema + ".message WHERE id LIKE 'WAIT-%'");
            s.execute("ANALYZE " + schema + ".message");
        }
    }

    @Override
    public void close() {
        for (MailerService m : instances) {
            m.close();
        }
        for (PostgresBackend b : backends) {
            b.close();
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(env("PG_URL"), env("PG_USER"), env("PG_PASSWORD"));
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("# could not drop the benchmark schema " + schema + ": " + e.getMessage());
            }
        }
    }

    private static String env(String key) {
        String v = System.getenv(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(key + " is not set: start /work/shared/peers/postgres.sh and export its facts");
        }
        return v;
    }
}
