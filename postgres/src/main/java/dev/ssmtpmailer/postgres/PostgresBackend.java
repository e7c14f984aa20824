package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import java.io.IOException;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * A relay instance's share of the PostgreSQL backend: the database, its queue store and its rate-limit store,
 * put into a {@link RelayAssembly} so that the spool keeps its messages in the shared queue and the rate limiter
 * takes its tokens from the shared buckets.
 *
 * <pre>{@code
 * try (PostgresBackend backend = PostgresBackend.connect(settings);
 *      RelayAssembly parts = backend.applyTo(RelayAssembly.builder(config), config).build()) {
 *     Relay relay = Relay.create(parts);             // submit() goes to the shared queue
 * }
 * }</pre>
 *
 * Close the assembly first (its spool finishes the attempts in flight), then the backend.
 */
public final class PostgresBackend implements AutoCloseable {
    private final PostgresDatabase db;
    private final QueueStore store;
    private final QueueImport imports;

    private PostgresBackend(PostgresDatabase db) {
        this.db = db;
        this.store = db.queueStore();
        this.imports = new QueueImport(db);
    }

    /**
     * @param settings where the database is and who this instance is
     * @return the backend on the relay's own connection pool, schema migrated
     * @throws DatabaseException if the database cannot be reached or migrated (the URL is named, the password not)
     */
    public static PostgresBackend connect(PostgresSettings settings) {
        return new PostgresBackend(PostgresDatabase.connect(settings));
    }

    /**
     * @param config a configuration
     * @return the backend its {@code queue_backend = postgres} keys describe, connected; empty for the file backend
     * @throws DatabaseException if the database cannot be reached or migrated (the URL is named, the password not)
     */
    public static java.util.Optional<PostgresBackend> forConfig(RelayConfig config) {
        return of(config, PostgresDatabase::connect);
    }

    /**
     * The backend of a short command ({@code ssmtp-mailer queue list|show|retry|purge}): one connection, no pool,
     * the schema checked but not migrated ({@link PostgresDatabase#forCommand}). Its {@link #queueStore()} is for
     * {@code QueueControl.of(store)}, not for a spool.
     *
     * @param config a configuration
     * @return the backend its {@code queue_backend = postgres} keys describe, connected; empty for the file backend
     * @throws DatabaseException if the database cannot be reached, or its schema is missing, older or newer than
     *         this code (the message says which)
     */
    public static java.util.Optional<PostgresBackend> forCommand(RelayConfig config) {
        return of(config, PostgresDatabase::forCommand);
    }

    /** The backend of a configuration's {@code queue_backend = postgres} keys, opened as asked; empty for files. */
    private static java.util.Optional<PostgresBackend> of(RelayConfig config,
            java.util.function.Function<PostgresSettings, PostgresDatabase> open) {
        if (!config.global().queue().postgres()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new PostgresBackend(open.apply(PostgresSettings.of(config.global().queue()))));
    }

    /**
     * @param dataSource the application's pool; left open by {@link #close()}
     * @param settings the relay's schema, instance id and lease
     * @return the backend on that pool, schema migrated
     * @throws DatabaseException if the database cannot be reached or migrated
     */
    public static PostgresBackend using(DataSource dataSource, PostgresSettings settings) {
        return new PostgresBackend(PostgresDatabase.using(dataSource, settings));
    }

    /**
     * Gives the assembly a rate limiter on the shared buckets and a spool on the shared queue, claiming under
     * this instance's id with its lease.
     *
     * @param parts the assembly being built
     * @param config the configuration the assembly is built with (the limits)
     * @return {@code parts}
     */
    public RelayAssembly.Builder applyTo(RelayAssembly.Builder parts, RelayConfig config) {
        Objects.requireNonNull(parts, "parts");
        return parts.rateLimiter(rateLimiter(config)).spoolSettings(spoolSettings());
    }

    /**
     * @param config the configuration whose limits apply
     * @return a rate limiter whose buckets are the shared ones in the database
     */
    public RateLimiter rateLimiter(RelayConfig config) {
        return RateLimiter.create(config, db.rateLimitStore());
    }

    /** @return spool settings that keep the messages in the shared queue, claimed under this instance's id and lease */
    public UnaryOperator<Spool.Builder> spoolSettings() {
        PostgresSettings s = db.settings();
        return b -> b.store(store).claimAs(s.instanceId(), s.lease());
    }

    /** @return the shared queue, for {@code QueueControl.of(store)} or a spool of one's own */
    public QueueStore queueStore() {
        return store;
    }

    /**
     * Stores a message moved from another queue, typically a file spool being retired ({@code SpoolExport}), as
     * it stood there: same id, creation time, next attempt and dead-letter reason, and every recipient's state,
     * attempt count and last reply, so that no delivered recipient gets it again and its backoff and lifetime
     * go on. Committed durably before this returns; delete the original only then. Running instances are
     * notified and claim it when it is due.
     *
     * @param entry the message as the other queue holds it, queued or dead
     * @param content writes its bytes (streamed in chunks, never held whole)
     * @return {@code true} if it was stored now, {@code false} if a message with that id is already in the
     *         database (an earlier, interrupted import stored it; the original can go)
     * @throws IOException if the bytes cannot be read, their count differs from the entry's size, or the
     *         database fails (the cause is a {@link DatabaseException}); nothing of the message is stored then
     */
    public boolean importMessage(QueueEntry entry, MessageContent content) throws IOException {
        return imports.store(entry, content);
    }

    /** @return the database */
    public PostgresDatabase database() {
        return db;
    }

    /** Closes the queue store (its leases not yet attempted go back), then the relay's own pool. */
    @Override
    public void close() {
        try {
            store.close();
        } finally {
            db.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresBackend[" + db + "]";
    }
}
