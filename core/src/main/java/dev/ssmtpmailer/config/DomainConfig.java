package dev.ssmtpmailer.config;

import dev.ssmtpmailer.message.AccountId;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code [domain:NAME]} section: an upstream account that mail leaves through (Gmail's
 * {@code smtp.gmail.com:587}, or a smarthost on {@code 127.0.0.1:25}), or a local domain that the inbound server
 * accepts mail for. Which one it is depends on the whole configuration: see {@link DomainRole}. Build with
 * {@link #builder(String)}.
 *
 * @param name the section name, usually the domain ({@code domain1.com})
 * @param enabled {@code enabled}, default {@code true}
 * @param smtpServer {@code smtp_server}
 * @param smtpPort {@code smtp_port}, default 587
 * @param authMethod {@code auth_method}, default {@link AuthMethod#LOGIN}
 * @param relayAccount {@code relay_account}: the name mappings use in {@code smtp_account}, or {@code null}
 * @param username {@code username} for AUTH, or {@code null}
 * @param password {@code password}, {@code password_file} or {@code password_env}, or {@code null}
 * @param oauth2 the XOAUTH2 credentials, or {@code null}
 * @param tls from {@code use_ssl} and {@code use_starttls}; default {@link TlsMode#STARTTLS}
 * @param caFile {@code ca_file}: an extra trusted CA (PEM) for this upstream, or {@code null}
 * @param verifyCertificates {@code verify_certificates}, default {@code true}
 * @param rateLimitPerMinute {@code rate_limit_per_minute} override, or {@code null} for the global value
 * @param rateLimitPerDay {@code rate_limit_per_day} override, or {@code null} for the global value
 * @param maxConnections {@code max_connections} override, or {@code null} for the global value
 * @param forwardFromRewrite {@code forward_from_rewrite}, default {@code false}
 * @param inbound {@code inbound}: {@code true} marks a local domain explicitly, default {@code false}
 * @param listenAddress {@code listen_address} (local domain), or {@code null} for {@code smtp_server}
 * @param listenPort {@code listen_port} (local domain), or {@code null} for {@code smtp_port}
 * @param source where the section came from
 */
public record DomainConfig(
        String name,
        boolean enabled,
        String smtpServer,
        int smtpPort,
        AuthMethod authMethod,
        String relayAccount,
        String username,
        Secret password,
        OAuth2Settings oauth2,
        TlsMode tls,
        Path caFile,
        boolean verifyCertificates,
        Integer rateLimitPerMinute,
        Integer rateLimitPerDay,
        Integer maxConnections,
        boolean forwardFromRewrite,
        boolean inbound,
        String listenAddress,
        Integer listenPort,
        SourceLocation source) {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]", "localhost.localdomain");

    /** Fills in defaults for a missing auth method, TLS mode and location. */
    public DomainConfig {
        Objects.requireNonNull(name, "name");
        authMethod = authMethod == null ? AuthMethod.LOGIN : authMethod;
        tls = tls == null ? TlsMode.STARTTLS : tls;
        source = source == null ? SourceLocation.NONE : source;
    }

    /**
     * @param name the section name
     * @return a builder with the defaults
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The name mappings refer to in {@code smtp_account}: {@code relay_account}, else {@code username}.
     *
     * @return the account name, or {@code null} when neither is set
     */
    public String accountName() {
        return relayAccount != null ? relayAccount : username;
    }

    /**
     * How the account is named in reports, metrics and logs: {@code relay_account}, else {@code username},
     * else the section name. Never {@code null}.
     *
     * @return the name
     */
    public String displayName() {
        String account = accountName();
        return account != null ? account : name;
    }

    /**
     * The account's identity: {@link #displayName()} as an {@link AccountId}, which compares ignoring case.
     *
     * @return the id
     */
    public AccountId id() {
        return AccountId.of(displayName());
    }

    /**
     * The login name for AUTH: {@code username}, else {@code relay_account}.
     *
     * @return the login, or {@code null}
     */
    public String login() {
        return username != null ? username : relayAccount;
    }

    /**
     * Whether {@code smtp_server} names this host: a loopback name or address, or {@code default_hostname}. Such a
     * domain is still an upstream (a local Postfix, a sidecar) unless {@link DomainRole} finds it local.
     *
     * @param defaultHostname the global {@code default_hostname}, which also names this host
     * @return whether the server is on this host
     */
    public boolean onThisHost(String defaultHostname) {
        if (smtpServer == null) {
            return false;
        }
        String s = smtpServer.toLowerCase(Locale.ROOT);
        return LOOPBACK_NAMES.contains(s) || s.equals(defaultHostname == null ? null : defaultHostname.toLowerCase(Locale.ROOT));
    }

    /** @return the masked form: secrets never appear */
    @Override
    public String toString() {
        return "DomainConfig[name=" + name + ", enabled=" + enabled + ", smtpServer=" + smtpServer + ", smtpPort=" + smtpPort
                + ", authMethod=" + authMethod + ", relayAccount=" + relayAccount + ", username=" + username
                + ", password=" + (password == null ? "null" : Secret.MASK) + ", oauth2=" + oauth2 + ", tls=" + tls
                + ", caFile=" + caFile + ", verifyCertificates=" + verifyCertificates + ", rateLimitPerMinute="
                + rateLimitPerMinute + ", rateLimitPerDay=" + rateLimitPerDay + ", maxConnections=" + maxConnections
                + ", forwardFromRewrite=" + forwardFromRewrite + ", inbound=" + inbound + ", listenAddress=" + listenAddress + ", listenPort="
                + listenPort + "]";
    }

    /** Builds a {@link DomainConfig}; values are checked by {@link RelayConfig.Builder#build()}. */
    public static final class Builder {
        private final String name;
        private boolean enabled = ConfigKeys.DOMAIN_ENABLED.defaultValue();
        private String smtpServer;
        private int smtpPort = ConfigKeys.SMTP_PORT.defaultValue();
        private AuthMethod authMethod = ConfigKeys.AUTH_METHOD.defaultValue();
        private String relayAccount;
        private String username;
        private Secret password;
        private OAuth2Settings oauth2;
        private TlsMode tls = SectionCodec.tls(ConfigKeys.USE_SSL.defaultValue(), ConfigKeys.USE_STARTTLS.defaultValue());
        private Path caFile;
        private boolean verifyCertificates = ConfigKeys.VERIFY_CERTIFICATES.defaultValue();
        private Integer rateLimitPerMinute;
        private Integer rateLimitPerDay;
        private Integer maxConnections;
        private boolean forwardFromRewrite = ConfigKeys.FORWARD_FROM_REWRITE.defaultValue();
        private boolean inbound = ConfigKeys.INBOUND.defaultValue();
        private String listenAddress;
        private Integer listenPort;
        private SourceLocation source = SourceLocation.NONE;

        Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        Builder(DomainConfig d) {
            this(d.name);
            enabled = d.enabled;
            smtpServer = d.smtpServer;
            smtpPort = d.smtpPort;
            authMethod = d.authMethod;
            relayAccount = d.relayAccount;
            username = d.username;
            password = d.password;
            oauth2 = d.oauth2;
            tls = d.tls;
            caFile = d.caFile;
            verifyCertificates = d.verifyCertificates;
            rateLimitPerMinute = d.rateLimitPerMinute;
            rateLimitPerDay = d.rateLimitPerDay;
            maxConnections = d.maxConnections;
            forwardFromRewrite = d.forwardFromRewrite;
            inbound = d.inbound;
            listenAddress = d.listenAddress;
            listenPort = d.listenPort;
            source = d.source;
        }

        /** @param v {@code enabled} @return this */
        public Builder enabled(boolean v) { enabled = v; return this; }
        /** @param v {@code smtp_server} @return this */
        public Builder smtpServer(String v) { smtpServer = v; return this; }
        /** @param v {@code smtp_port} @return this */
        public Builder smtpPort(int v) { smtpPort = v; return this; }
        /** @param v {@code auth_method} @return this */
        public Builder authMethod(AuthMethod v) { authMethod = v; return this; }
        /** @param v {@code relay_account} @return this */
        public Builder relayAccount(String v) { relayAccount = v; return this; }
        /** @param v {@code username} @return this */
        public Builder username(String v) { username = v; return this; }
        /** @param v the password source @return this */
        public Builder password(Secret v) { password = v; return this; }
        /** @param v the password itself @return this */
        public Builder password(String v) { password = v == null ? null : Secret.of(v); return this; }
        /** @param v the XOAUTH2 credentials @return this */
        public Builder oauth2(OAuth2Settings v) { oauth2 = v; return this; }
        /** @param v the TLS mode @return this */
        public Builder tls(TlsMode v) { tls = v; return this; }
        /** @param v {@code ca_file} @return this */
        public Builder caFile(Path v) { caFile = v; return this; }
        /** @param v {@code verify_certificates} @return this */
        public Builder verifyCertificates(boolean v) { verifyCertificates = v; return this; }
        /** @param v {@code rate_limit_per_minute}, or {@code null} for the global value @return this */
        public Builder rateLimitPerMinute(Integer v) { rateLimitPerMinute = v; return this; }
        /** @param v {@code rate_limit_per_day}, or {@code null} for the global value @return this */
        public Builder rateLimitPerDay(Integer v) { rateLimitPerDay = v; return this; }
        /** @param v {@code max_connections}, or {@code null} for the global value @return this */
        public Builder maxConnections(Integer v) { maxConnections = v; return this; }
        /** @param v {@code forward_from_rewrite} @return this */
        public Builder forwardFromRewrite(boolean v) { forwardFromRewrite = v; return this; }
        /** @param v {@code inbound}: {@code true} marks a local domain @return this */
        public Builder inbound(boolean v) { inbound = v; return this; }
        /** @param v {@code listen_address} @return this */
        public Builder listenAddress(String v) { listenAddress = v; return this; }
        /** @param v {@code listen_port} @return this */
        public Builder listenPort(Integer v) { listenPort = v; return this; }
        /** @param v where the section came from @return this */
        public Builder source(SourceLocation v) { source = v; return this; }

        /** @return the domain, unchecked (the whole configuration is checked at once) */
        public DomainConfig build() {
            return new DomainConfig(name, enabled, smtpServer, smtpPort, authMethod, relayAccount, username, password,
                    oauth2, tls, caFile, verifyCertificates, rateLimitPerMinute, rateLimitPerDay, maxConnections,
                    forwardFromRewrite, inbound, listenAddress, listenPort, source);
        }
    }
}
