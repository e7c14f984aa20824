package dev.ssmtpmailer.config;

import static dev.ssmtpmailer.config.ConfigKeys.*;

import dev.ssmtpmailer.address.EmailAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns {@link SectionValues} into the section records and back: the one place where a key meets the field it
 * sets. A key that {@code RelayConfig} holds is mapped in both directions here ({@code SectionCodecTest} fails
 * for a key mapped one way only). Values that cannot be turned into the record's type (an address that does not
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
        set(v, DEFAULT_HOSTNAME, b::defaultHostname);
        convert(v, DEFAULT_FROM, EmailAddress::parse, b::defaultFrom);
        set(v, SSL_DIR, b::sslDir);
        set(v, CA_DIR, b::caDir);
        set(v, LOG_FILE, b::logFile);
        set(v, LOG_LEVEL, b::logLevel);
        set(v, MAX_CONNECTIONS, b::maxConnections);
        set(v, CONNECTION_TIMEOUT, b::connectionTimeout);
        set(v, READ_TIMEOUT, b::readTimeout);
        set(v, WRITE_TIMEOUT, b::writeTimeout);
        set(v, ENABLE_RATE_LIMITING, b::enableRateLimiting);
        set(v, RATE_LIMIT_PER_MINUTE, b::rateLimitPerMinute);
        set(v, RATE_LIMIT_PER_DAY, b::rateLimitPerDay);
        set(v, SPOOL_DIR, b::spoolDir);
        set(v, RETRY_MIN_BACKOFF, b::retryMinBackoff);
        set(v, RETRY_MAX_BACKOFF, b::retryMaxBackoff);
        set(v, MAX_QUEUE_LIFETIME, b::maxQueueLifetime);
        set(v, MAX_MESSAGE_SIZE, b::maxMessageSize);
        if (v.has(TRUSTED_NETWORKS)) {
            List<Cidr> networks = new ArrayList<>();
            for (String n : v.get(TRUSTED_NETWORKS)) {
                convert(v, TRUSTED_NETWORKS, n, Cidr::parse, networks::add);
            }
            b.trustedNetworks(networks);
        }
        set(v, QUEUE_BACKEND, b::queueBackend);
        set(v, DATABASE_URL, b::databaseUrl);
        set(v, DATABASE_USER, b::databaseUser);
        b.databasePassword(secret(v, DATABASE_PASSWORD));
        set(v, DATABASE_SCHEMA, b::databaseSchema);
        set(v, INSTANCE_ID, b::instanceId);
        set(v, QUEUE_LEASE, b::queueLease);
        set(v, MIN_FREE_SPACE, b::minFreeSpace);
        convert(v, USER_FROM_MISMATCH, UserFromPolicy::parse, b::userFromPolicy);
        set(v, SEND_BOUNCES, b::sendBounces);
        set(v, BOUNCE_RATE_LIMIT_PER_HOUR, b::bounceRateLimitPerHour);
        set(v, METRICS_LISTEN, b::metricsListen);
        return b.serverLimits(serverLimits(v)).build();
    }

    private static ServerLimits serverLimits(SectionValues v) {
        ServerLimits.Builder l = ServerLimits.builder();
        set(v, SERVER_MAX_CONNECTIONS, l::maxConnections);
        set(v, SERVER_MAX_CONNECTIONS_PER_CLIENT, l::maxConnectionsPerClient);
        set(v, SERVER_MAX_MESSAGES_PER_CONNECTION, l::maxMessagesPerConnection);
        set(v, SERVER_MAX_RECIPIENTS, l::maxRecipients);
        set(v, SERVER_MAX_COMMANDS, l::maxCommandsPerSession);
        set(v, SERVER_SOFT_ERROR_LIMIT, l::softErrorLimit);
        set(v, SERVER_HARD_ERROR_LIMIT, l::hardErrorLimit);
        set(v, SERVER_ERROR_DELAY, l::errorDelay);
        set(v, SERVER_IDLE_TIMEOUT, l::idleTimeout);
        set(v, SERVER_WRITE_TIMEOUT, l::writeTimeout);
        set(v, SERVER_MAX_SESSION_TIME, l::maxSessionTime);
        return l.build();
    }

    DomainConfig domain(SectionValues v) {
        DomainConfig.Builder b = DomainConfig.builder(v.name()).source(v.source());
        set(v, DOMAIN_ENABLED, b::enabled);
        set(v, SMTP_SERVER, b::smtpServer);
        set(v, SMTP_PORT, b::smtpPort);
        set(v, AUTH_METHOD, b::authMethod);
        set(v, RELAY_ACCOUNT, b::relayAccount);
        set(v, USERNAME, b::username);
        b.password(secret(v, PASSWORD));
        b.tls(tls(v.get(USE_SSL), v.get(USE_STARTTLS)));
        Secret access = secret(v, OAUTH2_ACCESS_TOKEN);
        Secret clientSecret = secret(v, OAUTH2_CLIENT_SECRET);
        Secret refresh = secret(v, OAUTH2_REFRESH_TOKEN);
        if (access != null || clientSecret != null || refresh != null || v.has(OAUTH2_TOKEN_ENDPOINT) || v.has(OAUTH2_CLIENT_ID)) {
            b.oauth2(new OAuth2Settings(access, v.get(OAUTH2_TOKEN_ENDPOINT), v.get(OAUTH2_CLIENT_ID), clientSecret, refresh));
        }
        set(v, CA_FILE, b::caFile);
        set(v, VERIFY_CERTIFICATES, b::verifyCertificates);
        set(v, DOMAIN_RATE_LIMIT_PER_MINUTE, b::rateLimitPerMinute);
        set(v, DOMAIN_RATE_LIMIT_PER_DAY, b::rateLimitPerDay);
        set(v, DOMAIN_MAX_CONNECTIONS, b::maxConnections);
        set(v, FORWARD_FROM_REWRITE, b::forwardFromRewrite);
        set(v, INBOUND, b::inbound);
        set(v, LISTEN_ADDRESS, b::listenAddress);
        set(v, LISTEN_PORT, b::listenPort);
        return b.build();
    }

    UserConfig user(SectionValues v) {
        UserConfig.Builder b = UserConfig.builder(v.name()).source(v.source());
        set(v, USER_ENABLED, b::enabled);
        set(v, USER_DOMAIN, b::domain);
        set(v, CAN_SEND_FROM, b::canSendFrom);
        set(v, CAN_SEND_TO, b::canSendTo);
        set(v, TEMPLATE_ADDRESS, b::templateAddress);
        set(v, ALLOWED_DOMAINS, b::allowedDomains);
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

    private static <T> void set(SectionValues v, ConfigKey<T> key, Consumer<T> setter) {
        T value = v.get(key);
        if (value != null) {
            setter.accept(value);
        }
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
                .put(DEFAULT_HOSTNAME, g.defaultHostname())
                .put(DEFAULT_FROM, g.defaultFrom() == null ? null : g.defaultFrom().toString())
                .put(SSL_DIR, g.sslDir())
                .put(CA_DIR, g.caDir())
                .put(LOG_FILE, g.logFile())
                .put(LOG_LEVEL, g.logLevel())
                .put(MAX_CONNECTIONS, g.maxConnections())
                .put(CONNECTION_TIMEOUT, g.connectionTimeout())
                .put(READ_TIMEOUT, g.readTimeout())
                .put(WRITE_TIMEOUT, g.writeTimeout())
                .put(ENABLE_RATE_LIMITING, g.enableRateLimiting())
                .put(RATE_LIMIT_PER_MINUTE, g.rateLimitPerMinute())
                .put(RATE_LIMIT_PER_DAY, g.rateLimitPerDay())
                .put(SPOOL_DIR, g.spoolDir())
                .put(RETRY_MIN_BACKOFF, g.retryMinBackoff())
                .put(RETRY_MAX_BACKOFF, g.retryMaxBackoff())
                .put(MAX_QUEUE_LIFETIME, g.maxQueueLifetime())
                .put(MAX_MESSAGE_SIZE, g.maxMessageSize());
        ServerLimits l = g.serverLimits();
        v.put(TRUSTED_NETWORKS, g.trustedNetworks().stream().map(Cidr::toString).toList())
                .put(MIN_FREE_SPACE, g.minFreeSpace())
                .put(USER_FROM_MISMATCH, g.userFromPolicy().value())
                .put(SEND_BOUNCES, g.sendBounces())
                .put(BOUNCE_RATE_LIMIT_PER_HOUR, g.bounceRateLimitPerHour())
                .put(METRICS_LISTEN, g.metricsListen())
                .put(SERVER_MAX_CONNECTIONS, l.maxConnections())
                .put(SERVER_MAX_CONNECTIONS_PER_CLIENT, l.derivedPerClientCap() ? null : l.maxConnectionsPerClient())
                .put(SERVER_MAX_MESSAGES_PER_CONNECTION, l.maxMessagesPerConnection())
                .put(SERVER_MAX_RECIPIENTS, l.maxRecipients())
                .put(SERVER_MAX_COMMANDS, l.maxCommandsPerSession())
                .put(SERVER_SOFT_ERROR_LIMIT, l.softErrorLimit())
                .put(SERVER_HARD_ERROR_LIMIT, l.hardErrorLimit())
                .put(SERVER_ERROR_DELAY, l.errorDelay())
                .put(SERVER_IDLE_TIMEOUT, l.idleTimeout())
                .put(SERVER_WRITE_TIMEOUT, l.writeTimeout())
                .put(SERVER_MAX_SESSION_TIME, l.maxSessionTime());
        QueueBackendSettings q = g.queue();
        v.put(QUEUE_BACKEND, q.backend()).put(DATABASE_URL, q.databaseUrl()).put(DATABASE_USER, q.databaseUser());
        putSecret(v, DATABASE_PASSWORD, q.databasePassword());
        return v.put(DATABASE_SCHEMA, q.databaseSchema()).put(INSTANCE_ID, q.instanceId()).put(QUEUE_LEASE, q.lease());
    }

    static SectionValues values(DomainConfig d) {
        SectionValues v = SectionValues.of(SectionKind.DOMAIN, d.name(), d.source())
                .put(DOMAIN_ENABLED, d.enabled())
                .put(SMTP_SERVER, d.smtpServer())
                .put(SMTP_PORT, d.smtpPort())
                .put(AUTH_METHOD, d.authMethod())
                .put(RELAY_ACCOUNT, d.relayAccount())
                .put(USERNAME, d.username());
        putSecret(v, PASSWORD, d.password());
        v.put(USE_SSL, d.tls() == TlsMode.IMPLICIT).put(USE_STARTTLS, d.tls() == TlsMode.STARTTLS);
        OAuth2Settings o = d.oauth2();
        if (o != null) {
            putSecret(v, OAUTH2_ACCESS_TOKEN, o.accessToken());
            v.put(OAUTH2_TOKEN_ENDPOINT, o.tokenEndpoint()).put(OAUTH2_CLIENT_ID, o.clientId());
            putSecret(v, OAUTH2_CLIENT_SECRET, o.clientSecret());
            putSecret(v, OAUTH2_REFRESH_TOKEN, o.refreshToken());
        }
        return v.put(CA_FILE, d.caFile())
                .put(VERIFY_CERTIFICATES, d.verifyCertificates())
                .put(DOMAIN_RATE_LIMIT_PER_MINUTE, d.rateLimitPerMinute())
                .put(DOMAIN_RATE_LIMIT_PER_DAY, d.rateLimitPerDay())
                .put(DOMAIN_MAX_CONNECTIONS, d.maxConnections())
                .put(FORWARD_FROM_REWRITE, d.forwardFromRewrite())
                .put(INBOUND, d.inbound())
                .put(LISTEN_ADDRESS, d.listenAddress())
                .put(LISTEN_PORT, d.listenPort());
    }

    static SectionValues values(UserConfig u) {
        return SectionValues.of(SectionKind.USER, u.address(), u.source())
                .put(USER_ENABLED, u.enabled())
                .put(USER_DOMAIN, u.domain())
                .put(CAN_SEND_FROM, u.canSendFrom())
                .put(CAN_SEND_TO, u.canSendTo())
                .put(TEMPLATE_ADDRESS, u.templateAddress())
                .put(ALLOWED_DOMAINS, u.allowedDomains().isEmpty() ? null : u.allowedDomains()) // empty: any domain
                .put(PASSWORD_HASH, u.passwordHash() == null ? null : Secret.MASK); // as every inline secret
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
        Optional<ConfigKey<?>> file = secret.file().isPresent() ? source(secretKey, ValueType.PATH) : Optional.empty();
        Optional<ConfigKey<?>> env = secret.environmentVariable().isPresent() ? source(secretKey, ValueType.TEXT) : Optional.empty();
        if (file.isPresent()) {
            v.put((ConfigKey<Path>) file.get(), secret.file().get());
        } else if (env.isPresent()) {
            v.put((ConfigKey<String>) env.get(), secret.environmentVariable().get());
        } else {
            v.put(secretKey, Secret.MASK);
        }
    }

    /** The source of a secret that is not the secret itself and has the given type: its file or its variable. */
    private static Optional<ConfigKey<?>> source(ConfigKey<String> secretKey, ValueType<?> type) {
        return ConfigKeys.sourcesOf(secretKey).stream().filter(k -> k != secretKey && k.type() == type).findFirst();
    }
}
