package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SectionValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [global]} section, under {@code ssmtp-mailer.global}.
 *
 * <p>Generated from {@link ConfigKeys} by {@code SectionPropertiesTest}: do not edit; after changing a key, run
 * that test with {@code -Dssmtp.regenerate=true}. Every value left unset ({@code null}) takes core's default.
 *
 * @param defaultHostname EHLO name and {@code Received:} host; also names this host for local domains ({@code
 *        default_hostname}). Default localhost.
 * @param defaultFrom Sender when none is given ({@code default_from}).
 * @param sslDir Trusted CA certificates ({@code *.pem}) and the server's certificate and key ({@code ssl_dir}).
 * @param maxConnections Pooled upstream connections per account ({@code max_connections}). Default 10.
 * @param connectionTimeout Connect timeout ({@code connection_timeout}). Default 30s.
 * @param readTimeout Read timeout ({@code read_timeout}). Default 1m.
 * @param writeTimeout Write timeout ({@code write_timeout}). Default 1m.
 * @param enableRateLimiting Apply the rate limits ({@code enable_rate_limiting}). Default true.
 * @param rateLimitPerMinute Messages per minute per account, 0 = none ({@code rate_limit_per_minute}). Default 100.
 * @param rateLimitPerDay Messages per day per account, 0 = none (Gmail Workspace allows 2000) ({@code
 *        rate_limit_per_day}). Default 0.
 * @param spoolDir The durable queue ({@code spool_dir}). Default /var/spool/ssmtp-mailer.
 * @param retryMinBackoff First retry delay of a queued message; not longer than {@code retry_max_backoff} ({@code
 *        retry_min_backoff}). Default 5m.
 * @param retryMaxBackoff Longest retry delay of a queued message ({@code retry_max_backoff}). Default 4000s.
 * @param maxQueueLifetime How long a message may stay queued; after this it is dead-lettered ({@code
 *        max_queue_lifetime}). Default 5d.
 * @param maxMessageSize Largest message accepted, in bytes ({@code max_message_size}). Default 26214400 (25M).
 * @param maxMessagesPerConnection Messages one client connection to the inbound server may carry; the next {@code
 *        MAIL FROM} gets {@code 421 4.7.0} and the connection is closed; 0 = no limit (as Postfix's smtpd) ({@code
 *        max_messages_per_connection}). Default 0.
 * @param trustedNetworks Networks whose clients may submit outbound mail to the inbound server ({@code
 *        trusted_networks}). Default 127.0.0.0/8, ::1/128.
 */
public record GlobalProperties(
        String defaultHostname,
        String defaultFrom,
        Path sslDir,
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
        Integer maxMessagesPerConnection,
        List<String> trustedNetworks) {

    /** Nothing set: every value takes core's default. */
    static final GlobalProperties UNSET = new GlobalProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** Copies the lists; an unset list is empty. */
    public GlobalProperties {
        trustedNetworks = trustedNetworks == null ? List.of() : List.copyOf(trustedNetworks);
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
