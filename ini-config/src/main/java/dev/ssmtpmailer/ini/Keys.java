package dev.ssmtpmailer.ini;

import java.util.List;

/** Every key each kind of section accepts: those the guide shows, then those design section 5 adds. */
final class Keys {
    static final List<String> GLOBAL = List.of(
            "default_hostname", "default_from", "config_dir", "domains_dir", "users_dir", "mappings_dir", "ssl_dir",
            "ca_dir",
            "log_file", "log_level", "max_connections", "connection_timeout", "read_timeout", "write_timeout",
            "enable_rate_limiting", "rate_limit_per_minute",
            "spool_dir", "rate_limit_per_day", "retry_min_backoff", "retry_max_backoff", "max_queue_lifetime",
            "max_message_size", "trusted_networks",
            "server_max_connections", "server_max_connections_per_client", "server_max_messages_per_connection",
            "server_max_recipients", "server_max_commands", "server_soft_error_limit", "server_hard_error_limit",
            "server_error_delay", "server_idle_timeout", "server_write_timeout", "server_max_session_time");

    static final List<String> DOMAIN = List.of(
            "enabled", "smtp_server", "smtp_port", "auth_method", "relay_account", "username", "password", "use_ssl",
            "use_starttls",
            "password_file", "password_env", "oauth2_access_token", "oauth2_access_token_file", "oauth2_token_endpoint",
            "oauth2_client_id", "oauth2_client_secret", "oauth2_client_secret_file", "oauth2_refresh_token",
            "oauth2_refresh_token_file", "ca_file", "verify_certificates", "rate_limit_per_minute", "rate_limit_per_day",
            "max_connections", "forward_from_rewrite", "listen_address", "listen_port");

    static final List<String> USER = List.of(
            "enabled", "domain", "can_send_from", "can_send_to", "template_address", "allowed_domains");

    static final List<String> MAPPING = List.of("from_pattern", "to_pattern", "smtp_account", "domain");

    /** Keys whose value is itself a secret: a file holding one of them must not be readable by others. */
    static final List<String> INLINE_SECRETS = List.of(
            "password", "oauth2_access_token", "oauth2_client_secret", "oauth2_refresh_token");

    /** Section kinds, as they appear in headers, for suggestions. */
    static final List<String> SECTION_KINDS = List.of("global", "domain", "user", "mapping");

    private Keys() {
    }
}
