package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.OAuth2Settings;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.config.SourceLocation;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.config.UserConfig;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Writes the effective configuration in the INI form it is read from, every key with its value (defaults
 * included), secrets as {@value Secret#MASK}. Where a secret comes from a file or an environment variable the
 * file or variable name is printed: those are not secret, and they are what an operator needs to check.
 */
final class ConfigPrinter {
    private final StringBuilder out = new StringBuilder();

    private ConfigPrinter() {
    }

    static String print(RelayConfig config) {
        ConfigPrinter p = new ConfigPrinter();
        p.global(config.global());
        config.domains().forEach(p::domain);
        config.users().forEach(p::user);
        config.mappings().forEach(p::mapping);
        return p.out.toString();
    }

    private void header(String section, SourceLocation source) {
        if (out.length() > 0) {
            out.append('\n');
        }
        if (source.file() != null) {
            out.append("# ").append(clean(source.file()));
            if (source.line() > 0) {
                out.append(':').append(source.line());
            }
            out.append('\n');
        }
        out.append('[').append(clean(section)).append("]\n");
    }

    private void key(String key, Object value) {
        if (value != null) {
            out.append(key).append(" = ").append(clean(String.valueOf(value))).append('\n');
        }
    }

    private void secret(String valueKey, String fileKey, String envKey, Secret secret) {
        if (secret == null) {
            return;
        }
        String from = secret.describe();
        if (secret.file().isPresent()) {
            key(fileKey, secret.file().get());
        } else if (from.startsWith("env ") && envKey != null) {
            key(envKey, from.substring("env ".length()));
        } else {
            key(valueKey, Secret.MASK);
        }
    }

    private void global(GlobalSettings g) {
        header("global", g.source());
        key("default_hostname", g.defaultHostname());
        key("default_from", g.defaultFrom());
        key("ssl_dir", g.sslDir());
        key("ca_dir", g.caDir());
        key("log_file", g.logFile());
        key("log_level", g.logLevel());
        key("max_connections", g.maxConnections());
        key("connection_timeout", duration(g.connectionTimeout()));
        key("read_timeout", duration(g.readTimeout()));
        key("write_timeout", duration(g.writeTimeout()));
        key("enable_rate_limiting", g.enableRateLimiting());
        key("rate_limit_per_minute", g.rateLimitPerMinute());
        key("rate_limit_per_day", g.rateLimitPerDay());
        key("spool_dir", g.spoolDir());
        key("retry_min_backoff", duration(g.retryMinBackoff()));
        key("retry_max_backoff", duration(g.retryMaxBackoff()));
        key("max_queue_lifetime", duration(g.maxQueueLifetime()));
        key("max_message_size", g.maxMessageSize());
        key("trusted_networks", g.trustedNetworks().stream().map(Cidr::toString).collect(Collectors.joining(", ")));
        ServerLimits l = g.serverLimits();
        key("server_max_connections", l.maxConnections());
        key("server_max_connections_per_client", l.maxConnectionsPerClient());
        key("server_max_messages_per_connection", l.maxMessagesPerConnection());
        key("server_max_recipients", l.maxRecipients());
        key("server_max_commands", l.maxCommandsPerSession());
        key("server_soft_error_limit", l.softErrorLimit());
        key("server_hard_error_limit", l.hardErrorLimit());
        key("server_error_delay", duration(l.errorDelay()));
        key("server_idle_timeout", duration(l.idleTimeout()));
        key("server_write_timeout", duration(l.writeTimeout()));
        key("server_max_session_time", duration(l.maxSessionTime()));
    }

    private void domain(DomainConfig d) {
        header("domain:" + d.name(), d.source());
        key("enabled", d.enabled());
        key("smtp_server", d.smtpServer());
        key("smtp_port", d.smtpPort());
        key("auth_method", d.authMethod());
        key("relay_account", d.relayAccount());
        key("username", d.username());
        secret("password", "password_file", "password_env", d.password());
        key("use_ssl", d.tls() == TlsMode.IMPLICIT);
        key("use_starttls", d.tls() == TlsMode.STARTTLS);
        OAuth2Settings o = d.oauth2();
        if (o != null) {
            secret("oauth2_access_token", "oauth2_access_token_file", null, o.accessToken());
            key("oauth2_token_endpoint", o.tokenEndpoint());
            key("oauth2_client_id", o.clientId());
            secret("oauth2_client_secret", "oauth2_client_secret_file", null, o.clientSecret());
            secret("oauth2_refresh_token", "oauth2_refresh_token_file", null, o.refreshToken());
        }
        key("ca_file", d.caFile());
        key("verify_certificates", d.verifyCertificates());
        key("rate_limit_per_minute", d.rateLimitPerMinute());
        key("rate_limit_per_day", d.rateLimitPerDay());
        key("max_connections", d.maxConnections());
        key("forward_from_rewrite", d.forwardFromRewrite());
        key("listen_address", d.listenAddress());
        key("listen_port", d.listenPort());
    }

    private void user(UserConfig u) {
        header("user:" + u.address(), u.source());
        key("enabled", u.enabled());
        key("domain", u.domain());
        key("can_send_from", u.canSendFrom());
        key("can_send_to", u.canSendTo());
        key("template_address", u.templateAddress());
        if (!u.allowedDomains().isEmpty()) {
            key("allowed_domains", String.join(", ", u.allowedDomains()));
        }
    }

    private void mapping(MappingConfig m) {
        header("mapping:" + m.name(), m.source());
        key("from_pattern", m.fromPattern());
        key("to_pattern", m.toPattern());
        key("smtp_account", m.smtpAccount());
        key("domain", m.domain());
    }

    /** The largest whole unit, so that the printed value reads as the user would write it (300s -> 5m). */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s != 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** Values built in code could hold a line break; printed, it would forge a key. */
    private static String clean(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
