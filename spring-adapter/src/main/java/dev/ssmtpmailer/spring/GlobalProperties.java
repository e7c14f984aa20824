package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.QueueBackendSettings;
import dev.ssmtpmailer.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [global]} section, under {@code ssmtp-mailer.global}.
 *
 * <p>Generated from {@code ConfigKeys} by {@code SectionPropertiesTest}: do not edit; after changing a key, run
 * that test with {@code -Dssmtp.regenerate=true}. Every value left unset ({@code null}) takes core's default.
 *
 * @param defaultHostname EHLO name and {@code Received:} host; also names this host for local domains
 *        ({@code default_hostname}). Default localhost.
 * @param defaultFrom Sender when none is given ({@code default_from}).
 * @param sslDir The inbound server's certificate and key; its other {@code *.pem} files are not trusted for
 *        upstreams (see {@code ca_file}, {@code ca_dir}) ({@code ssl_dir}).
 * @param caDir CA certificates ({@code *.pem}) trusted for *every* upstream account, besides the system trust store
 *        and each account's {@code ca_file}; {@code ca_dir = ssl} gives back the first version's behaviour
 *        ({@code ca_dir}).
 * @param maxConnections Pooled upstream connections per account ({@code max_connections}). Default 10.
 * @param connectionTimeout Connect timeout ({@code connection_timeout}). Default 30s.
 * @param readTimeout Read timeout ({@code read_timeout}). Default 1m.
 * @param writeTimeout Write timeout ({@code write_timeout}). Default 1m.
 * @param enableRateLimiting Apply the rate limits ({@code enable_rate_limiting}). Default true.
 * @param rateLimitPerMinute Messages per minute per account, 0 = none ({@code rate_limit_per_minute}). Default 100.
 * @param rateLimitPerDay Messages per day per account, 0 = none (Gmail Workspace allows 2000)
 *        ({@code rate_limit_per_day}). Default 0.
 * @param spoolDir The durable queue ({@code spool_dir}). Default /var/spool/ssmtp-mailer.
 * @param retryMinBackoff First retry delay of a queued message; not longer than {@code retry_max_backoff}
 *        ({@code retry_min_backoff}). Default 5m.
 * @param retryMaxBackoff Longest retry delay of a queued message ({@code retry_max_backoff}). Default 4000s.
 * @param maxQueueLifetime How long a message may stay queued; after this it is dead-lettered (Postfix
 *        {@code maximal_queue_lifetime}, which Postfix caps at 100d) ({@code max_queue_lifetime}). Default 5d.
 * @param maxMessageSize Largest message accepted, in bytes ({@code max_message_size}). Default 26214400 (25M).
 * @param trustedNetworks Networks whose clients may submit outbound mail to the inbound server
 *        ({@code trusted_networks}). Default 127.0.0.0/8, ::1/128.
 * @param queueBackend Where the queue and the rate limits live: {@code file} ({@code spool_dir}, this process) or
 *        {@code postgres} (a database several instances share, see docs/scale-out.md) ({@code queue_backend}).
 *        Default file.
 * @param databaseUrl The shared database, {@code jdbc:postgresql://host:port/database} ({@code database_url}).
 *        Default none; required with queue_backend = postgres.
 * @param databaseUser The database role ({@code database_user}). Default none (the driver's default).
 * @param databasePassword The database role's password ({@code database_password}).
 * @param databasePasswordFile File holding the database password (first line) ({@code database_password_file}).
 * @param databasePasswordEnv Environment variable holding the database password ({@code database_password_env}).
 * @param databaseSchema The relay's own schema (tables and migration history), created at start
 *        ({@code database_schema}). Default ssmtp_mailer.
 * @param instanceId This instance's name in the shared queue's leases ({@code instance_id}). Default host name and
 *        process id.
 * @param queueLease How long a message taken by an instance stays its own (renewed while it is sent); after a
 *        crash, others take the instance's messages over when it ends ({@code queue_lease}). Default 2m.
 * @param minFreeSpace Below this free space on the file system of {@code spool_dir} the inbound server answers
 *        {@code MAIL FROM} with {@code 452 4.3.1}; 0 = no check (Postfix {@code queue_minfree})
 *        ({@code min_free_space}). Default 104857600 (100M).
 * @param userFromMismatch A message a trusted client submits as a {@code [user:...]} whose {@code From:} is not
 *        that address: {@code rewrite} {@code From:} to it, or {@code refuse} it with {@code 550 5.7.1}
 *        ({@code user_from_mismatch}). Default rewrite.
 * @param sendBounces Send a bounce (RFC 3464) to the envelope sender of forwarded mail given up; {@code false} =
 *        none (no backscatter to forged senders); a dead-lettered message keeps its reason either way
 *        ({@code send_bounces}). Default true.
 * @param bounceRateLimitPerHour Bounces per hour per account; beyond it a bounce is not sent (logged); 0 = none at
 *        all ({@code bounce_rate_limit_per_hour}). Default 20.
 * @param serverMaxConnections Inbound connections in all (Postfix {@code default_process_limit})
 *        ({@code server_max_connections}). Default 100.
 * @param serverMaxConnectionsPerClient Inbound connections from one IP address (Postfix
 *        {@code smtpd_client_connection_count_limit}) ({@code server_max_connections_per_client}). Default half of
 *        server_max_connections.
 * @param serverMaxMessagesPerConnection Messages in one inbound connection; the next {@code MAIL FROM} gets
 *        {@code 421 4.7.0} and the connection is closed; 0 = no limit (Postfix's smtpd has none)
 *        ({@code server_max_messages_per_connection}). Default 0.
 * @param serverMaxRecipients Recipients of one inbound message (Postfix {@code smtpd_recipient_limit})
 *        ({@code server_max_recipients}). Default 1000.
 * @param serverMaxCommands Commands in one inbound connection since its last accepted message (a client that
 *        delivers is never cut off) ({@code server_max_commands}). Default 10000.
 * @param serverSoftErrorLimit Errors after which every reply is delayed by {@code server_error_delay} (Postfix
 *        {@code smtpd_soft_error_limit}) ({@code server_soft_error_limit}). Default 10.
 * @param serverHardErrorLimit Errors after which the client gets {@code 421} and is disconnected (Postfix
 *        {@code smtpd_hard_error_limit}) ({@code server_hard_error_limit}). Default 20.
 * @param serverErrorDelay Delay per reply past the soft error limit (Postfix {@code smtpd_error_sleep_time})
 *        ({@code server_error_delay}). Default 1s.
 * @param serverIdleTimeout Longest wait for an inbound client's next command or data (Postfix
 *        {@code smtpd_timeout}) ({@code server_idle_timeout}). Default 5m.
 * @param serverWriteTimeout Longest write of one reply; a client that does not read is dropped (Postfix
 *        {@code smtpd_timeout}) ({@code server_write_timeout}). Default 5m.
 * @param serverMaxSessionTime Longest inbound connection ({@code server_max_session_time}). Default 1h.
 * @param serverAuthFailureLimit Failed logins ({@code AUTH}) from one client address, over all its connections,
 *        within {@code server_auth_failure_window}; beyond them its {@code AUTH} gets {@code 450 4.7.1} without a
 *        password check; 0 = no limit (Postfix {@code smtpd_client_auth_rate_limit} counts every {@code AUTH})
 *        ({@code server_auth_failure_limit}). Default 10.
 * @param serverAuthFailureWindow The sliding window of {@code server_auth_failure_limit}: a failed login counts for
 *        this long (Postfix {@code anvil_rate_time_unit}) ({@code server_auth_failure_window}). Default 5m.
 */
public record GlobalProperties(
        String defaultHostname,
        String defaultFrom,
        Path sslDir,
        Path caDir,
        Integer maxConnections,
        Duration connectionTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        Boolean enableRateLimiting,
        Integer rateLimitPerMinute,
        Integer rateLimitPerDay,
        Path spoolDir,
        Duration retryMinBackoff,
        Duration retryMaxBackoff,
        Duration maxQueueLifetime,
        Long maxMessageSize,
        List<String> trustedNetworks,
        String queueBackend,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Path databasePasswordFile,
        String databasePasswordEnv,
        String databaseSchema,
        String instanceId,
        Duration queueLease,
        Long minFreeSpace,
        String userFromMismatch,
        Boolean sendBounces,
        Integer bounceRateLimitPerHour,
        Integer serverMaxConnections,
        Integer serverMaxConnectionsPerClient,
        Integer serverMaxMessagesPerConnection,
        Integer serverMaxRecipients,
        Integer serverMaxCommands,
        Integer serverSoftErrorLimit,
        Integer serverHardErrorLimit,
        Duration serverErrorDelay,
        Duration serverIdleTimeout,
        Duration serverWriteTimeout,
        Duration serverMaxSessionTime,
        Integer serverAuthFailureLimit,
        Duration serverAuthFailureWindow) {

    /** Nothing set: every value takes core's default. */
    static final GlobalProperties UNSET = new GlobalProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /**
     * Copies the lists. An unset list stays {@code null} and takes core's default; a list bound empty
     * ({@code key=} in a properties file, {@code key: []} in YAML) is the empty value, as {@code key =} in an
     * INI file.
     */
    public GlobalProperties {
        trustedNetworks = trustedNetworks == null ? null : List.copyOf(trustedNetworks);
    }

    /** Every value as a record prints it, with the secrets masked (a password inside {@code database_url} too). */
    @Override
    public String toString() {
        return "GlobalProperties[defaultHostname=" + defaultHostname
                + ", defaultFrom=" + defaultFrom
                + ", sslDir=" + sslDir
                + ", caDir=" + caDir
                + ", maxConnections=" + maxConnections
                + ", connectionTimeout=" + connectionTimeout
                + ", readTimeout=" + readTimeout
                + ", writeTimeout=" + writeTimeout
                + ", enableRateLimiting=" + enableRateLimiting
                + ", rateLimitPerMinute=" + rateLimitPerMinute
                + ", rateLimitPerDay=" + rateLimitPerDay
                + ", spoolDir=" + spoolDir
                + ", retryMinBackoff=" + retryMinBackoff
                + ", retryMaxBackoff=" + retryMaxBackoff
                + ", maxQueueLifetime=" + maxQueueLifetime
                + ", maxMessageSize=" + maxMessageSize
                + ", trustedNetworks=" + trustedNetworks
                + ", queueBackend=" + queueBackend
                + ", databaseUrl=" + QueueBackendSettings.redactUrl(databaseUrl)
                + ", databaseUser=" + databaseUser
                + ", databasePassword=" + (databasePassword == null ? null : Secret.MASK)
                + ", databasePasswordFile=" + databasePasswordFile
                + ", databasePasswordEnv=" + databasePasswordEnv
                + ", databaseSchema=" + databaseSchema
                + ", instanceId=" + instanceId
                + ", queueLease=" + queueLease
                + ", minFreeSpace=" + minFreeSpace
                + ", userFromMismatch=" + userFromMismatch
                + ", sendBounces=" + sendBounces
                + ", bounceRateLimitPerHour=" + bounceRateLimitPerHour
                + ", serverMaxConnections=" + serverMaxConnections
                + ", serverMaxConnectionsPerClient=" + serverMaxConnectionsPerClient
                + ", serverMaxMessagesPerConnection=" + serverMaxMessagesPerConnection
                + ", serverMaxRecipients=" + serverMaxRecipients
                + ", serverMaxCommands=" + serverMaxCommands
                + ", serverSoftErrorLimit=" + serverSoftErrorLimit
                + ", serverHardErrorLimit=" + serverHardErrorLimit
                + ", serverErrorDelay=" + serverErrorDelay
                + ", serverIdleTimeout=" + serverIdleTimeout
                + ", serverWriteTimeout=" + serverWriteTimeout
                + ", serverMaxSessionTime=" + serverMaxSessionTime
                + ", serverAuthFailureLimit=" + serverAuthFailureLimit
                + ", serverAuthFailureWindow=" + serverAuthFailureWindow + "]";
    }
}
