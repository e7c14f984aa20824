package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.OAuth2Settings;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.config.UserConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns {@link SsmtpMailerProperties} into core's {@link RelayConfig.Builder}. It decides only what the INI
 * reader decides too (two TLS flags into one mode, which secret key is used); every rule about values is core's.
 * Problems, its own and core's, are reported with the property name that holds the value.
 */
final class RelayConfigTranslator {
    static final String PREFIX = "ssmtp-mailer";

    private final List<SsmtpMailerConfigException.Problem> problems = new ArrayList<>();
    /** INI section ({@code domain:domain1.com}) to property prefix ({@code ssmtp-mailer.domains[0]}). */
    private final Map<String, String> sectionToProperty = new LinkedHashMap<>();

    private RelayConfigTranslator() {
    }

    /**
     * @param properties the bound properties
     * @return a builder holding the inline configuration, not yet validated
     * @throws SsmtpMailerConfigException if a value cannot even be given to the builder (a malformed address)
     */
    static RelayConfig.Builder toBuilder(SsmtpMailerProperties properties) {
        RelayConfigTranslator t = new RelayConfigTranslator();
        RelayConfig.Builder builder = t.translate(properties);
        if (!t.problems.isEmpty()) {
            throw new SsmtpMailerConfigException(SsmtpMailerConfigException.Origin.PROPERTIES, null, t.problems, null);
        }
        return builder;
    }

    /**
     * Validates the builder (core's rules) and names properties in any problem.
     *
     * @param properties the bound properties, to name the property of a problem
     * @param builder the builder, possibly changed by customizers
     * @return the validated configuration
     * @throws SsmtpMailerConfigException listing every problem with its property
     */
    static RelayConfig build(SsmtpMailerProperties properties, RelayConfig.Builder builder) {
        RelayConfigTranslator t = new RelayConfigTranslator();
        t.translate(properties);
        try {
            return builder.build();
        } catch (ConfigException e) {
            throw t.failure(e);
        }
    }

    private SsmtpMailerConfigException failure(ConfigException e) {
        List<SsmtpMailerConfigException.Problem> named = new ArrayList<>();
        for (ConfigProblem p : e.problems()) {
            named.add(new SsmtpMailerConfigException.Problem(propertyOf(p), p.message()));
        }
        return new SsmtpMailerConfigException(SsmtpMailerConfigException.Origin.PROPERTIES, null, named, e);
    }

    /** @return the property that holds the problem's value, e.g. {@code ssmtp-mailer.domains[0].smtp-port} */
    String propertyOf(ConfigProblem p) {
        String section = p.section() == null ? null : sectionToProperty.get(p.section());
        if (section == null && p.section() != null) {
            // A section that no property holds: a RelayConfigCustomizer added it. Name it as core does.
            return "[" + p.section() + "] (from a RelayConfigCustomizer)" + (p.key() == null ? "" : " " + p.key());
        }
        String base = section != null ? section : PREFIX;
        return p.key() == null ? base : base + "." + p.key().replace('_', '-');
    }

    private RelayConfig.Builder translate(SsmtpMailerProperties properties) {
        RelayConfig.Builder b = RelayConfig.builder();
        sectionToProperty.put("global", PREFIX + ".global");
        b.global(global(properties.getGlobal()));
        List<SsmtpMailerProperties.Domain> domains = properties.getDomains();
        for (int i = 0; i < domains.size(); i++) {
            String at = PREFIX + ".domains[" + i + "]";
            SsmtpMailerProperties.Domain d = domains.get(i);
            if (d.getName() == null || d.getName().isBlank()) {
                problem(at + ".name", "is required: the domain's name, as in [domain:domain1.com]");
                continue;
            }
            sectionToProperty.putIfAbsent("domain:" + d.getName(), at);
            b.domain(domain(d, at));
        }
        List<SsmtpMailerProperties.User> users = properties.getUsers();
        for (int i = 0; i < users.size(); i++) {
            String at = PREFIX + ".users[" + i + "]";
            SsmtpMailerProperties.User u = users.get(i);
            if (u.getAddress() == null || u.getAddress().isBlank()) {
                problem(at + ".address", "is required: the user's address or *@host pattern");
                continue;
            }
            sectionToProperty.putIfAbsent("user:" + u.getAddress(), at);
            UserConfig.Builder ub = UserConfig.builder(u.getAddress()).allowedDomains(u.getAllowedDomains());
            set(u.getEnabled(), ub::enabled);
            set(u.getDomain(), ub::domain);
            set(u.getCanSendFrom(), ub::canSendFrom);
            set(u.getCanSendTo(), ub::canSendTo);
            set(u.getTemplateAddress(), ub::templateAddress);
            b.user(ub.build());
        }
        List<SsmtpMailerProperties.Mapping> mappings = properties.getMappings();
        for (int i = 0; i < mappings.size(); i++) {
            String at = PREFIX + ".mappings[" + i + "]";
            SsmtpMailerProperties.Mapping m = mappings.get(i);
            if (m.getName() == null || m.getName().isBlank()) {
                problem(at + ".name", "is required: the mapping's name, as in [mapping:contact-sales]");
                continue;
            }
            sectionToProperty.putIfAbsent("mapping:" + m.getName(), at);
            b.mapping(new MappingConfig(m.getName(), m.getFromPattern(), m.getToPattern(), m.getSmtpAccount(), m.getDomain(), null));
        }
        return b;
    }

    private GlobalSettings global(SsmtpMailerProperties.Global g) {
        String at = PREFIX + ".global";
        GlobalSettings.Builder b = GlobalSettings.builder();
        set(g.getDefaultHostname(), b::defaultHostname);
        if (g.getDefaultFrom() != null) {
            try {
                b.defaultFrom(EmailAddress.parse(g.getDefaultFrom()));
            } catch (RuntimeException e) {
                problem(at + ".default-from", e.getMessage());
            }
        }
        set(g.getSslDir(), b::sslDir);
        set(g.getMaxConnections(), b::maxConnections);
        set(g.getConnectionTimeout(), b::connectionTimeout);
        set(g.getReadTimeout(), b::readTimeout);
        set(g.getWriteTimeout(), b::writeTimeout);
        set(g.getEnableRateLimiting(), b::enableRateLimiting);
        set(g.getRateLimitPerMinute(), b::rateLimitPerMinute);
        set(g.getRateLimitPerDay(), b::rateLimitPerDay);
        set(g.getSpoolDir(), b::spoolDir);
        set(g.getRetryMinBackoff(), b::retryMinBackoff);
        set(g.getRetryMaxBackoff(), b::retryMaxBackoff);
        set(g.getMaxQueueLifetime(), b::maxQueueLifetime);
        set(g.getMaxMessageSize(), b::maxMessageSize);
        if (!g.getTrustedNetworks().isEmpty()) {
            List<Cidr> networks = new ArrayList<>();
            for (int i = 0; i < g.getTrustedNetworks().size(); i++) {
                try {
                    networks.add(Cidr.parse(g.getTrustedNetworks().get(i)));
                } catch (RuntimeException e) {
                    problem(at + ".trusted-networks[" + i + "]", e.getMessage());
                }
            }
            b.trustedNetworks(networks);
        }
        return b.build();
    }

    private DomainConfig domain(SsmtpMailerProperties.Domain d, String at) {
        DomainConfig.Builder b = DomainConfig.builder(d.getName());
        set(d.getEnabled(), b::enabled);
        set(d.getSmtpServer(), b::smtpServer);
        set(d.getSmtpPort(), b::smtpPort);
        set(d.getAuthMethod(), b::authMethod);
        set(d.getRelayAccount(), b::relayAccount);
        set(d.getUsername(), b::username);
        secret(at, "password", d.getPassword(), d.getPasswordFile() == null ? null : Secret.fromFile(d.getPasswordFile()),
                d.getPasswordEnv() == null ? null : Secret.fromEnv(d.getPasswordEnv())).ifPresent(b::password);
        b.tls(tls(d, at));
        set(d.getCaFile(), b::caFile);
        set(d.getVerifyCertificates(), b::verifyCertificates);
        b.rateLimitPerMinute(d.getRateLimitPerMinute());
        b.rateLimitPerDay(d.getRateLimitPerDay());
        b.maxConnections(d.getMaxConnections());
        set(d.getForwardFromRewrite(), b::forwardFromRewrite);
        b.listenAddress(d.getListenAddress());
        b.listenPort(d.getListenPort());
        oauth2(d, at).ifPresent(b::oauth2);
        return b.build();
    }

    /** Like the INI reader: {@code use-ssl} is implicit TLS, {@code use-starttls} (default true) is STARTTLS. */
    private TlsMode tls(SsmtpMailerProperties.Domain d, String at) {
        if (Boolean.TRUE.equals(d.getUseSsl()) && Boolean.TRUE.equals(d.getUseStarttls())) {
            problem(at + ".use-ssl", "use-ssl = true and use-starttls = true exclude each other: use-ssl is TLS from the "
                    + "first byte (port 465), use-starttls upgrades a plain connection (port 587); set one to false");
            return TlsMode.STARTTLS;
        }
        if (Boolean.TRUE.equals(d.getUseSsl())) {
            return TlsMode.IMPLICIT;
        }
        return Boolean.FALSE.equals(d.getUseStarttls()) ? TlsMode.NONE : TlsMode.STARTTLS;
    }

    private Optional<OAuth2Settings> oauth2(SsmtpMailerProperties.Domain d, String at) {
        Optional<Secret> access = secret(at, "oauth2-access-token", d.getOauth2AccessToken(),
                d.getOauth2AccessTokenFile() == null ? null : Secret.fromFile(d.getOauth2AccessTokenFile()), null);
        Optional<Secret> clientSecret = secret(at, "oauth2-client-secret", d.getOauth2ClientSecret(),
                d.getOauth2ClientSecretFile() == null ? null : Secret.fromFile(d.getOauth2ClientSecretFile()), null);
        Optional<Secret> refresh = secret(at, "oauth2-refresh-token", d.getOauth2RefreshToken(),
                d.getOauth2RefreshTokenFile() == null ? null : Secret.fromFile(d.getOauth2RefreshTokenFile()), null);
        if (d.getOauth2TokenEndpoint() != null || d.getOauth2ClientId() != null || clientSecret.isPresent() || refresh.isPresent()) {
            return Optional.of(new OAuth2Settings(access.orElse(null), d.getOauth2TokenEndpoint(), d.getOauth2ClientId(),
                    clientSecret.orElse(null), refresh.orElse(null)));
        }
        return access.map(OAuth2Settings::staticToken);
    }

    /** At most one of the inline value, the file and the variable may be given, as in the INI files. */
    private Optional<Secret> secret(String at, String key, String inline, Secret file, Secret env) {
        List<Secret> given = new ArrayList<>();
        if (inline != null) {
            given.add(Secret.of(inline));
        }
        if (file != null) {
            given.add(file);
        }
        if (env != null) {
            given.add(env);
        }
        if (given.size() > 1) {
            problem(at + "." + key, "set only one of " + key + ", " + key + "-file" + (key.equals("password") ? ", password-env" : ""));
        }
        return given.stream().findFirst();
    }

    private void problem(String property, String message) {
        problems.add(new SsmtpMailerConfigException.Problem(property, message));
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
