package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SectionValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code [global]} section, under {@code ssmtp-mailer.global}.
 *
 * <p>Generated from {@link ConfigKeys} by {@code SectionPropertiesTest}: do not edit; after changing a
 * key, run that test with {@code -Dssmtp.regenerate=true}. Every value left unset takes core's default.
 */
public class GlobalProperties {
    /**
     * EHLO name and {@code Received:} host; also names this host for local domains ({@code default_hostname}).
     * Default localhost.
     */
    private String defaultHostname;

    /** Sender when none is given ({@code default_from}). */
    private String defaultFrom;

    /**
     * The inbound server's certificate and key; its other {@code *.pem} files are not trusted for upstreams (see
     * {@code ca_file}, {@code ca_dir}) ({@code ssl_dir}).
     */
    private Path sslDir;

    /**
     * CA certificates ({@code *.pem}) trusted for *every* upstream account, besides the system trust store and each
     * account's {@code ca_file}; {@code ca_dir = ssl} gives back the first version's behaviour ({@code ca_dir}).
     */
    private Path caDir;

    /** Pooled upstream connections per account ({@code max_connections}). Default 10. */
    private Integer maxConnections;

    /** Connect timeout ({@code connection_timeout}). Default 30s. */
    private Duration connectionTimeout;

    /** Read timeout ({@code read_timeout}). Default 1m. */
    private Duration readTimeout;

    /** Write timeout ({@code write_timeout}). Default 1m. */
    private Duration writeTimeout;

    /** Apply the rate limits ({@code enable_rate_limiting}). Default true. */
    private Boolean enableRateLimiting;

    /** Messages per minute per account, 0 = none ({@code rate_limit_per_minute}). Default 100. */
    private Integer rateLimitPerMinute;

    /** Messages per day per account, 0 = none (Gmail Workspace allows 2000) ({@code rate_limit_per_day}). Default 0. */
    private Integer rateLimitPerDay;

    /** The durable queue ({@code spool_dir}). Default /var/spool/ssmtp-mailer. */
    private Path spoolDir;

    /**
     * First retry delay of a queued message; not longer than {@code retry_max_backoff} ({@code retry_min_backoff}).
     * Default 5m.
     */
    private Duration retryMinBackoff;

    /** Longest retry delay of a queued message ({@code retry_max_backoff}). Default 4000s. */
    private Duration retryMaxBackoff;

    /** How long a message may stay queued; after this it is dead-lettered ({@code max_queue_lifetime}). Default 5d. */
    private Duration maxQueueLifetime;

    /** Largest message accepted, in bytes ({@code max_message_size}). Default 26214400 (25M). */
    private Long maxMessageSize;

    /**
     * Networks whose clients may submit outbound mail to the inbound server ({@code trusted_networks}). Default
     * 127.0.0.0/8, ::1/128.
     */
    private List<String> trustedNetworks = new ArrayList<>();

    /**
     * Below this free space on the file system of {@code spool_dir} the inbound server answers {@code MAIL FROM}
     * with {@code 452 4.3.1}; 0 = no check (Postfix {@code queue_minfree}) ({@code min_free_space}). Default
     * 104857600 (100M).
     */
    private Long minFreeSpace;

    /**
     * A message a trusted client submits as a {@code [user:...]} whose {@code From:} is not that address: {@code
     * rewrite} {@code From:} to it, or {@code refuse} it with {@code 550 5.7.1} ({@code user_from_mismatch}).
     * Default rewrite.
     */
    private String userFromMismatch;

    /**
     * Inbound connections in all (Postfix {@code default_process_limit}) ({@code server_max_connections}). Default
     * 100.
     */
    private Integer serverMaxConnections;

    /**
     * Inbound connections from one IP address (Postfix {@code smtpd_client_connection_count_limit}) ({@code
     * server_max_connections_per_client}). Default half of server_max_connections.
     */
    private Integer serverMaxConnectionsPerClient;

    /** Messages in one inbound connection ({@code server_max_messages_per_connection}). Default 1000. */
    private Integer serverMaxMessagesPerConnection;

    /**
     * Recipients of one inbound message (Postfix {@code smtpd_recipient_limit}) ({@code server_max_recipients}).
     * Default 1000.
     */
    private Integer serverMaxRecipients;

    /** Commands in one inbound connection ({@code server_max_commands}). Default 10000. */
    private Integer serverMaxCommands;

    /**
     * Errors after which every reply is delayed by {@code server_error_delay} (Postfix {@code
     * smtpd_soft_error_limit}) ({@code server_soft_error_limit}). Default 10.
     */
    private Integer serverSoftErrorLimit;

    /**
     * Errors after which the client gets {@code 421} and is disconnected (Postfix {@code smtpd_hard_error_limit})
     * ({@code server_hard_error_limit}). Default 20.
     */
    private Integer serverHardErrorLimit;

    /**
     * Delay per reply past the soft error limit (Postfix {@code smtpd_error_sleep_time}) ({@code
     * server_error_delay}). Default 1s.
     */
    private Duration serverErrorDelay;

    /**
     * Longest wait for an inbound client's next command or data (Postfix {@code smtpd_timeout}) ({@code
     * server_idle_timeout}). Default 5m.
     */
    private Duration serverIdleTimeout;

    /**
     * Longest write of one reply; a client that does not read is dropped (Postfix {@code smtpd_timeout}) ({@code
     * server_write_timeout}). Default 5m.
     */
    private Duration serverWriteTimeout;

    /** Longest inbound connection ({@code server_max_session_time}). Default 1h. */
    private Duration serverMaxSessionTime;

    /** @return {@code default_hostname} */
    public String getDefaultHostname() {
        return defaultHostname;
    }

    /** @param defaultHostname {@code default_hostname} */
    public void setDefaultHostname(String defaultHostname) {
        this.defaultHostname = defaultHostname;
    }

    /** @return {@code default_from} */
    public String getDefaultFrom() {
        return defaultFrom;
    }

    /** @param defaultFrom {@code default_from} */
    public void setDefaultFrom(String defaultFrom) {
        this.defaultFrom = defaultFrom;
    }

    /** @return {@code ssl_dir} */
    public Path getSslDir() {
        return sslDir;
    }

    /** @param sslDir {@code ssl_dir} */
    public void setSslDir(Path sslDir) {
        this.sslDir = sslDir;
    }

    /** @return {@code ca_dir} */
    public Path getCaDir() {
        return caDir;
    }

    /** @param caDir {@code ca_dir} */
    public void setCaDir(Path caDir) {
        this.caDir = caDir;
    }

    /** @return {@code max_connections} */
    public Integer getMaxConnections() {
        return maxConnections;
    }

    /** @param maxConnections {@code max_connections} */
    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** @return {@code connection_timeout} */
    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    /** @param connectionTimeout {@code connection_timeout} */
    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    /** @return {@code read_timeout} */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /** @param readTimeout {@code read_timeout} */
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** @return {@code write_timeout} */
    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    /** @param writeTimeout {@code write_timeout} */
    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    /** @return {@code enable_rate_limiting} */
    public Boolean getEnableRateLimiting() {
        return enableRateLimiting;
    }

    /** @param enableRateLimiting {@code enable_rate_limiting} */
    public void setEnableRateLimiting(Boolean enableRateLimiting) {
        this.enableRateLimiting = enableRateLimiting;
    }

    /** @return {@code rate_limit_per_minute} */
    public Integer getRateLimitPerMinute() {
        return rateLimitPerMinute;
    }

    /** @param rateLimitPerMinute {@code rate_limit_per_minute} */
    public void setRateLimitPerMinute(Integer rateLimitPerMinute) {
        this.rateLimitPerMinute = rateLimitPerMinute;
    }

    /** @return {@code rate_limit_per_day} */
    public Integer getRateLimitPerDay() {
        return rateLimitPerDay;
    }

    /** @param rateLimitPerDay {@code rate_limit_per_day} */
    public void setRateLimitPerDay(Integer rateLimitPerDay) {
        this.rateLimitPerDay = rateLimitPerDay;
    }

    /** @return {@code spool_dir} */
    public Path getSpoolDir() {
        return spoolDir;
    }

    /** @param spoolDir {@code spool_dir} */
    public void setSpoolDir(Path spoolDir) {
        this.spoolDir = spoolDir;
    }

    /** @return {@code retry_min_backoff} */
    public Duration getRetryMinBackoff() {
        return retryMinBackoff;
    }

    /** @param retryMinBackoff {@code retry_min_backoff} */
    public void setRetryMinBackoff(Duration retryMinBackoff) {
        this.retryMinBackoff = retryMinBackoff;
    }

    /** @return {@code retry_max_backoff} */
    public Duration getRetryMaxBackoff() {
        return retryMaxBackoff;
    }

    /** @param retryMaxBackoff {@code retry_max_backoff} */
    public void setRetryMaxBackoff(Duration retryMaxBackoff) {
        this.retryMaxBackoff = retryMaxBackoff;
    }

    /** @return {@code max_queue_lifetime} */
    public Duration getMaxQueueLifetime() {
        return maxQueueLifetime;
    }

    /** @param maxQueueLifetime {@code max_queue_lifetime} */
    public void setMaxQueueLifetime(Duration maxQueueLifetime) {
        this.maxQueueLifetime = maxQueueLifetime;
    }

    /** @return {@code max_message_size} */
    public Long getMaxMessageSize() {
        return maxMessageSize;
    }

    /** @param maxMessageSize {@code max_message_size} */
    public void setMaxMessageSize(Long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** @return {@code trusted_networks} */
    public List<String> getTrustedNetworks() {
        return trustedNetworks;
    }

    /** @param trustedNetworks {@code trusted_networks} */
    public void setTrustedNetworks(List<String> trustedNetworks) {
        this.trustedNetworks = trustedNetworks;
    }

    /** @return {@code min_free_space} */
    public Long getMinFreeSpace() {
        return minFreeSpace;
    }

    /** @param minFreeSpace {@code min_free_space} */
    public void setMinFreeSpace(Long minFreeSpace) {
        this.minFreeSpace = minFreeSpace;
    }

    /** @return {@code user_from_mismatch} */
    public String getUserFromMismatch() {
        return userFromMismatch;
    }

    /** @param userFromMismatch {@code user_from_mismatch} */
    public void setUserFromMismatch(String userFromMismatch) {
        this.userFromMismatch = userFromMismatch;
    }

    /** @return {@code server_max_connections} */
    public Integer getServerMaxConnections() {
        return serverMaxConnections;
    }

    /** @param serverMaxConnections {@code server_max_connections} */
    public void setServerMaxConnections(Integer serverMaxConnections) {
        this.serverMaxConnections = serverMaxConnections;
    }

    /** @return {@code server_max_connections_per_client} */
    public Integer getServerMaxConnectionsPerClient() {
        return serverMaxConnectionsPerClient;
    }

    /** @param serverMaxConnectionsPerClient {@code server_max_connections_per_client} */
    public void setServerMaxConnectionsPerClient(Integer serverMaxConnectionsPerClient) {
        this.serverMaxConnectionsPerClient = serverMaxConnectionsPerClient;
    }

    /** @return {@code server_max_messages_per_connection} */
    public Integer getServerMaxMessagesPerConnection() {
        return serverMaxMessagesPerConnection;
    }

    /** @param serverMaxMessagesPerConnection {@code server_max_messages_per_connection} */
    public void setServerMaxMessagesPerConnection(Integer serverMaxMessagesPerConnection) {
        this.serverMaxMessagesPerConnection = serverMaxMessagesPerConnection;
    }

    /** @return {@code server_max_recipients} */
    public Integer getServerMaxRecipients() {
        return serverMaxRecipients;
    }

    /** @param serverMaxRecipients {@code server_max_recipients} */
    public void setServerMaxRecipients(Integer serverMaxRecipients) {
        this.serverMaxRecipients = serverMaxRecipients;
    }

    /** @return {@code server_max_commands} */
    public Integer getServerMaxCommands() {
        return serverMaxCommands;
    }

    /** @param serverMaxCommands {@code server_max_commands} */
    public void setServerMaxCommands(Integer serverMaxCommands) {
        this.serverMaxCommands = serverMaxCommands;
    }

    /** @return {@code server_soft_error_limit} */
    public Integer getServerSoftErrorLimit() {
        return serverSoftErrorLimit;
    }

    /** @param serverSoftErrorLimit {@code server_soft_error_limit} */
    public void setServerSoftErrorLimit(Integer serverSoftErrorLimit) {
        this.serverSoftErrorLimit = serverSoftErrorLimit;
    }

    /** @return {@code server_hard_error_limit} */
    public Integer getServerHardErrorLimit() {
        return serverHardErrorLimit;
    }

    /** @param serverHardErrorLimit {@code server_hard_error_limit} */
    public void setServerHardErrorLimit(Integer serverHardErrorLimit) {
        this.serverHardErrorLimit = serverHardErrorLimit;
    }

    /** @return {@code server_error_delay} */
    public Duration getServerErrorDelay() {
        return serverErrorDelay;
    }

    /** @param serverErrorDelay {@code server_error_delay} */
    public void setServerErrorDelay(Duration serverErrorDelay) {
        this.serverErrorDelay = serverErrorDelay;
    }

    /** @return {@code server_idle_timeout} */
    public Duration getServerIdleTimeout() {
        return serverIdleTimeout;
    }

    /** @param serverIdleTimeout {@code server_idle_timeout} */
    public void setServerIdleTimeout(Duration serverIdleTimeout) {
        this.serverIdleTimeout = serverIdleTimeout;
    }

    /** @return {@code server_write_timeout} */
    public Duration getServerWriteTimeout() {
        return serverWriteTimeout;
    }

    /** @param serverWriteTimeout {@code server_write_timeout} */
    public void setServerWriteTimeout(Duration serverWriteTimeout) {
        this.serverWriteTimeout = serverWriteTimeout;
    }

    /** @return {@code server_max_session_time} */
    public Duration getServerMaxSessionTime() {
        return serverMaxSessionTime;
    }

    /** @param serverMaxSessionTime {@code server_max_session_time} */
    public void setServerMaxSessionTime(Duration serverMaxSessionTime) {
        this.serverMaxSessionTime = serverMaxSessionTime;
    }

    /** @return the values that are set, as core's {@code [global]} section */
    SectionValues toValues() {
        SectionValues v = SectionValues.of(SectionKind.GLOBAL, null, null);
        v.put(ConfigKeys.DEFAULT_HOSTNAME, defaultHostname);
        v.put(ConfigKeys.DEFAULT_FROM, defaultFrom);
        v.put(ConfigKeys.SSL_DIR, sslDir);
        v.put(ConfigKeys.CA_DIR, caDir);
        v.put(ConfigKeys.MAX_CONNECTIONS, maxConnections);
        v.put(ConfigKeys.CONNECTION_TIMEOUT, connectionTimeout);
        v.put(ConfigKeys.READ_TIMEOUT, readTimeout);
        v.put(ConfigKeys.WRITE_TIMEOUT, writeTimeout);
        v.put(ConfigKeys.ENABLE_RATE_LIMITING, enableRateLimiting);
        v.put(ConfigKeys.RATE_LIMIT_PER_MINUTE, rateLimitPerMinute);
        v.put(ConfigKeys.RATE_LIMIT_PER_DAY, rateLimitPerDay);
        v.put(ConfigKeys.SPOOL_DIR, spoolDir);
        v.put(ConfigKeys.RETRY_MIN_BACKOFF, retryMinBackoff);
        v.put(ConfigKeys.RETRY_MAX_BACKOFF, retryMaxBackoff);
        v.put(ConfigKeys.MAX_QUEUE_LIFETIME, maxQueueLifetime);
        v.put(ConfigKeys.MAX_MESSAGE_SIZE, maxMessageSize);
        v.put(ConfigKeys.TRUSTED_NETWORKS, trustedNetworks);
        v.put(ConfigKeys.MIN_FREE_SPACE, minFreeSpace);
        v.put(ConfigKeys.USER_FROM_MISMATCH, userFromMismatch);
        v.put(ConfigKeys.SERVER_MAX_CONNECTIONS, serverMaxConnections);
        v.put(ConfigKeys.SERVER_MAX_CONNECTIONS_PER_CLIENT, serverMaxConnectionsPerClient);
        v.put(ConfigKeys.SERVER_MAX_MESSAGES_PER_CONNECTION, serverMaxMessagesPerConnection);
        v.put(ConfigKeys.SERVER_MAX_RECIPIENTS, serverMaxRecipients);
        v.put(ConfigKeys.SERVER_MAX_COMMANDS, serverMaxCommands);
        v.put(ConfigKeys.SERVER_SOFT_ERROR_LIMIT, serverSoftErrorLimit);
        v.put(ConfigKeys.SERVER_HARD_ERROR_LIMIT, serverHardErrorLimit);
        v.put(ConfigKeys.SERVER_ERROR_DELAY, serverErrorDelay);
        v.put(ConfigKeys.SERVER_IDLE_TIMEOUT, serverIdleTimeout);
        v.put(ConfigKeys.SERVER_WRITE_TIMEOUT, serverWriteTimeout);
        v.put(ConfigKeys.SERVER_MAX_SESSION_TIME, serverMaxSessionTime);
        return v;
    }
}
