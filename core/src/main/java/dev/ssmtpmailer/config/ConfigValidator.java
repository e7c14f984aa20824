package dev.ssmtpmailer.config;

import dev.ssmtpmailer.address.AddressPattern;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every rule a configuration must follow, in one place. The INI and Spring layers only translate; what is
 * valid is decided here, and each problem names the section and key in the INI vocabulary.
 */
final class ConfigValidator {
    /**
     * The longest {@code retry_min_backoff}, {@code retry_max_backoff} and {@code max_queue_lifetime}: a year
     * (Postfix caps {@code maximal_queue_lifetime} at 100 days), far below where {@code created + lifetime} or a
     * backoff in milliseconds would overflow.
     */
    static final Duration MAX_QUEUE_DURATION = Duration.ofDays(365);
    private static final Duration MAX_LEASE = QueueBackendSettings.MAX_LEASE;
    /** The bound of {@code connection_timeout}, {@code read_timeout} and {@code write_timeout}. */
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "OFF");

    private final GlobalSettings global;
    private final List<DomainConfig> domains;
    private final List<UserConfig> users;
    private final List<MappingConfig> mappings;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Consumer<ConfigProblem> unsetVariables;

    /**
     * @param unsetVariables receives a secret's {@code *_env} variable that is not set in this process instead of
     *        the problems, or {@code null}: then it is a problem like any other (what {@code serve} needs)
     */
    ConfigValidator(GlobalSettings global, List<DomainConfig> domains, List<UserConfig> users, List<MappingConfig> mappings,
            Consumer<ConfigProblem> unsetVariables) {
        this.global = global;
        this.domains = domains;
        this.users = users;
        this.mappings = mappings;
        this.unsetVariables = unsetVariables;
    }

    List<ConfigProblem> validate() {
        checkGlobal();
        Map<String, DomainConfig> accounts = checkDomains();
        checkUsers();
        checkMappings(accounts);
        return List.copyOf(problems);
    }

    /**
     * The rules about which keys a section may combine, checked before the section becomes a record (which
     * keeps one TLS mode and one secret source, so the combination is gone by then).
     *
     * @param v a section as keys and values
     * @return what is wrong, each at the key that should go
     */
    static List<ConfigProblem> checkKeys(SectionValues v) {
        List<ConfigProblem> found = new ArrayList<>();
        SourceLocation at = v.source();
        for (ConfigKey<?> key : ConfigKeys.of(v.kind())) {
            if (!key.secret()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<ConfigKey<?>> sources = ConfigKeys.sourcesOf((ConfigKey<String>) key);
            List<ConfigKey<?>> given = sources.stream().filter(v::has).toList();
            if (given.size() > 1) {
                String first = given.get(0).name();
                String line = at.file() != null && at.lineOf(first) > 0 ? " (line " + at.lineOf(first) + ")" : "";
                found.add(new ConfigProblem(at, v.section(), given.get(1).name(), "cannot be combined with " + first + line
                        + "; set only one of " + String.join(", ", sources.stream().map(ConfigKey::name).toList())));
            }
        }
        if (Boolean.TRUE.equals(v.get(ConfigKeys.USE_SSL)) && Boolean.TRUE.equals(v.get(ConfigKeys.USE_STARTTLS))) {
            found.add(new ConfigProblem(at, v.section(), ConfigKeys.USE_SSL.name(), "use_ssl = true and use_starttls = true "
                    + "exclude each other: use_ssl is TLS from the first byte (port 465), use_starttls upgrades a plain "
                    + "connection (port 587); set one to false"));
        }
        return found;
    }

    /**
     * The section a rule is checked in, as every problem names it: where it came from, its kind and its name.
     *
     * @param source where the section came from
     * @param kind {@code global}, {@code domain}, {@code user} or {@code mapping}
     * @param name the name after the colon ({@code domain1.com}), or {@code null} for {@code [global]}
     */
    private record Site(SourceLocation source, String kind, String name) {
        /** @return the section header without brackets, {@code domain:domain1.com} */
        String section() {
            return name == null ? kind : kind + ":" + name;
        }
    }

    private void problem(Site at, ConfigKey<?> key, String message) {
        problems.add(new ConfigProblem(at.source(), at.section(), key.name(), message));
    }

    private void sectionProblem(Site at, String message) {
        problems.add(new ConfigProblem(at.source(), at.section(), null, message));
    }

    private void checkGlobal() {
        Site at = new Site(global.source(), "global", null);
        if (isBlank(global.defaultHostname())) {
            problem(at, ConfigKeys.DEFAULT_HOSTNAME, "must not be empty");
        } else {
            checkHostname(at, ConfigKeys.DEFAULT_HOSTNAME, global.defaultHostname());
        }
        if (global.logLevel() == null || !LOG_LEVELS.contains(global.logLevel().toUpperCase(Locale.ROOT))) {
            problem(at, ConfigKeys.LOG_LEVEL, "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, was '" + global.logLevel() + "'");
        }
        checkRange(at, ConfigKeys.MAX_CONNECTIONS, global.maxConnections());
        if (global.metricsListen() != null) {
            checkListen(at, ConfigKeys.METRICS_LISTEN, global.metricsListen());
        }
        // the client's timeouts are never infinite (0 is Jakarta Mail's "wait forever")
        checkPositive(at, ConfigKeys.CONNECTION_TIMEOUT, global.connectionTimeout(), MAX_TIMEOUT);
        checkPositive(at, ConfigKeys.READ_TIMEOUT, global.readTimeout(), MAX_TIMEOUT);
        checkPositive(at, ConfigKeys.WRITE_TIMEOUT, global.writeTimeout(), MAX_TIMEOUT);
        checkRange(at, ConfigKeys.RATE_LIMIT_PER_MINUTE, global.rateLimitPerMinute());
        checkRange(at, ConfigKeys.RATE_LIMIT_PER_DAY, global.rateLimitPerDay());
        checkRange(at, ConfigKeys.BOUNCE_RATE_LIMIT_PER_HOUR, global.bounceRateLimitPerHour());
        if (global.spoolDir() == null) {
            problem(at, ConfigKeys.SPOOL_DIR, "must not be empty");
        }
        checkPositive(at, ConfigKeys.RETRY_MIN_BACKOFF, global.retryMinBackoff(), MAX_QUEUE_DURATION);
        checkPositive(at, ConfigKeys.RETRY_MAX_BACKOFF, global.retryMaxBackoff(), MAX_QUEUE_DURATION);
        checkPositive(at, ConfigKeys.MAX_QUEUE_LIFETIME, global.maxQueueLifetime(), MAX_QUEUE_DURATION);
        if (isPositive(global.retryMinBackoff()) && isPositive(global.retryMaxBackoff())
                && global.retryMinBackoff().compareTo(global.retryMaxBackoff()) > 0) {
            problem(at, ConfigKeys.RETRY_MIN_BACKOFF, "must not be longer than retry_max_backoff (" + global.retryMaxBackoff().toSeconds() + "s)");
        }
        if (global.maxMessageSize() <= 0) {
            problem(at, ConfigKeys.MAX_MESSAGE_SIZE, "must be a positive number of bytes, was " + global.maxMessageSize());
        }
        if (global.minFreeSpace() < 0) {
            problem(at, ConfigKeys.MIN_FREE_SPACE, "must not be negative, was " + global.minFreeSpace());
        }
        global.serverLimits().problems().forEach((key, what) -> problem(at, key, what));
        checkQueueBackend(at, global.queue());
    }

    private void checkQueueBackend(Site at, QueueBackendSettings q) {
        String backend = q.backend() == null ? "" : q.backend().strip().toLowerCase(Locale.ROOT);
        if (!backend.equals(QueueBackendSettings.FILE) && !backend.equals(QueueBackendSettings.POSTGRES)) {
            problem(at, ConfigKeys.QUEUE_BACKEND, "must be file or postgres, was '" + q.backend() + "'");
            return;
        }
        if (!q.postgres()) {
            return;
        }
        if (isBlank(q.databaseUrl())) {
            problem(at, ConfigKeys.DATABASE_URL, "is required with queue_backend = postgres, e.g. "
                    + "jdbc:postgresql://db.example.com:5432/mail");
        } else if (!q.databaseUrl().startsWith("jdbc:postgresql:")) {
            problem(at, ConfigKeys.DATABASE_URL, "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        if (q.databaseSchema() == null || !q.databaseSchema().matches("[a-z_][a-z0-9_]{0,47}")) {
            problem(at, ConfigKeys.DATABASE_SCHEMA, "must be a lower-case identifier (letters, digits, _) of at most 48 "
                    + "characters, was '" + q.databaseSchema() + "'");
        }
        if (q.instanceId() != null && (q.instanceId().isBlank() || q.instanceId().length() > 200)) {
            problem(at, ConfigKeys.INSTANCE_ID, "must be 1 to 200 characters");
        }
        if (q.lease() == null || q.lease().compareTo(Duration.ofSeconds(5)) < 0) {
            problem(at, ConfigKeys.QUEUE_LEASE, "must be at least 5s, was " + (q.lease() == null ? "empty" : q.lease().toSeconds() + "s"));
        } else if (q.lease().compareTo(MAX_LEASE) > 0) {
            problem(at, ConfigKeys.QUEUE_LEASE, "must be at most 1d, was " + ValueType.DURATION.format(q.lease()));
        }
        Secret pw = q.databasePassword();
        if (pw != null) {
            checkSecret(at, ConfigKeys.DATABASE_PASSWORD, pw);
        }
    }

    private Map<String, DomainConfig> checkDomains() {
        Map<String, DomainConfig> byAccount = new HashMap<>();
        Map<String, SourceLocation> names = new HashMap<>();
        for (DomainConfig d : domains) {
            Site at = new Site(d.source(), "domain", d.name());
            checkName(names, at, "domain1.com");
            if (isBlank(d.smtpServer())) {
                problem(at, ConfigKeys.SMTP_SERVER, "is required");
            } else {
                checkHostname(at, ConfigKeys.SMTP_SERVER, d.smtpServer());
            }
            checkRange(at, ConfigKeys.SMTP_PORT, d.smtpPort());
            if (d.listenPort() != null) {
                checkRange(at, ConfigKeys.LISTEN_PORT, d.listenPort());
            }
            if (d.rateLimitPerMinute() != null) {
                checkRange(at, ConfigKeys.DOMAIN_RATE_LIMIT_PER_MINUTE, d.rateLimitPerMinute());
            }
            if (d.rateLimitPerDay() != null) {
                checkRange(at, ConfigKeys.DOMAIN_RATE_LIMIT_PER_DAY, d.rateLimitPerDay());
            }
            if (d.maxConnections() != null) {
                checkRange(at, ConfigKeys.DOMAIN_MAX_CONNECTIONS, d.maxConnections());
            }
            for (ConfigKey<String> key : List.of(ConfigKeys.RELAY_ACCOUNT, ConfigKeys.USERNAME)) {
                String v = key == ConfigKeys.USERNAME ? d.username() : d.relayAccount();
                if (v != null && (v.isBlank() || hasControl(v))) {
                    problem(at, key, "must be a non-empty single-line value");
                }
            }
            checkCredentials(d, at);
            if (d.caFile() != null && !Files.isReadable(d.caFile())) {
                problem(at, ConfigKeys.CA_FILE, "cannot read " + d.caFile());
            }
            if (d.enabled() && d.accountName() != null) {
                DomainConfig other = byAccount.putIfAbsent(d.accountName().toLowerCase(Locale.ROOT), d);
                if (other != null) {
                    problem(at, d.relayAccount() != null ? ConfigKeys.RELAY_ACCOUNT : ConfigKeys.USERNAME, "account '" + d.accountName()
                            + "' is also the account of [domain:" + other.name() + "]" + firstAt(other.source())
                            + "; mappings could not tell them apart");
                }
            }
        }
        return byAccount;
    }

    private void checkCredentials(DomainConfig d, Site at) {
        switch (d.authMethod()) {
            case NONE -> {
            }
            case LOGIN, PLAIN -> {
                if (d.login() == null) {
                    problem(at, ConfigKeys.USERNAME, "is required for auth_method = " + d.authMethod());
                }
                if (d.password() == null) {
                    problem(at, ConfigKeys.PASSWORD, "auth_method = " + d.authMethod()
                            + " needs one of password, password_file or password_env");
                } else if (d.enabled()) {
                    checkSecret(at, ConfigKeys.PASSWORD, d.password());
                }
            }
            case XOAUTH2 -> {
                if (d.login() == null) {
                    problem(at, ConfigKeys.USERNAME, "is required for auth_method = XOAUTH2 (the mailbox the token belongs to)");
                }
                OAuth2Settings o = d.oauth2();
                if (o == null || (o.accessToken() == null && o.tokenEndpoint() == null)) {
                    problem(at, ConfigKeys.AUTH_METHOD, "XOAUTH2 needs oauth2_access_token (or _file), or oauth2_token_endpoint "
                            + "with oauth2_client_id, oauth2_client_secret and oauth2_refresh_token");
                } else if (o.tokenEndpoint() != null) {
                    checkTokenEndpoint(at, o.tokenEndpoint());
                    if (isBlank(o.clientId())) {
                        problem(at, ConfigKeys.OAUTH2_CLIENT_ID, "is required with oauth2_token_endpoint");
                    }
                    if (o.clientSecret() == null) {
                        problem(at, ConfigKeys.OAUTH2_CLIENT_SECRET, "is required with oauth2_token_endpoint");
                    }
                    if (o.refreshToken() == null) {
                        problem(at, ConfigKeys.OAUTH2_REFRESH_TOKEN, "is required with oauth2_token_endpoint");
                    }
                }
            }
        }
    }

    /** A secret that cannot be read is a problem at the key it comes from; an unset variable maybe only a warning. */
    private void checkSecret(Site at, ConfigKey<String> key, Secret secret) {
        ConfigKey<?> source = SectionCodec.sourceKey(key, secret);
        secret.check().ifPresent(p -> {
            if (unsetVariables != null && secret.variableUnset()) {
                unsetVariables.accept(new ConfigProblem(at.source(), at.section(), source.name(), p));
            } else {
                problem(at, source, p);
            }
        });
    }

    private void checkTokenEndpoint(Site at, URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = "localhost".equalsIgnoreCase(endpoint.getHost()) || "127.0.0.1".equals(endpoint.getHost());
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            problem(at, ConfigKeys.OAUTH2_TOKEN_ENDPOINT, "must be an https URL (plain http only on localhost), was " + endpoint);
        }
    }

    private void checkUsers() {
        Map<String, SourceLocation> seen = new HashMap<>();
        for (UserConfig u : users) {
            Site at = new Site(u.source(), "user", u.address());
            try {
                AddressPattern p = AddressPattern.parse(u.address());
                if (p.isWildcard() && !u.templateAddress()) {
                    problem(at, ConfigKeys.TEMPLATE_ADDRESS, "must be true for a pattern such as " + u.address());
                }
                if (!p.isWildcard() && u.templateAddress()) {
                    problem(at, ConfigKeys.TEMPLATE_ADDRESS, "is true, but '" + u.address() + "' is not a pattern such as *@host");
                }
            } catch (InvalidAddressException e) {
                sectionProblem(at, e.getMessage());
            }
            checkUnique(seen, at);
            for (String domain : u.allowedDomains()) {
                checkHostname(at, ConfigKeys.ALLOWED_DOMAINS, domain);
            }
            if (u.passwordHash() != null && u.templateAddress()) {
                problem(at, ConfigKeys.PASSWORD_HASH, "cannot be set on a template_address user: a client logs in "
                        + "as one address; give that address a [user:...] section of its own");
            } else if (u.passwordHash() != null && !u.canSendFrom()) {
                problem(at, ConfigKeys.PASSWORD_HASH, "is set, but can_send_from = false: the user could log in "
                        + "and send nothing; set can_send_from = true");
            }
        }
    }

    private void checkMappings(Map<String, DomainConfig> accounts) {
        Map<String, SourceLocation> names = new HashMap<>();
        Map<String, MappingConfig> byFrom = new HashMap<>();
        for (MappingConfig m : mappings) {
            Site at = new Site(m.source(), "mapping", m.name());
            checkName(names, at, "contact-sales");
            AddressPattern from = pattern(at, ConfigKeys.FROM_PATTERN, m.fromPattern());
            AddressPattern to = pattern(at, ConfigKeys.TO_PATTERN, m.toPattern());
            if (from != null && to != null && to.isWildcard() && !from.isWildcard()) {
                problem(at, ConfigKeys.TO_PATTERN, "'*' carries the alias's local part over, so from_pattern must be *@host too");
            }
            if (from != null) {
                String key = from.toString().toLowerCase(Locale.ROOT);
                MappingConfig other = byFrom.putIfAbsent(key, m);
                if (other != null) {
                    problem(at, ConfigKeys.FROM_PATTERN, "'" + m.fromPattern() + "' is already mapped by [mapping:" + other.name() + "]"
                            + firstAt(other.source()));
                }
            }
            if (isBlank(m.smtpAccount())) {
                problem(at, ConfigKeys.SMTP_ACCOUNT, "is required: the relay_account (or username) of a [domain:...] section");
            } else if (!accounts.containsKey(m.smtpAccount().toLowerCase(Locale.ROOT))
                    && domains.stream().noneMatch(d -> d.enabled() && m.smtpAccount().equalsIgnoreCase(d.username()))) {
                problem(at, ConfigKeys.SMTP_ACCOUNT, "'" + m.smtpAccount() + "' matches no enabled [domain:...] relay_account or username"
                        + knownAccounts(accounts));
            }
        }
    }

    private static String knownAccounts(Map<String, DomainConfig> accounts) {
        if (accounts.isEmpty()) {
            return " (no domain defines an account)";
        }
        List<String> names = accounts.values().stream().map(DomainConfig::accountName).sorted().toList();
        return " (known: " + String.join(", ", names) + ")";
    }

    private AddressPattern pattern(Site at, ConfigKey<?> key, String value) {
        if (isBlank(value)) {
            problem(at, key, "is required");
            return null;
        }
        try {
            return AddressPattern.parse(value);
        } catch (InvalidAddressException e) {
            problem(at, key, e.getMessage());
            return null;
        }
    }

    private void checkHostname(Site at, ConfigKey<?> key, String host) {
        try {
            new EmailAddress("x", host);
        } catch (InvalidAddressException e) {
            if (!host.matches("[0-9A-Fa-f:.]+")) { // numeric IPv4/IPv6 addresses are host names here too
                problem(at, key, "'" + host + "' is not a valid host name");
            }
        }
    }

    /** The range of a number is part of its key's definition (and so of the reference). */
    private void checkRange(Site at, ConfigKey<Integer> key, long value) {
        if (value < key.min() || value > key.max()) {
            problem(at, key, "must be between " + key.min() + " and " + key.max() + ", was " + value);
        }
    }

    private void checkPositive(Site at, ConfigKey<?> key, Duration d, Duration max) {
        String what = durationProblem(d, false, max);
        if (what != null) {
            problem(at, key, what);
        }
    }

    /**
     * The one check of a duration with bounds: positive (or, with {@code zeroAllowed}, not negative) and at most
     * {@code max}. The client's timeouts, the backoffs and {@code max_queue_lifetime} use it, and so do the
     * {@code server_*} durations
     * ({@link ServerLimits#problems()}). The value is written as the INI file writes it, also where
     * {@code toMillis()} would overflow ({@code -999999999999d} from a builder or a Spring property).
     *
     * @param d the value, {@code null} when empty
     * @param zeroAllowed whether 0 is valid (a delay) or not (a timeout, a lifetime)
     * @param max the largest valid value
     * @return what is wrong, with the allowed range and the value; {@code null} when {@code d} is valid
     */
    static String durationProblem(Duration d, boolean zeroAllowed, Duration max) {
        String most = ValueType.DURATION.format(max);
        if (d == null || d.isNegative() || (d.isZero() && !zeroAllowed)) {
            return "must be " + (zeroAllowed ? "0 or more" : "a positive duration") + " and at most " + most + ", was "
                    + durationText(d);
        }
        return d.compareTo(max) > 0 ? "must be at most " + most + ", was " + durationText(d) : null;
    }

    /** @return {@code d} as the INI file writes it ({@code 25h}), in ms when it is not whole seconds */
    private static String durationText(Duration d) {
        if (d == null) {
            return "empty";
        }
        if (d.getNano() == 0) {
            return ValueType.DURATION.format(d);
        }
        boolean small = d.getSeconds() > -1_000_000_000L && d.getSeconds() < 1_000_000_000L; // toMillis cannot overflow
        return small ? d.toMillis() + "ms" : d.toString();
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    /** A domain or mapping section needs a name ({@code example} shows one), unique among its kind's. */
    private void checkName(Map<String, SourceLocation> seen, Site at, String example) {
        if (isBlank(at.name())) {
            sectionProblem(at, "a " + at.kind() + " section needs a name, as in [" + at.kind() + ":" + example + "]");
        } else {
            checkUnique(seen, at);
        }
    }

    /** Names compare without case, as domains and addresses do; the second section of a name is the problem. */
    private void checkUnique(Map<String, SourceLocation> seen, Site at) {
        SourceLocation first = seen.putIfAbsent(at.name().toLowerCase(Locale.ROOT), at.source());
        if (first != null) {
            sectionProblem(at, at.kind() + " '" + at.name() + "' is defined more than once" + firstAt(first));
        }
    }

    /** @return {@code " (first at FILE:LINE)"} for a section read from a file, else nothing */
    private static String firstAt(SourceLocation first) {
        if (first == null || first.file() == null) {
            return "";
        }
        return " (first at " + first.file() + (first.line() > 0 ? ":" + first.line() : "") + ")";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** {@code HOST:PORT} ({@code [v6]:PORT} for IPv6), port 0-65535; the host is bound, not resolved, here. */
    private void checkListen(Site at, ConfigKey<String> key, String value) {
        int colon = value.lastIndexOf(':');
        String host = colon <= 0 ? "" : value.substring(0, colon);
        String port = colon < 0 ? "" : value.substring(colon + 1);
        if (host.isBlank() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            problem(at, key, "must be HOST:PORT with a port 0-65535 (e.g. 127.0.0.1:9465), was '" + value + "'");
        }
    }
}
