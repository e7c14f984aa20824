package dev.ssmtpmailer.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.ratelimit.RateLimitStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database of the shared queue and rate limits: a connection pool (the relay's own HikariCP pool, or the
 * application's {@link DataSource}) and the relay's schema, migrated by Flyway at start. Open one per process
 * and hand it to the queue store and the rate limiter; close it last.
 *
 * <pre>{@code
 * try (PostgresDatabase db = PostgresDatabase.connect(settings)) {      // pool + migrations, or a clear error
 *     ...
 * }
 * PostgresDatabase db = PostgresDatabase.using(applicationDataSource, settings);   // Spring: not closed by us
 * PostgresDatabase db = PostgresDatabase.forCommand(settings);   // one connection, schema checked, not migrated
 * }</pre>
 *
 * <p>The schema and its history table ({@value #HISTORY_TABLE}) belong to the relay; nothing outside the schema
 * is read or written. A start reads the history table with one query; Flyway runs only when that finds the
 * schema missing, older than this code or with a failed migration on record (a current schema's start runs no
 * Flyway code). A schema newer than this code is refused. Several instances may start at once: Flyway serialises
 * their migrations with an advisory lock.
 */
public final class PostgresDatabase implements AutoCloseable {
    /** Flyway's history table inside the relay's schema. */
    public static final String HISTORY_TABLE = "ssmtp_mailer_schema_history";
    private static final String MIGRATIONS = "classpath:dev/ssmtpmailer/postgres/migration";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);

    /**
     * SQLSTATEs that mean "the database is not there right now" rather than "this statement is wrong":
     * connection failures (class 08), shutdown and start-up (57P01-57P03), too many connections (53300),
     * serialization failure and deadlock (40001, 40P01: retrying the transaction succeeds).
     */
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300", "40001", "40P01");

    private final PostgresSettings settings;
    private final DataSource dataSource;
    /** The relay's own pool or command connection, closed by {@link #close()}; {@code null} for an application's. */
    private final AutoCloseable owned;
    private final String url;

    private PostgresDatabase(PostgresSettings settings, DataSource dataSource, AutoCloseable owned, String url) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.owned = owned;
        this.url = url;
    }

    /**
     * Opens the relay's own connection pool on {@link PostgresSettings#url()}, checks that the database answers
     * and migrates the schema if it is missing, older than this code or has a failed migration on record (unless
     * {@link PostgresSettings#migrate()} is off). The pool's second idle connection is made in the background: the
     * start waits for one.
     *
     * @param settings where and who
     * @return the open database
     * @throws DatabaseException if the database cannot be reached, refuses the login or cannot be migrated, or its
     *         schema is newer than this code; the message names the URL, never the password
     */
    public static PostgresDatabase connect(PostgresSettings settings) {
        Objects.requireNonNull(settings, "settings");
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("ssmtp-mailer-postgres");
        hc.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            hc.setUsername(settings.user());
        }
        if (settings.password() != null) {
            hc.setPassword(settings.password().reveal());
        }
        hc.setMaximumPoolSize(settings.maxPoolSize());
        // serve logs in two or three times at start, by design. The first connection (the schema check, then
        // statements) is made here, the others by Hikari in the background: the notification listener (WakeUps) holds
        // one for the life of the pool, as LISTEN needs a connection of its own, and as a held connection is not
        // idle, Hikari tops the idle ones up to two, often a third login before listening. With one idle connection
        // that login would come in the first burst of clients instead, on a cold JVM (measured under load: 3 logins
        // became 2, start time and CPU within the noise).
        hc.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        // An SMTP client waits for our answer: better a quick 451 than a hung session when the database is gone.
        hc.setConnectionTimeout(5_000);
        hc.setValidationTimeout(2_000);
        hc.setInitializationFailTimeout(5_000);
        driverProperties(settings).forEach(hc::addDataSourceProperty);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DatabaseException(settings.redactedUrl(), "cannot connect to the queue database: "
                    + describe(cause), cause instanceof SQLException s ? isTransient(s) : true, cause);
        }
        return started(new PostgresDatabase(settings, pool, pool, settings.redactedUrl()), true);
    }

    /**
     * Opens the database for a short command ({@code ssmtp-mailer queue list|show|retry|purge}): one plain
     * connection instead of a pool, nobody listening for notifications, and the schema checked with one query,
     * never migrated. Its {@link #queueStore()} reads and applies control requests; it is not for a spool.
     *
     * @param settings where and who (the pool size is not used)
     * @return the open database
     * @throws DatabaseException if the database cannot be reached or refuses the login, or the schema is missing,
     *         older or newer than this code (the message says which, and that {@code serve} migrates it)
     */
    public static PostgresDatabase forCommand(PostgresSettings settings) {
        Objects.requireNonNull(settings, "settings");
        OneConnection one = new OneConnection(settings, driverProperties(settings));
        return started(new PostgresDatabase(settings, one, one, settings.redactedUrl()), false);
    }

    /** @return the driver's properties of every connection the relay opens itself */
    private static java.util.Map<String, String> driverProperties(PostgresSettings settings) {
        return java.util.Map.of("ApplicationName", "ssmtp-mailer " + settings.instanceId(), "connectTimeout", "5",
                "tcpKeepAlive", "true");
    }

    private static PostgresDatabase started(PostgresDatabase db, boolean mayMigrate) {
        try {
            db.start(mayMigrate);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * Uses the application's pool (Spring's {@code DataSource}); {@link #close()} leaves it open. The URL, user and
     * password of the settings are not used; the schema, instance id, lease and migration switch are.
     *
     * @param dataSource the application's data source
     * @param settings the relay's schema, instance id and lease
     * @return the database, migrated
     * @throws DatabaseException if the database cannot be reached or migrated
     */
    public static PostgresDatabase using(DataSource dataSource, PostgresSettings settings) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(settings, "settings");
        String url = settings.redactedUrl();
        try (Connection c = dataSource.getConnection()) {
            url = PostgresSettings.withoutParameters(c.getMetaData().getURL());
        } catch (SQLException e) {
            throw new DatabaseException(url, "cannot connect to the queue database: " + describe(e), isTransient(e), e);
        }
        return started(new PostgresDatabase(settings, dataSource, null, url), true);
    }

    /**
     * Checks the server's version and the schema's (one query), and migrates only a missing or older schema (or
     * lets Flyway report a failed migration).
     */
    private void start(boolean mayMigrate) {
        SchemaCheck.Result schema = null;
        try (Connection c = dataSource.getConnection()) {
            int major = c.getMetaData().getDatabaseMajorVersion();
            if (major < 15) {
                throw new DatabaseException(url, "PostgreSQL 15 or later is needed, the server is "
                        + c.getMetaData().getDatabaseProductVersion(), false, null);
            }
            if (settings.migrate()) {
                schema = SchemaCheck.read(c, settings.schema());
            }
        } catch (SQLException e) {
            throw failure("cannot connect to the queue database", e);
        }
        if (schema != null && schema.state() != SchemaCheck.State.CURRENT) {
            if (!mayMigrate || schema.state() == SchemaCheck.State.AHEAD) {
                throw new DatabaseException(url, SchemaCheck.describe(settings.schema(), schema), false, null);
            }
            migrate(); // a failed migration in the history: Flyway's own error says what to repair
        }
        LOG.debug("queue database {} schema {} ready for instance {}", url, settings.schema(), settings.instanceId());
    }

    private void migrate() {
        try {
            var result = Flyway.configure(PostgresDatabase.class.getClassLoader())
                    .dataSource(dataSource)
                    .schemas(settings.schema())
                    .createSchemas(true)
                    .table(HISTORY_TABLE)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .cleanDisabled(true)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("queue database schema {} migrated to version {}", settings.schema(), result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            SQLException sql = sqlCause(e);
            throw new DatabaseException(url, "cannot migrate the queue schema " + settings.schema() + ": "
                    + (sql != null ? describe(sql) : e.getMessage()), sql != null && isTransient(sql), e);
        }
    }

    /**
     * Opens the queue in this database: core's {@link QueueStore} for
     * {@code Spool.builder(config, pipeline).store(..)}. It listens for the other instances' notifications on one
     * connection of the pool until it is closed; closing it leaves this database open.
     *
     * @return a new queue store
     */
    public QueueStore queueStore() {
        return new PgQueueStore(this);
    }

    /**
     * @return core's {@link RateLimitStore} on this database, for {@code RateLimiter.create(config, store)}:
     *         the accounts' limits hold for every instance together
     */
    public RateLimitStore rateLimitStore() {
        return new PgRateLimitStore(this);
    }

    /** @return the settings this database was opened with */
    public PostgresSettings settings() {
        return settings;
    }

    /** @return whether this database has a pool that can spare a connection to listen for notifications */
    boolean listens() {
        return !(owned instanceof OneConnection);
    }

    /** @return the pool: the relay's own or the application's (for {@link #forCommand}: its one connection) */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return the database URL without password, for messages and logs */
    public String url() {
        return url;
    }

    /**
     * @param table a table or sequence of the relay's schema
     * @return its name qualified with the schema, for SQL text (the schema is a checked identifier)
     */
    String table(String table) {
        return settings.schema() + "." + table;
    }

    /**
     * @return a pooled connection
     * @throws DatabaseException if none can be had (database down, pool exhausted beyond its timeout)
     */
    Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw failure("cannot get a connection to the queue database", e);
        }
    }

    /** Work inside one transaction: {@link #inTransaction} commits it or rolls it back. */
    @FunctionalInterface
    interface Work<T> {
        /**
         * @param c the transaction's connection (auto-commit off)
         * @return the result
         * @throws SQLException if a statement fails
         * @throws java.io.IOException if the work's input fails (an accept's message stream)
         */
        T run(Connection c) throws SQLException, java.io.IOException;
    }

    /**
     * Runs {@code work} in one transaction on a pooled connection: committed when it returns, rolled back when it
     * throws (the failure of the rollback itself is added as suppressed).
     *
     * @param work the statements
     * @return what the work returned
     * @throws SQLException if a statement or the commit fails
     * @throws java.io.IOException if the work's input fails
     * @throws DatabaseException if no connection can be had
     */
    <T> T inTransaction(Work<T> work) throws SQLException, java.io.IOException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | java.io.IOException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        }
    }

    /**
     * @param what what was being done, e.g. {@code "cannot store the message"}
     * @param e the driver's exception
     * @return the exception to throw, naming the URL and telling transient failures apart
     */
    DatabaseException failure(String what, SQLException e) {
        return new DatabaseException(url, what + ": " + describe(e), isTransient(e), e);
    }

    /**
     * @param e a driver exception
     * @return whether it means the database is unavailable for now, not that the statement is wrong
     */
    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || TRANSIENT_STATES.contains(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String state = e instanceof SQLException s && s.getSQLState() != null ? " [" + s.getSQLState() + "]" : "";
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message + state;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    /** Closes the relay's own pool or connection; an application's {@code DataSource} is left alone. */
    @Override
    public void close() {
        if (owned instanceof HikariDataSource pool) {
            pool.close();
        } else if (owned instanceof OneConnection one) {
            one.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + url + ", schema " + settings.schema() + ", instance " + settings.instanceId() + "]";
    }
}
