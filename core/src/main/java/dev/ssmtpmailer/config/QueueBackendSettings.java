package dev.ssmtpmailer.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Where the queue and the rate limits live: the {@code [global]} keys {@code queue_backend},
 * {@code database_url}, {@code database_user}, {@code database_password[_file|_env]}, {@code database_schema},
 * {@code instance_id} and {@code queue_lease}. With {@code file} (the default) the others are not used; with
 * {@code postgres} the module {@code ssmtp-mailer-postgres} keeps both in the database, shared by every instance
 * that uses it (see {@code docs/scale-out.md}).
 *
 * @param backend {@code file} or {@code postgres} (checked by the validator), as written
 * @param databaseUrl the JDBC URL, or {@code null}; printed through {@link #redactUrl}
 * @param databaseUser the role, or {@code null}
 * @param databasePassword the role's password, or {@code null}; never printed
 * @param databaseSchema the relay's schema, default {@code ssmtp_mailer}
 * @param instanceId this instance's name in leases, or {@code null} for host name and process id
 * @param lease how long a claimed message stays an instance's own, default 2 minutes
 */
public record QueueBackendSettings(String backend, String databaseUrl, String databaseUser, Secret databasePassword,
                                   String databaseSchema, String instanceId, Duration lease) {

    /** {@code queue_backend = file}: the spool directory and in-memory rate limits. */
    public static final String FILE = "file";
    /** {@code queue_backend = postgres}: the shared database. */
    public static final String POSTGRES = "postgres";
    /**
     * The longest {@code queue_lease} (and {@code Spool.Builder.claimAs} lease): a day. A crashed instance's
     * messages wait that long at most; far longer would overflow {@code now + lease}.
     */
    public static final Duration MAX_LEASE = Duration.ofDays(1);

    /** @return the defaults: the file backend */
    public static QueueBackendSettings defaults() {
        return new QueueBackendSettings(ConfigKeys.QUEUE_BACKEND.defaultValue(), null, null, null,
                ConfigKeys.DATABASE_SCHEMA.defaultValue(), null, ConfigKeys.QUEUE_LEASE.defaultValue());
    }

    /** @return whether the queue and limits are in PostgreSQL */
    public boolean postgres() {
        return backend != null && POSTGRES.equals(backend.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * @param url a JDBC URL, or {@code null}
     * @return the URL with the value of every {@code password=} parameter (any case, also {@code sslpassword=})
     *         replaced by {@value Secret#MASK}, safe to print (pgjdbc takes the password from the URL too); {@code null}
     *         for {@code null}
     */
    public static String redactUrl(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1" + Secret.MASK);
    }

    /** Never the password, neither {@code databasePassword} nor one inside the URL. */
    @Override
    public String toString() {
        return "QueueBackendSettings[" + backend + (postgres() ? ", " + redactUrl(databaseUrl) + ", user " + databaseUser
                + ", schema " + databaseSchema + ", instance " + instanceId + ", lease " + lease : "") + "]";
    }
}
