package dev.ssmtpmailer.config;

import dev.ssmtpmailer.address.EmailAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [global]} section: settings that apply to every account unless a domain overrides them.
 * Build with {@link #builder()}; every field has the default of its key in {@link ConfigKeys}.
 *
 * @param defaultHostname the EHLO name and {@code Received:} host ({@code default_hostname}), default {@code localhost}
 * @param defaultFrom sender when none is given ({@code default_from}), or {@code null}
 * @param sslDir the server's certificate and key ({@code ssl_dir}), or {@code null}
 * @param caDir CA certificates ({@code *.pem}) trusted for every upstream account besides the system trust store
 *        and the account's {@code ca_file} ({@code ca_dir}), or {@code null} for none
 * @param logFile {@code log_file}, or {@code null} for standard output
 * @param logLevel {@code log_level}, default {@code INFO}
 * @param maxConnections upstream connections per account ({@code max_connections}), default 10
 * @param connectionTimeout {@code connection_timeout}, default 30 s
 * @param readTimeout {@code read_timeout}, default 60 s
 * @param writeTimeout {@code write_timeout}, default 60 s
 * @param enableRateLimiting {@code enable_rate_limiting}, default {@code true}
 * @param rateLimitPerMinute messages per minute per account ({@code rate_limit_per_minute}), default 100, 0 = none
 * @param rateLimitPerDay messages per day per account ({@code rate_limit_per_day}), default 0 = none
 * @param spoolDir the durable queue ({@code spool_dir}), default {@code /var/spool/ssmtp-mailer}
 * @param retryMinBackoff {@code retry_min_backoff}, default 300 s
 * @param retryMaxBackoff {@code retry_max_backoff}, default 4000 s
 * @param maxQueueLifetime {@code max_queue_lifetime}, default 5 days
 * @param maxMessageSize {@code max_message_size} in bytes, default 25 MiB
 * @param trustedNetworks {@code trusted_networks}, default {@code 127.0.0.0/8, ::1/128}
 * @param minFreeSpace {@code min_free_space} in bytes: below it on {@code spool_dir}'s file system the server
 *        answers {@code 452 4.3.1}; default 100 MiB, 0 = no check
 * @param serverLimits the inbound server's limits ({@code server_*} keys), default {@link ServerLimits#defaults()}
 * @param userFromPolicy {@code user_from_mismatch}: a {@code [user:]} sender's foreign {@code From:} is rewritten
 *        (default) or refused
 * @param sendBounces {@code send_bounces}, default {@code true}
 * @param bounceRateLimitPerHour {@code bounce_rate_limit_per_hour}: bounces per hour per account, default 20
 * @param queue {@code queue_backend} and the shared database's keys; default the file backend
 * @param metricsListen {@code metrics_listen} ({@code HOST:PORT}), or {@code null}: no metrics endpoint
 * @param source where the section came from
 */
public record GlobalSettings(
        String defaultHostname,
        EmailAddress defaultFrom,
        Path sslDir,
        Path caDir,
        Path logFile,
        String logLevel,
        int maxConnections,
        Duration connectionTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        boolean enableRateLimiting,
        int rateLimitPerMinute,
        int rateLimitPerDay,
        Path spoolDir,
        Duration retryMinBackoff,
        Duration retryMaxBackoff,
        Duration maxQueueLifetime,
        long maxMessageSize,
        List<Cidr> trustedNetworks,
        long minFreeSpace,
        ServerLimits serverLimits,
        UserFromPolicy userFromPolicy,
        boolean sendBounces,
        int bounceRateLimitPerHour,
        QueueBackendSettings queue,
        String metricsListen,
        SourceLocation source) {

    /** Copies the list and fills in a missing location. */
    public GlobalSettings {
        trustedNetworks = List.copyOf(trustedNetworks);
        serverLimits = serverLimits == null ? ServerLimits.defaults() : serverLimits;
        userFromPolicy = userFromPolicy == null ? UserFromPolicy.REWRITE : userFromPolicy;
        queue = queue == null ? QueueBackendSettings.defaults() : queue;
        source = source == null ? SourceLocation.NONE : source;
    }

    /** @return the defaults */
    public static GlobalSettings defaults() {
        return builder().build();
    }

    /**
     * @param values a {@code [global]} section as keys and values
     * @return the settings they give; a value that cannot be converted (an address that does not parse) is left at
     *         its default, and nothing is validated: {@link RelayConfig.Builder#section(SectionValues)} reports both
     */
    public static GlobalSettings of(SectionValues values) {
        if (values.kind() != SectionKind.GLOBAL) {
            throw new IllegalArgumentException("not a [global] section: [" + values.section() + "]");
        }
        return new SectionCodec(System::getenv, new java.util.ArrayList<>()).global(values);
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link GlobalSettings}; values are checked by {@link RelayConfig.Builder#build()}. */
    public static final class Builder {
        private String defaultHostname = ConfigKeys.DEFAULT_HOSTNAME.defaultValue();
        private EmailAddress defaultFrom;
        private Path sslDir;
        private Path caDir;
        private Path logFile;
        private String logLevel = ConfigKeys.LOG_LEVEL.defaultValue();
        private int maxConnections = ConfigKeys.MAX_CONNECTIONS.defaultValue();
        private Duration connectionTimeout = ConfigKeys.CONNECTION_TIMEOUT.defaultValue();
        private Duration readTimeout = ConfigKeys.READ_TIMEOUT.defaultValue();
        private Duration writeTimeout = ConfigKeys.WRITE_TIMEOUT.defaultValue();
        private boolean enableRateLimiting = ConfigKeys.ENABLE_RATE_LIMITING.defaultValue();
        private int rateLimitPerMinute = ConfigKeys.RATE_LIMIT_PER_MINUTE.defaultValue();
        private int rateLimitPerDay = ConfigKeys.RATE_LIMIT_PER_DAY.defaultValue();
        private Path spoolDir = ConfigKeys.SPOOL_DIR.defaultValue();
        private Duration retryMinBackoff = ConfigKeys.RETRY_MIN_BACKOFF.defaultValue();
        private Duration retryMaxBackoff = ConfigKeys.RETRY_MAX_BACKOFF.defaultValue();
        private Duration maxQueueLifetime = ConfigKeys.MAX_QUEUE_LIFETIME.defaultValue();
        private long maxMessageSize = ConfigKeys.MAX_MESSAGE_SIZE.defaultValue();
        private List<Cidr> trustedNetworks = ConfigKeys.TRUSTED_NETWORKS.defaultValue().stream().map(Cidr::parse).toList();
        private long minFreeSpace = ConfigKeys.MIN_FREE_SPACE.defaultValue();
        private ServerLimits serverLimits = ServerLimits.defaults();
        private UserFromPolicy userFromPolicy = UserFromPolicy.parse(ConfigKeys.USER_FROM_MISMATCH.defaultValue());
        private boolean sendBounces = ConfigKeys.SEND_BOUNCES.defaultValue();
        private int bounceRateLimitPerHour = ConfigKeys.BOUNCE_RATE_LIMIT_PER_HOUR.defaultValue();
        private String queueBackend = ConfigKeys.QUEUE_BACKEND.defaultValue();
        private String databaseUrl;
        private String databaseUser;
        private Secret databasePassword;
        private String databaseSchema = ConfigKeys.DATABASE_SCHEMA.defaultValue();
        private String instanceId;
        private Duration queueLease = ConfigKeys.QUEUE_LEASE.defaultValue();
        private String metricsListen;
        private SourceLocation source = SourceLocation.NONE;

        Builder() {
        }

        Builder(GlobalSettings g) {
            defaultHostname = g.defaultHostname;
            defaultFrom = g.defaultFrom;
            sslDir = g.sslDir;
            caDir = g.caDir;
            logFile = g.logFile;
            logLevel = g.logLevel;
            maxConnections = g.maxConnections;
            connectionTimeout = g.connectionTimeout;
            readTimeout = g.readTimeout;
            writeTimeout = g.writeTimeout;
            enableRateLimiting = g.enableRateLimiting;
            rateLimitPerMinute = g.rateLimitPerMinute;
            rateLimitPerDay = g.rateLimitPerDay;
            spoolDir = g.spoolDir;
            retryMinBackoff = g.retryMinBackoff;
            retryMaxBackoff = g.retryMaxBackoff;
            maxQueueLifetime = g.maxQueueLifetime;
            maxMessageSize = g.maxMessageSize;
            trustedNetworks = g.trustedNetworks;
            minFreeSpace = g.minFreeSpace;
            serverLimits = g.serverLimits;
            userFromPolicy = g.userFromPolicy;
            sendBounces = g.sendBounces;
            bounceRateLimitPerHour = g.bounceRateLimitPerHour;
            queueBackend = g.queue.backend();
            databaseUrl = g.queue.databaseUrl();
            databaseUser = g.queue.databaseUser();
            databasePassword = g.queue.databasePassword();
            databaseSchema = g.queue.databaseSchema();
            instanceId = g.queue.instanceId();
            queueLease = g.queue.lease();
            metricsListen = g.metricsListen;
            source = g.source;
        }

        /** @param v {@code default_hostname} @return this */
        public Builder defaultHostname(String v) { defaultHostname = v; return this; }
        /** @param v {@code default_from}, or {@code null} @return this */
        public Builder defaultFrom(EmailAddress v) { defaultFrom = v; return this; }
        /** @param v {@code ssl_dir}, or {@code null} @return this */
        public Builder sslDir(Path v) { sslDir = v; return this; }
        /** @param v {@code ca_dir}, or {@code null} @return this */
        public Builder caDir(Path v) { caDir = v; return this; }
        /** @param v {@code log_file}, or {@code null} @return this */
        public Builder logFile(Path v) { logFile = v; return this; }
        /** @param v {@code log_level} @return this */
        public Builder logLevel(String v) { logLevel = v; return this; }
        /** @param v {@code max_connections} @return this */
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        /** @param v {@code connection_timeout} @return this */
        public Builder connectionTimeout(Duration v) { connectionTimeout = v; return this; }
        /** @param v {@code read_timeout} @return this */
        public Builder readTimeout(Duration v) { readTimeout = v; return this; }
        /** @param v {@code write_timeout} @return this */
        public Builder writeTimeout(Duration v) { writeTimeout = v; return this; }
        /** @param v {@code enable_rate_limiting} @return this */
        public Builder enableRateLimiting(boolean v) { enableRateLimiting = v; return this; }
        /** @param v {@code rate_limit_per_minute}, 0 = none @return this */
        public Builder rateLimitPerMinute(int v) { rateLimitPerMinute = v; return this; }
        /** @param v {@code rate_limit_per_day}, 0 = none @return this */
        public Builder rateLimitPerDay(int v) { rateLimitPerDay = v; return this; }
        /** @param v {@code spool_dir} @return this */
        public Builder spoolDir(Path v) { spoolDir = v; return this; }
        /** @param v {@code retry_min_backoff} @return this */
        public Builder retryMinBackoff(Duration v) { retryMinBackoff = v; return this; }
        /** @param v {@code retry_max_backoff} @return this */
        public Builder retryMaxBackoff(Duration v) { retryMaxBackoff = v; return this; }
        /** @param v {@code max_queue_lifetime} @return this */
        public Builder maxQueueLifetime(Duration v) { maxQueueLifetime = v; return this; }
        /** @param v {@code max_message_size} in bytes @return this */
        public Builder maxMessageSize(long v) { maxMessageSize = v; return this; }
        /** @param v {@code trusted_networks} @return this */
        public Builder trustedNetworks(List<Cidr> v) { trustedNetworks = v; return this; }
        /** @param v {@code min_free_space} in bytes, 0 = no check @return this */
        public Builder minFreeSpace(long v) { minFreeSpace = v; return this; }
        /** @param v the inbound server's limits ({@code server_*}) @return this */
        public Builder serverLimits(ServerLimits v) { serverLimits = v; return this; }
        /** @param v {@code user_from_mismatch} @return this */
        public Builder userFromPolicy(UserFromPolicy v) { userFromPolicy = v; return this; }
        /** @param v {@code send_bounces} @return this */
        public Builder sendBounces(boolean v) { sendBounces = v; return this; }
        /** @param v {@code bounce_rate_limit_per_hour} @return this */
        public Builder bounceRateLimitPerHour(int v) { bounceRateLimitPerHour = v; return this; }
        /** @param v {@code queue_backend}: {@code file} or {@code postgres} @return this */
        public Builder queueBackend(String v) { queueBackend = v; return this; }
        /** @param v {@code database_url}, a JDBC URL @return this */
        public Builder databaseUrl(String v) { databaseUrl = v; return this; }
        /** @param v {@code database_user} @return this */
        public Builder databaseUser(String v) { databaseUser = v; return this; }
        /** @param v {@code database_password[_file|_env]} @return this */
        public Builder databasePassword(Secret v) { databasePassword = v; return this; }
        /** @param v {@code database_schema} @return this */
        public Builder databaseSchema(String v) { databaseSchema = v; return this; }
        /** @param v {@code instance_id}, or {@code null} for host name and process id @return this */
        public Builder instanceId(String v) { instanceId = v; return this; }
        /** @param v {@code queue_lease} @return this */
        public Builder queueLease(Duration v) { queueLease = v; return this; }
        /** @param v {@code metrics_listen} ({@code HOST:PORT}), or {@code null} for none @return this */
        public Builder metricsListen(String v) { metricsListen = v; return this; }
        /** @param v where the section came from @return this */
        public Builder source(SourceLocation v) { source = v; return this; }

        /** @return the settings, unchecked (the whole configuration is checked at once) */
        public GlobalSettings build() {
            return new GlobalSettings(defaultHostname, defaultFrom, sslDir, caDir, logFile, logLevel, maxConnections,
                    connectionTimeout, readTimeout, writeTimeout, enableRateLimiting, rateLimitPerMinute,
                    rateLimitPerDay, spoolDir, retryMinBackoff, retryMaxBackoff, maxQueueLifetime, maxMessageSize,
                    trustedNetworks == null ? List.of() : trustedNetworks, minFreeSpace, serverLimits, userFromPolicy,
                    sendBounces, bounceRateLimitPerHour,
                    new QueueBackendSettings(queueBackend, databaseUrl, databaseUser, databasePassword, databaseSchema,
                            instanceId, queueLease), metricsListen, source);
        }
    }
}
