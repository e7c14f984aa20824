package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.config.QueueBackendSettings;
import dev.ssmtpmailer.config.Secret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the shared queue and rate limits live and who this instance is: the {@code [global]} keys
 * {@code database_url}, {@code database_user}, {@code database_password[_file|_env]}, {@code database_schema},
 * {@code instance_id} and {@code queue_lease}.
 *
 * <pre>{@code
 * PostgresSettings settings = PostgresSettings.builder("jdbc:postgresql://db:5432/mail")
 *         .user("relay").password(Secret.fromEnv("RELAY_DB_PASSWORD")).build();
 * }</pre>
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://host:port/database}; used only when the relay makes its own
 *        pool (an application's {@code DataSource} carries its own)
 * @param user the database role, {@code null} to leave it to the URL or the driver
 * @param password the role's password, {@code null} for none; never printed
 * @param schema the relay's own schema, default {@value #DEFAULT_SCHEMA}; created by the migration
 * @param instanceId this instance's name in leases, default host name and process id
 * @param lease how long a worker holds a message it took before other instances may take it over; renewed while
 *        the attempt runs, so it bounds how long a dead instance's messages wait; default 2 minutes
 * @param migrate whether to run the schema migrations at start (default); off, the schema must be up to date
 * @param maxPoolSize connections of the relay's own pool (default {@value #DEFAULT_POOL_SIZE}: the delivery workers
 *        ({@code max_connections}, 10 by default), the inbound sessions' accepts, the listening connection); ignored
 *        with an application's {@code DataSource}
 */
public record PostgresSettings(String url, String user, Secret password, String schema, String instanceId,
                               Duration lease, boolean migrate, int maxPoolSize) {

    /** The schema used unless {@code database_schema} names another. */
    public static final String DEFAULT_SCHEMA = "ssmtp_mailer";
    /** Connections of the relay's own pool unless told otherwise. */
    public static final int DEFAULT_POOL_SIZE = 20;
    /** The lease used unless {@code queue_lease} says otherwise: 2 minutes. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

    /** Lower-case SQL identifiers that need no quoting; short enough for the notification channel's suffix. */
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,47}");

    /**
     * @throws NullPointerException if {@code url}, {@code schema}, {@code instanceId} or {@code lease} is null
     * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL, the schema is not a plain
     *         lower-case identifier of at most 48 characters, the instance id is blank or longer than 200
     *         characters, the lease is shorter than 5 seconds or longer than a day, or the pool is empty
     */
    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(lease, "lease");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database URL must start with jdbc:postgresql:, was " + QueueBackendSettings.redactUrl(url));
        }
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("database schema must be a lower-case identifier (letters, digits, _) "
                    + "of at most 48 characters, was '" + schema + "'");
        }
        if (instanceId.isBlank() || instanceId.length() > 200) {
            throw new IllegalArgumentException("instance id must be 1 to 200 characters, was '" + instanceId + "'");
        }
        if (lease.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("queue lease must be at least 5s, was " + lease);
        }
        if (lease.compareTo(QueueBackendSettings.MAX_LEASE) > 0) {
            throw new IllegalArgumentException("queue lease must be at most 1d, was " + lease);
        }
        if (maxPoolSize < 2) {
            // one connection listens for notifications; the workers need at least one more
            throw new IllegalArgumentException("database pool size must be at least 2, was " + maxPoolSize);
        }
    }

    /**
     * @param url the JDBC URL
     * @return a builder with the defaults
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /**
     * @param queue the {@code [global]} keys of the configuration ({@code RelayConfig.global().queue()})
     * @return the settings they describe; {@code instance_id} unset means host name and process id
     * @throws IllegalArgumentException if {@code database_url} is missing or a value is out of range (the
     *         configuration's validator reports these first, with file and line)
     */
    public static PostgresSettings of(QueueBackendSettings queue) {
        if (queue.databaseUrl() == null) {
            throw new IllegalArgumentException("database_url is required with queue_backend = postgres");
        }
        return builder(queue.databaseUrl()).user(queue.databaseUser()).password(queue.databasePassword())
                .schema(queue.databaseSchema()).instanceId(queue.instanceId()).lease(queue.lease()).build();
    }

    /** @return the URL without the values of any {@code password} parameter, safe to print */
    public String redactedUrl() {
        return QueueBackendSettings.redactUrl(url);
    }

    /**
     * @param url a JDBC URL as a driver reports it ({@code DatabaseMetaData.getURL()}: pgjdbc appends every
     *        connection property)
     * @return the URL without its parameters, which name the database and never a password
     */
    public static String withoutParameters(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** @return {@code host-pid} of this process, the default {@code instance_id} */
    public static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + redactedUrl() + ", user " + user + ", password "
                + (password == null ? "none" : password.describe()) + ", schema " + schema + ", instance " + instanceId
                + ", lease " + lease + "]";
    }

    /** Builds {@link PostgresSettings}; {@link #build()} checks the values. */
    public static final class Builder {
        private final String url;
        private String user;
        private Secret password;
        private String schema = DEFAULT_SCHEMA;
        private String instanceId;
        private Duration lease = DEFAULT_LEASE;
        private boolean migrate = true;
        private int maxPoolSize = DEFAULT_POOL_SIZE;

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        /** @param v the database role @return this */
        public Builder user(String v) {
            user = v;
            return this;
        }

        /** @param v the role's password @return this */
        public Builder password(Secret v) {
            password = v;
            return this;
        }

        /** @param v the relay's schema @return this */
        public Builder schema(String v) {
            schema = v;
            return this;
        }

        /** @param v this instance's name in leases, default host name and pid @return this */
        public Builder instanceId(String v) {
            instanceId = v;
            return this;
        }

        /** @param v how long a taken message is held before others may take it over @return this */
        public Builder lease(Duration v) {
            lease = v;
            return this;
        }

        /** @param v whether to run the migrations at start @return this */
        public Builder migrate(boolean v) {
            migrate = v;
            return this;
        }

        /** @param v connections of the relay's own pool @return this */
        public Builder maxPoolSize(int v) {
            maxPoolSize = v;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException if a value is out of range (see {@link PostgresSettings})
         */
        public PostgresSettings build() {
            return new PostgresSettings(url, user, password, schema, instanceId == null ? defaultInstanceId() : instanceId,
                    lease, migrate, maxPoolSize);
        }
    }
}
