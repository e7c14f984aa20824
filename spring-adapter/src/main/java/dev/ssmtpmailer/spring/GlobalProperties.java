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

    /** Trusted CA certificates ({@code *.pem}) and the server's certificate and key ({@code ssl_dir}). */
    private Path sslDir;

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
     * Messages one client connection to the inbound server may carry; the next {@code MAIL FROM} gets {@code 421
     * 4.7.0} and the connection is closed; 0 = no limit (as Postfix's smtpd) ({@code max_messages_per_connection}).
     * Default 0.
     */
    private Integer maxMessagesPerConnection;

    /**
     * Networks whose clients may submit outbound mail to the inbound server ({@code trusted_networks}). Default
     * 127.0.0.0/8, ::1/128.
     */
    private List<String> trustedNetworks = new ArrayList<>();

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

    /** @return {@code max_messages_per_connection} */
    public Integer getMaxMessagesPerConnection() {
        return maxMessagesPerConnection;
    }

    /** @param maxMessagesPerConnection {@code max_messages_per_connection} */
    public void setMaxMessagesPerConnection(Integer maxMessagesPerConnection) {
        this.maxMessagesPerConnection = maxMessagesPerConnection;
    }

    /** @return {@code trusted_networks} */
    public List<String> getTrustedNetworks() {
        return trustedNetworks;
    }

    /** @param trustedNetworks {@code trusted_networks} */
    public void setTrustedNetworks(List<String> trustedNetworks) {
        this.trustedNetworks = trustedNetworks;
    }

    /** @return the values that are set, as core's {@code [global]} section */
    SectionValues toValues() {
        SectionValues v = SectionValues.of(SectionKind.GLOBAL, null, null);
        v.put(ConfigKeys.DEFAULT_HOSTNAME, defaultHostname);
        v.put(ConfigKeys.DEFAULT_FROM, defaultFrom);
        v.put(ConfigKeys.SSL_DIR, sslDir);
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
        v.put(ConfigKeys.MAX_MESSAGES_PER_CONNECTION, maxMessagesPerConnection);
        v.put(ConfigKeys.TRUSTED_NETWORKS, trustedNetworks);
        return v;
    }
}
