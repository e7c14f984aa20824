package dev.ssmtpmailer.config;

import static dev.ssmtpmailer.config.ConfigKeys.*;

import dev.ssmtpmailer.address.EmailAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns {@link SectionValues} into the section records and back: the one place where a key meets the field it
 * sets. A key that {@code RelayConfig} holds is mapped in both directions here: a plain key by one line of the
 * binding tables at the end, which names its setter and its accessor together; a key that converts or sets
 * several fields by hand ({@code SectionCodecTest} fails for a key mapped one way only). Values that cannot be turned into the record's type (an address that does not
 * parse) become problems at their key; rules about values are {@link ConfigValidator}'s.
 */
final class SectionCodec {
    private final Function<String, String> environment;
    private final List<ConfigProblem> problems;

    /**
     * @param environment looks up the variables that {@code *_env} keys name
     * @param problems receives a problem for each value that cannot be converted
     */
    SectionCodec(Function<String, String> environment, List<ConfigProblem> problems) {
        this.environment = environment;
        this.problems = problems;
    }

    // -------------------------------------------------------------------------------- values -> records

    GlobalSettings global(SectionValues v) {
        GlobalSettings.Builder b = GlobalSettings.builder().source(v.source());
        GLOBAL.forEach(binding -> binding.read(v, b));
        convert(v, DEFAULT_FROM, EmailAddress::parse, b::defaultFrom);
        if (v.has(TRUSTED_NETWORKS)) {
            List<Cidr> networks = new ArrayList<>();
            for (String n : v.get(TRUSTED_NETWORKS)) {
                convert(v, TRUSTED_NETWORKS, n, Cidr::parse, networks::add);
            }
            b.trustedNetworks(networks);
        }
        b.databasePassword(secret(v, DATABASE_PASSWORD));
        convert(v, USER_FROM_MISMATCH, UserFromPolicy::parse, b::userFromPolicy);
        ServerLimits.Builder limits = ServerLimits.builder();
        SERVER_LIMITS.forEach(binding -> binding.read(v, limits));
        return b.serverLimits(limits.build()).build();
    }

    DomainConfig domain(SectionValues v) {
        DomainConfig.Builder b = DomainConfig.builder(v.name()).source(v.source());
        DOMAIN.forEach(binding -> binding.read(v, b));
        b.password(secret(v, PASSWORD));
        b.tls(tls(v.get(USE_SSL), v.get(USE_STARTTLS)));
        Secret access = secret(v, OAUTH2_ACCESS_TOKEN);
        Secret clientSecret = secret(v, OAUTH2_CLIENT_SECRET);
        Secret refresh = secret(v, OAUTH2_REFRESH_TOKEN);
        if (access != null || clientSecret != null || refresh != null || v.has(OAUTH2_TOKEN_ENDPOINT) || v.has(OAUTH2_CLIENT_ID)) {
            b.oauth2(new OAuth2Settings(access, v.get(OAUTH2_TOKEN_ENDPOINT), v.get(OAUTH2_CLIENT_ID), clientSecret, refresh));
        }
        return b.build();
    }

    UserConfig user(SectionValues v) {
        UserConfig.Builder b = UserConfig.builder(v.name()).source(v.source());
        USER.forEach(binding -> binding.read(v, b));
        convert(v, PASSWORD_HASH, PasswordHash::parse, b::passwordHash);
        return b.build();
    }

    MappingConfig mapping(SectionValues v) {
        return new MappingConfig(v.name(), v.get(FROM_PATTERN), v.get(TO_PATTERN), v.get(SMTP_ACCOUNT), v.get(MAPPING_DOMAIN),
                v.source());
    }

    /**
     * {@code use_ssl} and {@code use_starttls} give one mode; both true is reported by {@link ConfigValidator}.
     *
     * @param ssl {@code use_ssl}, or {@code null} for its default
     * @param starttls {@code use_starttls}, or {@code null} for its default
     * @return the mode
     */
    static TlsMode tls(Boolean ssl, Boolean starttls) {
        if (Boolean.TRUE.equals(ssl)) {
            return Boolean.TRUE.equals(starttls) ? TlsMode.STARTTLS : TlsMode.IMPLICIT;
        }
        return Boolean.FALSE.equals(starttls) ? TlsMode.NONE : TlsMode.STARTTLS;
    }

    /** The secret from whichever of its sources is set (the first, when several are: that is reported too). */
    private Secret secret(SectionValues v, ConfigKey<String> secretKey) {
        for (ConfigKey<?> source : ConfigKeys.sourcesOf(secretKey)) {
            if (!v.has(source)) {
                continue;
            }
            if (source == secretKey) {
                return Secret.of(v.get(secretKey));
            }
            Object value = v.get(source);
            if (value instanceof Path file) {
                return Secret.fromFile(file);
            }
            String variable = (String) value;
            if (variable.isBlank()) {
                problem(v, source, "must name an environment variable");
                return null;
            }
            return Secret.fromEnv(variable, environment);
        }
        return null;
    }

    private <T, R> void convert(SectionValues v, ConfigKey<T> key, Function<T, R> conversion, Consumer<R> setter) {
        T value = v.get(key);
        if (value != null) {
            convert(v, key, value, conversion, setter);
        }
    }

    private <T, R> void convert(SectionValues v, ConfigKey<?> key, T value, Function<T, R> conversion, Consumer<R> setter) {
        try {
            setter.accept(conversion.apply(value));
        } catch (IllegalArgumentException e) {
            problem(v, key, e.getMessage());
        }
    }

    private void problem(SectionValues v, ConfigKey<?> key, String message) {
        problems.add(new ConfigProblem(v.source(), v.section(), key.name(), message));
    }

    // -------------------------------------------------------------------------------- records -> values

    static SectionValues values(GlobalSettings g) {
        SectionValues v = SectionValues.of(SectionKind.GLOBAL, null, g.source())
                .put(DEFAULT_FROM, g.defaultFrom() == null ? null : g.defaultFrom().toString())
                .put(TRUSTED_NETWORKS, g.trustedNetworks().stream().map(Cidr::toString).toList())
                .put(USER_FROM_MISMATCH, g.userFromPolicy().value());
        GLOBAL.forEach(binding -> binding.write(g, v));
        SERVER_LIMITS.forEach(binding -> binding.write(g.serverLimits(), v));
        putSecret(v, DATABASE_PASSWORD, g.queue().databasePassword());
        return v;
    }

    static SectionValues values(DomainConfig d) {
        SectionValues v = SectionValues.of(SectionKind.DOMAIN, d.name(), d.source());
        DOMAIN.forEach(binding -> binding.write(d, v));
        putSecret(v, PASSWORD, d.password());
        v.put(USE_SSL, d.tls() == TlsMode.IMPLICIT).put(USE_STARTTLS, d.tls() == TlsMode.STARTTLS);
        OAuth2Settings o = d.oauth2();
        if (o != null) {
            putSecret(v, OAUTH2_ACCESS_TOKEN, o.accessToken());
            v.put(OAUTH2_TOKEN_ENDPOINT, o.tokenEndpoint()).put(OAUTH2_CLIENT_ID, o.clientId());
            putSecret(v, OAUTH2_CLIENT_SECRET, o.clientSecret());
            putSecret(v, OAUTH2_REFRESH_TOKEN, o.refreshToken());
        }
        return v;
    }

    static SectionValues values(UserConfig u) {
        SectionValues v = SectionValues.of(SectionKind.USER, u.address(), u.source());
        USER.forEach(binding -> binding.write(u, v));
        return v.put(PASSWORD_HASH, u.passwordHash() == null ? null : Secret.MASK); // as every inline secret
    }

    static SectionValues values(MappingConfig m) {
        return SectionValues.of(SectionKind.MAPPING, m.name(), m.source())
                .put(FROM_PATTERN, m.fromPattern())
                .put(TO_PATTERN, m.toPattern())
                .put(SMTP_ACCOUNT, m.smtpAccount())
                .put(MAPPING_DOMAIN, m.domain());
    }

    /**
     * Under the key of the secret's source: the file for a file, the variable's name for a variable, and the
     * mask, never the value, for an inline secret.
     */
    @SuppressWarnings("unchecked")
    private static void putSecret(SectionValues v, ConfigKey<String> secretKey, Secret secret) {
        if (secret == null) {
            return;
        }
        ConfigKey<?> key = sourceKey(secretKey, secret);
        if (key.type() == ValueType.PATH) {
            v.put((ConfigKey<Path>) key, secret.file().get());
        } else if (key != secretKey) {
            v.put((ConfigKey<String>) key, secret.environmentVariable().get());
        } else {
            v.put(secretKey, Secret.MASK);
        }
    }

    /**
     * The key a secret is given under, so that a problem with it points there: its file key
     * ({@code password_file}), its variable key ({@code password_env}), or for an inline value the secret's own key.
     *
     * @param secretKey the secret's own key, {@code password}
     * @param secret the secret
     * @return the key of the source it was read from
     */
    static ConfigKey<?> sourceKey(ConfigKey<String> secretKey, Secret secret) {
        ValueType<?> type = secret.file().isPresent() ? ValueType.PATH
                : secret.environmentVariable().isPresent() ? ValueType.TEXT : null;
        return ConfigKeys.sourcesOf(secretKey).stream().filter(k -> k != secretKey && k.type() == type).findFirst()
                .orElse(secretKey);
    }

    // -------------------------------------------------------------------------------- the plain keys

    /*
     * A key whose value is the field's, as it is, in both directions: one line binds the builder's setter and the
     * record's accessor, so a key cannot be read into a record and then printed from another field. Keys that
     * convert (addresses, networks), come from a secret's sources, or set several fields (TLS, OAuth2) are mapped
     * by hand in the methods above.
     */

    private static final List<Binding<GlobalSettings, GlobalSettings.Builder, ?>> GLOBAL = List.of(
            bind(DEFAULT_HOSTNAME, GlobalSettings.Builder::defaultHostname, GlobalSettings::defaultHostname),
            bind(SSL_DIR, GlobalSettings.Builder::sslDir, GlobalSettings::sslDir),
            bind(CA_DIR, GlobalSettings.Builder::caDir, GlobalSettings::caDir),
            bind(LOG_FILE, GlobalSettings.Builder::logFile, GlobalSettings::logFile),
            bind(LOG_LEVEL, GlobalSettings.Builder::logLevel, GlobalSettings::logLevel),
            bind(MAX_CONNECTIONS, GlobalSettings.Builder::maxConnections, GlobalSettings::maxConnections),
            bind(CONNECTION_TIMEOUT, GlobalSettings.Builder::connectionTimeout, GlobalSettings::connectionTimeout),
            bind(READ_TIMEOUT, GlobalSettings.Builder::readTimeout, GlobalSettings::readTimeout),
            bind(WRITE_TIMEOUT, GlobalSettings.Builder::writeTimeout, GlobalSettings::writeTimeout),
            bind(ENABLE_RATE_LIMITING, GlobalSettings.Builder::enableRateLimiting, GlobalSettings::enableRateLimiting),
            bind(RATE_LIMIT_PER_MINUTE, GlobalSettings.Builder::rateLimitPerMinute, GlobalSettings::rateLimitPerMinute),
            bind(RATE_LIMIT_PER_DAY, GlobalSettings.Builder::rateLimitPerDay, GlobalSettings::rateLimitPerDay),
            bind(SPOOL_DIR, GlobalSettings.Builder::spoolDir, GlobalSettings::spoolDir),
            bind(RETRY_MIN_BACKOFF, GlobalSettings.Builder::retryMinBackoff, GlobalSettings::retryMinBackoff),
            bind(RETRY_MAX_BACKOFF, GlobalSettings.Builder::retryMaxBackoff, GlobalSettings::retryMaxBackoff),
            bind(MAX_QUEUE_LIFETIME, GlobalSettings.Builder::maxQueueLifetime, GlobalSettings::maxQueueLifetime),
            bind(MAX_MESSAGE_SIZE, GlobalSettings.Builder::maxMessageSize, GlobalSettings::maxMessageSize),
            bind(MIN_FREE_SPACE, GlobalSettings.Builder::minFreeSpace, GlobalSettings::minFreeSpace),
            bind(SEND_BOUNCES, GlobalSettings.Builder::sendBounces, GlobalSettings::sendBounces),
            bind(BOUNCE_RATE_LIMIT_PER_HOUR, GlobalSettings.Builder::bounceRateLimitPerHour, GlobalSettings::bounceRateLimitPerHour),
            bind(METRICS_LISTEN, GlobalSettings.Builder::metricsListen, GlobalSettings::metricsListen),
            bind(QUEUE_BACKEND, GlobalSettings.Builder::queueBackend, g -> g.queue().backend()),
            bind(DATABASE_URL, GlobalSettings.Builder::databaseUrl, g -> g.queue().databaseUrl()),
            bind(DATABASE_USER, GlobalSettings.Builder::databaseUser, g -> g.queue().databaseUser()),
            bind(DATABASE_SCHEMA, GlobalSettings.Builder::databaseSchema, g -> g.queue().databaseSchema()),
            bind(INSTANCE_ID, GlobalSettings.Builder::instanceId, g -> g.queue().instanceId()),
            bind(QUEUE_LEASE, GlobalSettings.Builder::queueLease, g -> g.queue().lease()));

    private static final List<Binding<ServerLimits, ServerLimits.Builder, ?>> SERVER_LIMITS = List.of(
            bind(SERVER_MAX_CONNECTIONS, ServerLimits.Builder::maxConnections, ServerLimits::maxConnections),
            // a cap derived from server_max_connections is not printed: it follows that key when it changes
            bind(SERVER_MAX_CONNECTIONS_PER_CLIENT, ServerLimits.Builder::maxConnectionsPerClient,
                    l -> l.derivedPerClientCap() ? null : l.maxConnectionsPerClient()),
            bind(SERVER_MAX_MESSAGES_PER_CONNECTION, ServerLimits.Builder::maxMessagesPerConnection, ServerLimits::maxMessagesPerConnection),
            bind(SERVER_MAX_RECIPIENTS, ServerLimits.Builder::maxRecipients, ServerLimits::maxRecipients),
            bind(SERVER_MAX_COMMANDS, ServerLimits.Builder::maxCommandsPerSession, ServerLimits::maxCommandsPerSession),
            bind(SERVER_SOFT_ERROR_LIMIT, ServerLimits.Builder::softErrorLimit, ServerLimits::softErrorLimit),
            bind(SERVER_HARD_ERROR_LIMIT, ServerLimits.Builder::hardErrorLimit, ServerLimits::hardErrorLimit),
            bind(SERVER_ERROR_DELAY, ServerLimits.Builder::errorDelay, ServerLimits::errorDelay),
            bind(SERVER_IDLE_TIMEOUT, ServerLimits.Builder::idleTimeout, ServerLimits::idleTimeout),
            bind(SERVER_WRITE_TIMEOUT, ServerLimits.Builder::writeTimeout, ServerLimits::writeTimeout),
            bind(SERVER_MAX_SESSION_TIME, ServerLimits.Builder::maxSessionTime, ServerLimits::maxSessionTime),
            bind(SERVER_AUTH_FAILURE_LIMIT, ServerLimits.Builder::authFailureLimit, ServerLimits::authFailureLimit),
            bind(SERVER_AUTH_FAILURE_WINDOW, ServerLimits.Builder::authFailureWindow, ServerLimits::authFailureWindow));

    private static final List<Binding<DomainConfig, DomainConfig.Builder, ?>> DOMAIN = List.of(
            bind(DOMAIN_ENABLED, DomainConfig.Builder::enabled, DomainConfig::enabled),
            bind(SMTP_SERVER, DomainConfig.Builder::smtpServer, DomainConfig::smtpServer),
            bind(SMTP_PORT, DomainConfig.Builder::smtpPort, DomainConfig::smtpPort),
            bind(AUTH_METHOD, DomainConfig.Builder::authMethod, DomainConfig::authMethod),
            bind(RELAY_ACCOUNT, DomainConfig.Builder::relayAccount, DomainConfig::relayAccount),
            bind(USERNAME, DomainConfig.Builder::username, DomainConfig::username),
            bind(CA_FILE, DomainConfig.Builder::caFile, DomainConfig::caFile),
            bind(VERIFY_CERTIFICATES, DomainConfig.Builder::verifyCertificates, DomainConfig::verifyCertificates),
            bind(DOMAIN_RATE_LIMIT_PER_MINUTE, DomainConfig.Builder::rateLimitPerMinute, DomainConfig::rateLimitPerMinute),
            bind(DOMAIN_RATE_LIMIT_PER_DAY, DomainConfig.Builder::rateLimitPerDay, DomainConfig::rateLimitPerDay),
            bind(DOMAIN_MAX_CONNECTIONS, DomainConfig.Builder::maxConnections, DomainConfig::maxConnections),
            bind(FORWARD_FROM_REWRITE, DomainConfig.Builder::forwardFromRewrite, DomainConfig::forwardFromRewrite),
            bind(INBOUND, DomainConfig.Builder::inbound, DomainConfig::inbound),
            bind(LISTEN_ADDRESS, DomainConfig.Builder::listenAddress, DomainConfig::listenAddress),
            bind(LISTEN_PORT, DomainConfig.Builder::listenPort, DomainConfig::listenPort));

    private static final List<Binding<UserConfig, UserConfig.Builder, ?>> USER = List.of(
            bind(USER_ENABLED, UserConfig.Builder::enabled, UserConfig::enabled),
            bind(USER_DOMAIN, UserConfig.Builder::domain, UserConfig::domain),
            bind(CAN_SEND_FROM, UserConfig.Builder::canSendFrom, UserConfig::canSendFrom),
            bind(CAN_SEND_TO, UserConfig.Builder::canSendTo, UserConfig::canSendTo),
            bind(TEMPLATE_ADDRESS, UserConfig.Builder::templateAddress, UserConfig::templateAddress),
            // empty means any domain, which is the key's absence
            bind(ALLOWED_DOMAINS, UserConfig.Builder::allowedDomains, u -> u.allowedDomains().isEmpty() ? null : u.allowedDomains()));

    /**
     * A key bound to a builder's setter (values to record) and to the record's accessor (record to values).
     *
     * @param <R> the record
     * @param <B> its builder
     * @param <T> the key's type
     */
    private record Binding<R, B, T>(ConfigKey<T> key, BiConsumer<B, T> setter, Function<R, T> getter) {
        /** Sets the key's value, when the section has one; else the builder keeps its default. */
        void read(SectionValues v, B builder) {
            T value = v.get(key);
            if (value != null) {
                setter.accept(builder, value);
            }
        }

        /** Puts the record's value under the key ({@code null}: the key is left out). */
        void write(R record, SectionValues v) {
            v.put(key, getter.apply(record));
        }
    }

    private static <R, B, T> Binding<R, B, T> bind(ConfigKey<T> key, BiConsumer<B, T> setter, Function<R, T> getter) {
        return new Binding<>(key, setter, getter);
    }
}
