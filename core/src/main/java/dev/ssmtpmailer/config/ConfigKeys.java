package dev.ssmtpmailer.config;

import static dev.ssmtpmailer.config.SectionKind.DOMAIN;
import static dev.ssmtpmailer.config.SectionKind.GLOBAL;
import static dev.ssmtpmailer.config.SectionKind.MAPPING;
import static dev.ssmtpmailer.config.SectionKind.USER;
import static dev.ssmtpmailer.config.ValueType.BOOLEAN;
import static dev.ssmtpmailer.config.ValueType.DURATION;
import static dev.ssmtpmailer.config.ValueType.INTEGER;
import static dev.ssmtpmailer.config.ValueType.LIST;
import static dev.ssmtpmailer.config.ValueType.PATH;
import static dev.ssmtpmailer.config.ValueType.SIZE;
import static dev.ssmtpmailer.config.ValueType.TEXT;
import static dev.ssmtpmailer.config.ValueType.URL;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every configuration key, defined once, in the order the INI reference, the printer and the Spring properties
 * list them. The INI reader, the printer, the Spring properties (and their IDE metadata) and the keys table of
 * {@code docs/configuration.md} are derived from these definitions.
 *
 * <p>To add a key: define it here; give the section's record and builder a field whose default is the key's
 * ({@code ConfigKeys.X.defaultValue()}); map it in {@code SectionCodec}, in both directions; check its value in
 * {@code ConfigValidator}. Then regenerate the derived files ({@code ConfigReferenceTest} in core and
 * {@code SectionPropertiesTest} in the Spring starter, each with {@code -Dssmtp.regenerate=true}); both fail until
 * that is done, and {@code SectionCodecTest} fails for a key that is mapped one way only. A secret read from a
 * file or an environment variable is three keys: the secret ({@code secret()}) and its sources
 * ({@code sourceOf(SECRET)}, a path or a variable name); "only one of them" is then checked for it.
 */
public final class ConfigKeys {
    private static final List<ConfigKey<?>> ALL = new ArrayList<>();

    // ------------------------------------------------------------------------------------------- [global]

    /** {@code default_hostname}. */
    public static final ConfigKey<String> DEFAULT_HOSTNAME = key(GLOBAL, "default_hostname", TEXT).detail("host name")
            .byDefault("localhost").guide().doc("EHLO name and `Received:` host; also names this host for local domains");
    /** {@code default_from}. */
    public static final ConfigKey<String> DEFAULT_FROM = key(GLOBAL, "default_from", TEXT).detail("address").guide()
            .doc("sender when none is given");
    /** {@code config_dir}. */
    public static final ConfigKey<Path> CONFIG_DIR = key(GLOBAL, "config_dir", PATH).layout().guide()
            .doc("where the tree is meant to live; absolute paths below it follow the tree (see *Paths*)");
    /** {@code domains_dir}. */
    public static final ConfigKey<Path> DOMAINS_DIR = key(GLOBAL, "domains_dir", PATH).byDefault(Path.of("domains"))
            .layout().guide().doc("directory of the domain files");
    /** {@code users_dir}. */
    public static final ConfigKey<Path> USERS_DIR = key(GLOBAL, "users_dir", PATH).byDefault(Path.of("users"))
            .layout().guide().doc("directory of the user files");
    /** {@code mappings_dir}. */
    public static final ConfigKey<Path> MAPPINGS_DIR = key(GLOBAL, "mappings_dir", PATH).byDefault(Path.of("mappings"))
            .layout().guide().doc("directory of the mapping files");
    /** {@code ssl_dir}. */
    public static final ConfigKey<Path> SSL_DIR = key(GLOBAL, "ssl_dir", PATH).guide()
            .doc("the inbound server's certificate and key; its other `*.pem` files are not trusted for upstreams "
                    + "(see `ca_file`, `ca_dir`)");
    /** {@code ca_dir}. */
    public static final ConfigKey<Path> CA_DIR = key(GLOBAL, "ca_dir", PATH).noDefault("none")
            .doc("CA certificates (`*.pem`) trusted for **every** upstream account, besides the system trust store "
                    + "and each account's `ca_file`; `ca_dir = ssl` gives back the first version's behaviour");
    /** {@code log_file}. */
    public static final ConfigKey<Path> LOG_FILE = key(GLOBAL, "log_file", PATH).noDefault("none (standard output)")
            .iniOnly().guide().doc("log file");
    /** {@code log_level}. */
    public static final ConfigKey<String> LOG_LEVEL = key(GLOBAL, "log_level", TEXT)
            .detail("`TRACE` `DEBUG` `INFO` `WARN` `ERROR` `OFF`").byDefault("INFO").iniOnly().guide().doc("log level");
    /** {@code max_connections} of {@code [global]}. */
    public static final ConfigKey<Integer> MAX_CONNECTIONS = key(GLOBAL, "max_connections", INTEGER).range(1, 1000)
            .byDefault(10).guide().doc("pooled upstream connections per account");
    /** {@code connection_timeout}. */
    public static final ConfigKey<Duration> CONNECTION_TIMEOUT = key(GLOBAL, "connection_timeout", DURATION)
            .detail("duration, > 0, ≤ 1h").byDefault(Duration.ofSeconds(30)).guide().doc("connect timeout");
    /** {@code read_timeout}. */
    public static final ConfigKey<Duration> READ_TIMEOUT = key(GLOBAL, "read_timeout", DURATION)
            .detail("duration, > 0, ≤ 1h").byDefault(Duration.ofSeconds(60)).guide().doc("read timeout");
    /** {@code write_timeout}. */
    public static final ConfigKey<Duration> WRITE_TIMEOUT = key(GLOBAL, "write_timeout", DURATION)
            .detail("duration, > 0, ≤ 1h").byDefault(Duration.ofSeconds(60)).guide().doc("write timeout");
    /** {@code enable_rate_limiting}. */
    public static final ConfigKey<Boolean> ENABLE_RATE_LIMITING = key(GLOBAL, "enable_rate_limiting", BOOLEAN)
            .byDefault(true).guide().doc("apply the rate limits");
    /** {@code rate_limit_per_minute} of {@code [global]}. */
    public static final ConfigKey<Integer> RATE_LIMIT_PER_MINUTE = key(GLOBAL, "rate_limit_per_minute", INTEGER)
            .range(0, 1_000_000).byDefault(100).guide().doc("messages per minute per account, 0 = none");
    /** {@code rate_limit_per_day} of {@code [global]}. */
    public static final ConfigKey<Integer> RATE_LIMIT_PER_DAY = key(GLOBAL, "rate_limit_per_day", INTEGER)
            .range(0, 100_000_000).byDefault(0).doc("messages per day per account, 0 = none (Gmail Workspace allows 2000)");
    /** {@code spool_dir}. */
    public static final ConfigKey<Path> SPOOL_DIR = key(GLOBAL, "spool_dir", PATH)
            .byDefault(Path.of("/var/spool/ssmtp-mailer")).doc("the durable queue");
    /** {@code retry_min_backoff}. */
    public static final ConfigKey<Duration> RETRY_MIN_BACKOFF = key(GLOBAL, "retry_min_backoff", DURATION)
            .detail("duration > 0, ≤ 365d").byDefault(Duration.ofSeconds(300))
            .doc("first retry delay of a queued message; not longer than `retry_max_backoff`");
    /** {@code retry_max_backoff}. */
    public static final ConfigKey<Duration> RETRY_MAX_BACKOFF = key(GLOBAL, "retry_max_backoff", DURATION)
            .detail("duration > 0, ≤ 365d").byDefault(Duration.ofSeconds(4000)).doc("longest retry delay of a queued message");
    /** {@code max_queue_lifetime}. */
    public static final ConfigKey<Duration> MAX_QUEUE_LIFETIME = key(GLOBAL, "max_queue_lifetime", DURATION)
            .detail("duration > 0, ≤ 365d").byDefault(Duration.ofDays(5))
            .doc("how long a message may stay queued; after this it is dead-lettered (Postfix `maximal_queue_lifetime`, "
                    + "which Postfix caps at 100d)");
    /** {@code max_message_size}. */
    public static final ConfigKey<Long> MAX_MESSAGE_SIZE = key(GLOBAL, "max_message_size", SIZE).detail("size > 0")
            .byDefault(25L * 1024 * 1024).doc("largest message accepted, in bytes");
    /** {@code trusted_networks}. */
    public static final ConfigKey<List<String>> TRUSTED_NETWORKS = key(GLOBAL, "trusted_networks", LIST)
            .detail("list of CIDR").byDefault(List.of("127.0.0.0/8", "::1/128"))
            .doc("networks whose clients may submit outbound mail to the inbound server");
    /** {@code queue_backend}. */
    public static final ConfigKey<String> QUEUE_BACKEND = key(GLOBAL, "queue_backend", TEXT).detail("`file` or `postgres`")
            .byDefault("file").doc("where the queue and the rate limits live: `file` (`spool_dir`, this process) or "
                    + "`postgres` (a database several instances share, see docs/scale-out.md)");
    /** {@code database_url}. */
    public static final ConfigKey<String> DATABASE_URL = key(GLOBAL, "database_url", TEXT).detail("JDBC URL")
            .noDefault("none; required with `queue_backend = postgres`")
            .doc("the shared database, `jdbc:postgresql://host:port/database`");
    /** {@code database_user}. */
    public static final ConfigKey<String> DATABASE_USER = key(GLOBAL, "database_user", TEXT)
            .noDefault("none (the driver's default)").doc("the database role");
    /** {@code database_password}. */
    public static final ConfigKey<String> DATABASE_PASSWORD = key(GLOBAL, "database_password", TEXT).detail("secret")
            .secret().doc("the database role's password");
    /** {@code database_password_file}. */
    public static final ConfigKey<Path> DATABASE_PASSWORD_FILE = key(GLOBAL, "database_password_file", PATH)
            .sourceOf(DATABASE_PASSWORD).doc("file holding the database password (first line)");
    /** {@code database_password_env}. */
    public static final ConfigKey<String> DATABASE_PASSWORD_ENV = key(GLOBAL, "database_password_env", TEXT)
            .sourceOf(DATABASE_PASSWORD).doc("environment variable holding the database password");
    /** {@code database_schema}. */
    public static final ConfigKey<String> DATABASE_SCHEMA = key(GLOBAL, "database_schema", TEXT)
            .detail("lower-case identifier").byDefault("ssmtp_mailer")
            .doc("the relay's own schema (tables and migration history), created at start");
    /** {@code instance_id}. */
    public static final ConfigKey<String> INSTANCE_ID = key(GLOBAL, "instance_id", TEXT)
            .noDefault("host name and process id").doc("this instance's name in the shared queue's leases");
    /** {@code queue_lease}. */
    public static final ConfigKey<Duration> QUEUE_LEASE = key(GLOBAL, "queue_lease", DURATION).detail("duration ≥ 5s, ≤ 1d")
            .byDefault(Duration.ofMinutes(2)).doc("how long a message taken by an instance stays its own (renewed "
                    + "while it is sent); after a crash, others take the instance's messages over when it ends");
    /** {@code metrics_listen}. */
    public static final ConfigKey<String> METRICS_LISTEN = key(GLOBAL, "metrics_listen", TEXT).detail("HOST:PORT")
            .noDefault("off").iniOnly().doc("where `serve` answers `GET /metrics` (Prometheus) and `GET /health`; "
                    + "give a loopback address (`127.0.0.1:9465`) unless the endpoints should be reachable from outside");

    /** {@code min_free_space}. */
    public static final ConfigKey<Long> MIN_FREE_SPACE = key(GLOBAL, "min_free_space", SIZE).detail("size ≥ 0")
            .byDefault(100L * 1024 * 1024)
            .doc("below this free space on the file system of `spool_dir` the inbound server answers `MAIL FROM` with "
                    + "`452 4.3.1`; 0 = no check (Postfix `queue_minfree`)");
    /** {@code user_from_mismatch}. */
    public static final ConfigKey<String> USER_FROM_MISMATCH = key(GLOBAL, "user_from_mismatch", TEXT)
            .detail("`rewrite` `refuse`").byDefault("rewrite")
            .doc("a message a trusted client submits as a `[user:...]` whose `From:` is not that address: `rewrite` "
                    + "`From:` to it, or `refuse` it with `550 5.7.1`");
    /** {@code send_bounces}. */
    public static final ConfigKey<Boolean> SEND_BOUNCES = key(GLOBAL, "send_bounces", BOOLEAN).byDefault(true)
            .doc("send a bounce (RFC 3464) to the envelope sender of forwarded mail given up; `false` = none (no "
                    + "backscatter to forged senders); a dead-lettered message keeps its reason either way");
    /** {@code bounce_rate_limit_per_hour}. */
    public static final ConfigKey<Integer> BOUNCE_RATE_LIMIT_PER_HOUR = key(GLOBAL, "bounce_rate_limit_per_hour",
            INTEGER).range(0, 1_000_000).byDefault(20)
            .doc("bounces per hour per account; beyond it a bounce is not sent (logged); 0 = none at all");
    /** {@code server_max_connections}. */
    public static final ConfigKey<Integer> SERVER_MAX_CONNECTIONS = key(GLOBAL, "server_max_connections", INTEGER)
            .detail("integer > 0").byDefault(100)
            .doc("inbound connections in all (Postfix `default_process_limit`)");
    /** {@code server_max_connections_per_client}. */
    public static final ConfigKey<Integer> SERVER_MAX_CONNECTIONS_PER_CLIENT = key(GLOBAL,
            "server_max_connections_per_client", INTEGER).detail("integer > 0, ≤ `server_max_connections`")
            .noDefault("half of `server_max_connections`")
            .doc("inbound connections from one IP address (Postfix `smtpd_client_connection_count_limit`)");
    /** {@code server_max_messages_per_connection}. */
    public static final ConfigKey<Integer> SERVER_MAX_MESSAGES_PER_CONNECTION = key(GLOBAL,
            "server_max_messages_per_connection", INTEGER).detail("integer ≥ 0").byDefault(0)
            .doc("messages in one inbound connection; the next `MAIL FROM` gets `421 4.7.0` and the connection is closed; "
                    + "0 = no limit (Postfix's smtpd has none)");
    /** {@code server_max_recipients}. */
    public static final ConfigKey<Integer> SERVER_MAX_RECIPIENTS = key(GLOBAL, "server_max_recipients", INTEGER)
            .detail("integer > 0").byDefault(1000)
            .doc("recipients of one inbound message (Postfix `smtpd_recipient_limit`)");
    /** {@code server_max_commands}. */
    public static final ConfigKey<Integer> SERVER_MAX_COMMANDS = key(GLOBAL, "server_max_commands", INTEGER)
            .detail("integer > 0").byDefault(10_000)
            .doc("commands in one inbound connection since its last accepted message (a client that delivers is never cut off)");
    /** {@code server_soft_error_limit}. */
    public static final ConfigKey<Integer> SERVER_SOFT_ERROR_LIMIT = key(GLOBAL, "server_soft_error_limit", INTEGER)
            .detail("integer > 0, ≤ `server_hard_error_limit`").byDefault(10)
            .doc("errors after which every reply is delayed by `server_error_delay` (Postfix `smtpd_soft_error_limit`)");
    /** {@code server_hard_error_limit}. */
    public static final ConfigKey<Integer> SERVER_HARD_ERROR_LIMIT = key(GLOBAL, "server_hard_error_limit", INTEGER)
            .detail("integer > 0").byDefault(20)
            .doc("errors after which the client gets `421` and is disconnected (Postfix `smtpd_hard_error_limit`)");
    /** {@code server_error_delay}. */
    public static final ConfigKey<Duration> SERVER_ERROR_DELAY = key(GLOBAL, "server_error_delay", DURATION)
            .detail("duration ≥ 0, ≤ 1h").byDefault(Duration.ofSeconds(1))
            .doc("delay per reply past the soft error limit (Postfix `smtpd_error_sleep_time`)");
    /** {@code server_idle_timeout}. */
    public static final ConfigKey<Duration> SERVER_IDLE_TIMEOUT = key(GLOBAL, "server_idle_timeout", DURATION)
            .detail("duration > 0, ≤ 1h").byDefault(Duration.ofMinutes(5))
            .doc("longest wait for an inbound client's next command or data (Postfix `smtpd_timeout`)");
    /** {@code server_write_timeout}. */
    public static final ConfigKey<Duration> SERVER_WRITE_TIMEOUT = key(GLOBAL, "server_write_timeout", DURATION)
            .detail("duration > 0, ≤ 1h").byDefault(Duration.ofMinutes(5))
            .doc("longest write of one reply; a client that does not read is dropped (Postfix `smtpd_timeout`)");
    /** {@code server_max_session_time}. */
    public static final ConfigKey<Duration> SERVER_MAX_SESSION_TIME = key(GLOBAL, "server_max_session_time", DURATION)
            .detail("duration > 0, ≤ 1d").byDefault(Duration.ofHours(1)).doc("longest inbound connection");
    /** {@code server_auth_failure_limit}. */
    public static final ConfigKey<Integer> SERVER_AUTH_FAILURE_LIMIT = key(GLOBAL, "server_auth_failure_limit", INTEGER)
            .range(0, ServerLimits.MAX_AUTH_FAILURE_LIMIT).byDefault(10)
            .doc("failed logins (`AUTH`) from one client address, over all its connections, within "
                    + "`server_auth_failure_window`; beyond them its `AUTH` gets `450 4.7.1` without a password check; "
                    + "0 = no limit (Postfix `smtpd_client_auth_rate_limit` counts every `AUTH`)");
    /** {@code server_auth_failure_window}. */
    public static final ConfigKey<Duration> SERVER_AUTH_FAILURE_WINDOW = key(GLOBAL, "server_auth_failure_window",
            DURATION).detail("duration > 0, ≤ 1d").byDefault(Duration.ofMinutes(5))
            .doc("the sliding window of `server_auth_failure_limit`: a failed login counts for this long (Postfix "
                    + "`anvil_rate_time_unit`)");

    // ------------------------------------------------------------------------------------- [domain:NAME]

    /** {@code enabled} of {@code [domain:NAME]}. */
    public static final ConfigKey<Boolean> DOMAIN_ENABLED = key(DOMAIN, "enabled", BOOLEAN).byDefault(true).guide()
            .doc("whether the domain is used; a disabled domain is ignored by mappings and the server");
    /** {@code smtp_server}. */
    public static final ConfigKey<String> SMTP_SERVER = key(DOMAIN, "smtp_server", TEXT).detail("host name")
            .required().guide()
            .doc("upstream server host");
    /** {@code smtp_port}. */
    public static final ConfigKey<Integer> SMTP_PORT = key(DOMAIN, "smtp_port", INTEGER).range(1, 65535)
            .byDefault(587).guide().doc("upstream server port");
    /** {@code auth_method}. */
    public static final ConfigKey<AuthMethod> AUTH_METHOD = key(DOMAIN, "auth_method", ValueType.AUTH_METHOD)
            .byDefault(AuthMethod.LOGIN).guide().doc("how to log in (SASL mechanism)");
    /** {@code relay_account}. */
    public static final ConfigKey<String> RELAY_ACCOUNT = key(DOMAIN, "relay_account", TEXT).guide()
            .doc("the name mappings use in `smtp_account`, else `username`; unique among enabled domains");
    /** {@code username}. */
    public static final ConfigKey<String> USERNAME = key(DOMAIN, "username", TEXT).guide()
            .doc("login name for AUTH; required for `LOGIN`, `PLAIN`, `XOAUTH2` unless `relay_account` is the login");
    /** {@code password}. */
    public static final ConfigKey<String> PASSWORD = key(DOMAIN, "password", TEXT).detail("secret").secret().guide()
            .doc("the password itself; prefer `password_file` or `password_env`");
    /** {@code password_file}. */
    public static final ConfigKey<Path> PASSWORD_FILE = key(DOMAIN, "password_file", PATH).sourceOf(PASSWORD)
            .doc("file whose first line is the password, read on each use");
    /** {@code password_env}. */
    public static final ConfigKey<String> PASSWORD_ENV = key(DOMAIN, "password_env", TEXT).sourceOf(PASSWORD)
            .doc("environment variable holding the password");
    /** {@code use_ssl}. */
    public static final ConfigKey<Boolean> USE_SSL = key(DOMAIN, "use_ssl", BOOLEAN).byDefault(false).guide()
            .doc("TLS from the first byte (port 465)");
    /** {@code use_starttls}. */
    public static final ConfigKey<Boolean> USE_STARTTLS = key(DOMAIN, "use_starttls", BOOLEAN).byDefault(true).guide()
            .doc("STARTTLS before anything else, never a plaintext fallback (port 587); false with `use_ssl = false` is "
                    + "plain text, only for a server on this host or a trusted network");
    /** {@code oauth2_access_token}. */
    public static final ConfigKey<String> OAUTH2_ACCESS_TOKEN = key(DOMAIN, "oauth2_access_token", TEXT).detail("secret")
            .secret().doc("a static XOAUTH2 access token");
    /** {@code oauth2_access_token_file}. */
    public static final ConfigKey<Path> OAUTH2_ACCESS_TOKEN_FILE = key(DOMAIN, "oauth2_access_token_file", PATH)
            .sourceOf(OAUTH2_ACCESS_TOKEN).doc("file holding a static XOAUTH2 access token");
    /** {@code oauth2_token_endpoint}. */
    public static final ConfigKey<URI> OAUTH2_TOKEN_ENDPOINT = key(DOMAIN, "oauth2_token_endpoint", URL)
            .detail("https URL").doc("OAuth2 token endpoint of the refresh-token grant (`http` only on localhost)");
    /** {@code oauth2_client_id}. */
    public static final ConfigKey<String> OAUTH2_CLIENT_ID = key(DOMAIN, "oauth2_client_id", TEXT)
            .doc("OAuth2 client id; required with `oauth2_token_endpoint`");
    /** {@code oauth2_client_secret}. */
    public static final ConfigKey<String> OAUTH2_CLIENT_SECRET = key(DOMAIN, "oauth2_client_secret", TEXT).detail("secret")
            .secret().doc("OAuth2 client secret; required with `oauth2_token_endpoint`");
    /** {@code oauth2_client_secret_file}. */
    public static final ConfigKey<Path> OAUTH2_CLIENT_SECRET_FILE = key(DOMAIN, "oauth2_client_secret_file", PATH)
            .sourceOf(OAUTH2_CLIENT_SECRET).doc("file holding the OAuth2 client secret");
    /** {@code oauth2_refresh_token}. */
    public static final ConfigKey<String> OAUTH2_REFRESH_TOKEN = key(DOMAIN, "oauth2_refresh_token", TEXT).detail("secret")
            .secret().doc("OAuth2 refresh token; required with `oauth2_token_endpoint`");
    /** {@code oauth2_refresh_token_file}. */
    public static final ConfigKey<Path> OAUTH2_REFRESH_TOKEN_FILE = key(DOMAIN, "oauth2_refresh_token_file", PATH)
            .sourceOf(OAUTH2_REFRESH_TOKEN).doc("file holding the OAuth2 refresh token");
    /** {@code ca_file}. */
    public static final ConfigKey<Path> CA_FILE = key(DOMAIN, "ca_file", PATH).detail("path, readable")
            .doc("an extra trusted CA certificate (PEM) for this upstream");
    /** {@code verify_certificates}. */
    public static final ConfigKey<Boolean> VERIFY_CERTIFICATES = key(DOMAIN, "verify_certificates", BOOLEAN)
            .byDefault(true).doc("verify the upstream certificate and host name");
    /** {@code rate_limit_per_minute} of {@code [domain:NAME]}. */
    public static final ConfigKey<Integer> DOMAIN_RATE_LIMIT_PER_MINUTE = key(DOMAIN, "rate_limit_per_minute", INTEGER)
            .range(0, 1_000_000).noDefault("global value").doc("this account's override of the global messages per minute");
    /** {@code rate_limit_per_day} of {@code [domain:NAME]}. */
    public static final ConfigKey<Integer> DOMAIN_RATE_LIMIT_PER_DAY = key(DOMAIN, "rate_limit_per_day", INTEGER)
            .range(0, 100_000_000).noDefault("global value").doc("this account's override of the global messages per day");
    /** {@code max_connections} of {@code [domain:NAME]}. */
    public static final ConfigKey<Integer> DOMAIN_MAX_CONNECTIONS = key(DOMAIN, "max_connections", INTEGER)
            .range(1, 1000).noDefault("global value").doc("this account's override of the global connections");
    /** {@code forward_from_rewrite}. */
    public static final ConfigKey<Boolean> FORWARD_FROM_REWRITE = key(DOMAIN, "forward_from_rewrite", BOOLEAN)
            .byDefault(false).doc("forwarded mail: `From:` becomes the account, the original goes to `Reply-To:`");
    /** {@code inbound}. */
    public static final ConfigKey<Boolean> INBOUND = key(DOMAIN, "inbound", BOOLEAN).byDefault(false)
            .doc("`true` marks a local domain that the inbound server accepts mail for; without it a domain is local only "
                    + "when `default_hostname` or a mapping's `from_pattern` names it, and every other domain is an upstream");
    /** {@code listen_address}. */
    public static final ConfigKey<String> LISTEN_ADDRESS = key(DOMAIN, "listen_address", TEXT).detail("host")
            .noDefault("`smtp_server`").doc("local domain: the address the inbound server listens on");
    /** {@code listen_port}. */
    public static final ConfigKey<Integer> LISTEN_PORT = key(DOMAIN, "listen_port", INTEGER).range(0, 65535)
            .noDefault("`smtp_port`").doc("local domain: the port the inbound server listens on (0: any free port)");

    // -------------------------------------------------------------------------------------- [user:ADDRESS]

    /** {@code enabled} of {@code [user:ADDRESS]}. */
    public static final ConfigKey<Boolean> USER_ENABLED = key(USER, "enabled", BOOLEAN).byDefault(true).guide()
            .doc("whether the user is used; a disabled user may neither send nor receive");
    /** {@code domain} of {@code [user:ADDRESS]}. */
    public static final ConfigKey<String> USER_DOMAIN = key(USER, "domain", TEXT).guide()
            .doc("the domain the user belongs to");
    /** {@code can_send_from}. */
    public static final ConfigKey<Boolean> CAN_SEND_FROM = key(USER, "can_send_from", BOOLEAN).byDefault(false).guide()
            .doc("may be the sender of outbound mail");
    /** {@code can_send_to}. */
    public static final ConfigKey<Boolean> CAN_SEND_TO = key(USER, "can_send_to", BOOLEAN).byDefault(false).guide()
            .doc("may be the recipient of inbound mail");
    /** {@code template_address}. */
    public static final ConfigKey<Boolean> TEMPLATE_ADDRESS = key(USER, "template_address", BOOLEAN).byDefault(false)
            .guide().doc("the section's address is a pattern `*@host`; required for, and only for, patterns");
    /** {@code allowed_domains}. */
    public static final ConfigKey<List<String>> ALLOWED_DOMAINS = key(USER, "allowed_domains", LIST)
            .detail("list of host names").noDefault("none (any)").guide()
            .doc("when set, every recipient's domain must be one of these");
    /** {@code password_hash}. */
    public static final ConfigKey<String> PASSWORD_HASH = key(USER, "password_hash", TEXT).detail("`{bcrypt}` hash")
            .secret().noDefault("none (no AUTH)")
            .doc("lets a client log in as this user with `AUTH` after `STARTTLS` and submit mail as this address, from "
                    + "any IP, to any domain; make it with `ssmtp-mailer hash-password` (not for `template_address` users)");

    // ------------------------------------------------------------------------------------- [mapping:NAME]

    /** {@code from_pattern}. */
    public static final ConfigKey<String> FROM_PATTERN = key(MAPPING, "from_pattern", TEXT).detail("pattern")
            .required().guide().doc("the local alias: an address, or `*@host`");
    /** {@code to_pattern}. */
    public static final ConfigKey<String> TO_PATTERN = key(MAPPING, "to_pattern", TEXT).detail("pattern")
            .required().guide().doc("the canonical address, or `*@host` to carry the local part over");
    /** {@code smtp_account}. */
    public static final ConfigKey<String> SMTP_ACCOUNT = key(MAPPING, "smtp_account", TEXT).required()
            .guide().doc("the `relay_account` (or `username`) of the enabled domain to send through");
    /** {@code domain} of {@code [mapping:NAME]}. */
    public static final ConfigKey<String> MAPPING_DOMAIN = key(MAPPING, "domain", TEXT).guide()
            .doc("the canonical domain, informational");

    private static final List<ConfigKey<?>> KEYS = Collections.unmodifiableList(new ArrayList<>(ALL));

    private ConfigKeys() {
    }

    /** @return every key, in reference order */
    public static List<ConfigKey<?>> all() {
        return KEYS;
    }

    /**
     * @param section a kind of section
     * @return its keys, in reference order
     */
    public static List<ConfigKey<?>> of(SectionKind section) {
        return KEYS.stream().filter(k -> k.section() == section).toList();
    }

    /**
     * @param section a kind of section
     * @param name an INI key name
     * @return the key of that section with that name
     */
    public static Optional<ConfigKey<?>> find(SectionKind section, String name) {
        return KEYS.stream().filter(k -> k.section() == section && k.name().equals(name)).findFirst();
    }

    /**
     * @param secret a secret key ({@code password})
     * @return the secret key followed by its other sources, in reference order: a {@code PATH} key names a file
     *         holding the secret, a {@code TEXT} key an environment variable ({@code password_file}, {@code password_env})
     */
    public static List<ConfigKey<?>> sourcesOf(ConfigKey<String> secret) {
        return KEYS.stream().filter(k -> k == secret || k.sourceOf() == secret).toList();
    }

    private static <T> Def<T> key(SectionKind section, String name, ValueType<T> type) {
        return new Def<>(section, name, type);
    }

    /** Reads like a row of the reference table; {@link #doc(String)} ends it and registers the key. */
    private static final class Def<T> {
        private final SectionKind section;
        private final String name;
        private final ValueType<T> type;
        private String detail;
        private T defaultValue;
        private long min = Long.MIN_VALUE;
        private long max = Long.MAX_VALUE;
        private String defaultText;
        private boolean secret;
        private boolean required;
        private ConfigKey<String> sourceOf;
        private boolean guide;
        private ConfigKey.Scope scope = ConfigKey.Scope.EVERYWHERE;

        Def(SectionKind section, String name, ValueType<T> type) {
            this.section = section;
            this.name = name;
            this.type = type;
        }

        Def<T> detail(String text) {
            detail = text;
            return this;
        }

        Def<T> range(long min, long max) {
            this.min = min;
            this.max = max;
            return detail(type.name() + " " + min + "-" + max);
        }

        Def<T> byDefault(T value) {
            defaultValue = value;
            return this;
        }

        Def<T> noDefault(String text) {
            defaultText = text;
            return this;
        }

        Def<T> required() {
            required = true;
            return this;
        }

        Def<T> secret() {
            secret = true;
            return this;
        }

        Def<T> sourceOf(ConfigKey<String> secretKey) {
            sourceOf = secretKey;
            return this;
        }

        Def<T> guide() {
            guide = true;
            return this;
        }

        Def<T> iniOnly() {
            scope = ConfigKey.Scope.INI_FILES;
            return this;
        }

        Def<T> layout() {
            scope = ConfigKey.Scope.TREE_LAYOUT;
            return this;
        }

        ConfigKey<T> doc(String description) {
            if (find(section, name).isPresent()) {
                throw new IllegalStateException("key " + section.header() + "." + name + " is defined twice");
            }
            ConfigKey<T> key = new ConfigKey<>(section, name, type, detail != null ? detail : type.name(), min, max,
                    defaultValue, defaultDescription(), secret, required, sourceOf, guide, scope, description);
            ALL.add(key);
            return key;
        }

        private String defaultDescription() {
            if (required) {
                return "required";
            }
            if (defaultValue != null) {
                return type.format(defaultValue);
            }
            return defaultText != null ? defaultText : "none";
        }

        private static Optional<ConfigKey<?>> find(SectionKind section, String name) {
            return ALL.stream().filter(k -> k.section() == section && k.name().equals(name)).findFirst();
        }
    }
}
