package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SectionValues;
import java.net.URI;
import java.nio.file.Path;

/**
 * A {@code [domain:NAME]} section, an element of {@code ssmtp-mailer.domains}: an upstream account or a local domain.
 *
 * <p>Generated from {@link ConfigKeys} by {@code SectionPropertiesTest}: do not edit; after changing a
 * key, run that test with {@code -Dssmtp.regenerate=true}. Every value left unset takes core's default.
 */
public class DomainProperties {
    /** Section name, usually the domain, as in {@code [domain:domain1.com]}. Required. */
    private String name;

    /**
     * Whether the domain is used; a disabled domain is ignored by mappings and the server ({@code enabled}).
     * Default true.
     */
    private Boolean enabled;

    /**
     * Upstream server host; {@code localhost} (or {@code default_hostname}) with {@code auth_method = NONE} makes
     * the local domain ({@code smtp_server}). Required.
     */
    private String smtpServer;

    /** Upstream server port ({@code smtp_port}). Default 587. */
    private Integer smtpPort;

    /** How to log in (SASL mechanism) ({@code auth_method}). Default LOGIN. */
    private AuthMethod authMethod;

    /**
     * The name mappings use in {@code smtp_account}, else {@code username}; unique among enabled domains ({@code
     * relay_account}).
     */
    private String relayAccount;

    /**
     * Login name for AUTH; required for {@code LOGIN}, {@code PLAIN}, {@code XOAUTH2} unless {@code relay_account}
     * is the login ({@code username}).
     */
    private String username;

    /** The password itself; prefer {@code password_file} or {@code password_env} ({@code password}). */
    private String password;

    /** File whose first line is the password, read on each use ({@code password_file}). */
    private Path passwordFile;

    /** Environment variable holding the password ({@code password_env}). */
    private String passwordEnv;

    /** TLS from the first byte (port 465) ({@code use_ssl}). Default false. */
    private Boolean useSsl;

    /**
     * STARTTLS before anything else, never a plaintext fallback (port 587); false with {@code use_ssl = false} is
     * plain text, only for a server on this host or a trusted network ({@code use_starttls}). Default true.
     */
    private Boolean useStarttls;

    /** A static XOAUTH2 access token ({@code oauth2_access_token}). */
    private String oauth2AccessToken;

    /** File holding a static XOAUTH2 access token ({@code oauth2_access_token_file}). */
    private Path oauth2AccessTokenFile;

    /**
     * OAuth2 token endpoint of the refresh-token grant ({@code http} only on localhost) ({@code
     * oauth2_token_endpoint}).
     */
    private URI oauth2TokenEndpoint;

    /** OAuth2 client id; required with {@code oauth2_token_endpoint} ({@code oauth2_client_id}). */
    private String oauth2ClientId;

    /** OAuth2 client secret; required with {@code oauth2_token_endpoint} ({@code oauth2_client_secret}). */
    private String oauth2ClientSecret;

    /** File holding the OAuth2 client secret ({@code oauth2_client_secret_file}). */
    private Path oauth2ClientSecretFile;

    /** OAuth2 refresh token; required with {@code oauth2_token_endpoint} ({@code oauth2_refresh_token}). */
    private String oauth2RefreshToken;

    /** File holding the OAuth2 refresh token ({@code oauth2_refresh_token_file}). */
    private Path oauth2RefreshTokenFile;

    /** An extra trusted CA certificate (PEM) for this upstream ({@code ca_file}). */
    private Path caFile;

    /** Verify the upstream certificate and host name ({@code verify_certificates}). Default true. */
    private Boolean verifyCertificates;

    /**
     * This account's override of the global messages per minute ({@code rate_limit_per_minute}). Default global
     * value.
     */
    private Integer rateLimitPerMinute;

    /** This account's override of the global messages per day ({@code rate_limit_per_day}). Default global value. */
    private Integer rateLimitPerDay;

    /** This account's override of the global connections ({@code max_connections}). Default global value. */
    private Integer maxConnections;

    /**
     * Forwarded mail: {@code From:} becomes the account, the original goes to {@code Reply-To:} ({@code
     * forward_from_rewrite}). Default false.
     */
    private Boolean forwardFromRewrite;

    /** Local domain: the address the inbound server listens on ({@code listen_address}). Default smtp_server. */
    private String listenAddress;

    /**
     * Local domain: the port the inbound server listens on (0: any free port) ({@code listen_port}). Default
     * smtp_port.
     */
    private Integer listenPort;

    /** @return the section's name, as in {@code [domain:...]} */
    public String getName() {
        return name;
    }

    /** @param name the section's name, as in {@code [domain:...]} */
    public void setName(String name) {
        this.name = name;
    }

    /** @return {@code enabled} */
    public Boolean getEnabled() {
        return enabled;
    }

    /** @param enabled {@code enabled} */
    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    /** @return {@code smtp_server} */
    public String getSmtpServer() {
        return smtpServer;
    }

    /** @param smtpServer {@code smtp_server} */
    public void setSmtpServer(String smtpServer) {
        this.smtpServer = smtpServer;
    }

    /** @return {@code smtp_port} */
    public Integer getSmtpPort() {
        return smtpPort;
    }

    /** @param smtpPort {@code smtp_port} */
    public void setSmtpPort(Integer smtpPort) {
        this.smtpPort = smtpPort;
    }

    /** @return {@code auth_method} */
    public AuthMethod getAuthMethod() {
        return authMethod;
    }

    /** @param authMethod {@code auth_method} */
    public void setAuthMethod(AuthMethod authMethod) {
        this.authMethod = authMethod;
    }

    /** @return {@code relay_account} */
    public String getRelayAccount() {
        return relayAccount;
    }

    /** @param relayAccount {@code relay_account} */
    public void setRelayAccount(String relayAccount) {
        this.relayAccount = relayAccount;
    }

    /** @return {@code username} */
    public String getUsername() {
        return username;
    }

    /** @param username {@code username} */
    public void setUsername(String username) {
        this.username = username;
    }

    /** @return {@code password} */
    public String getPassword() {
        return password;
    }

    /** @param password {@code password} */
    public void setPassword(String password) {
        this.password = password;
    }

    /** @return {@code password_file} */
    public Path getPasswordFile() {
        return passwordFile;
    }

    /** @param passwordFile {@code password_file} */
    public void setPasswordFile(Path passwordFile) {
        this.passwordFile = passwordFile;
    }

    /** @return {@code password_env} */
    public String getPasswordEnv() {
        return passwordEnv;
    }

    /** @param passwordEnv {@code password_env} */
    public void setPasswordEnv(String passwordEnv) {
        this.passwordEnv = passwordEnv;
    }

    /** @return {@code use_ssl} */
    public Boolean getUseSsl() {
        return useSsl;
    }

    /** @param useSsl {@code use_ssl} */
    public void setUseSsl(Boolean useSsl) {
        this.useSsl = useSsl;
    }

    /** @return {@code use_starttls} */
    public Boolean getUseStarttls() {
        return useStarttls;
    }

    /** @param useStarttls {@code use_starttls} */
    public void setUseStarttls(Boolean useStarttls) {
        this.useStarttls = useStarttls;
    }

    /** @return {@code oauth2_access_token} */
    public String getOauth2AccessToken() {
        return oauth2AccessToken;
    }

    /** @param oauth2AccessToken {@code oauth2_access_token} */
    public void setOauth2AccessToken(String oauth2AccessToken) {
        this.oauth2AccessToken = oauth2AccessToken;
    }

    /** @return {@code oauth2_access_token_file} */
    public Path getOauth2AccessTokenFile() {
        return oauth2AccessTokenFile;
    }

    /** @param oauth2AccessTokenFile {@code oauth2_access_token_file} */
    public void setOauth2AccessTokenFile(Path oauth2AccessTokenFile) {
        this.oauth2AccessTokenFile = oauth2AccessTokenFile;
    }

    /** @return {@code oauth2_token_endpoint} */
    public URI getOauth2TokenEndpoint() {
        return oauth2TokenEndpoint;
    }

    /** @param oauth2TokenEndpoint {@code oauth2_token_endpoint} */
    public void setOauth2TokenEndpoint(URI oauth2TokenEndpoint) {
        this.oauth2TokenEndpoint = oauth2TokenEndpoint;
    }

    /** @return {@code oauth2_client_id} */
    public String getOauth2ClientId() {
        return oauth2ClientId;
    }

    /** @param oauth2ClientId {@code oauth2_client_id} */
    public void setOauth2ClientId(String oauth2ClientId) {
        this.oauth2ClientId = oauth2ClientId;
    }

    /** @return {@code oauth2_client_secret} */
    public String getOauth2ClientSecret() {
        return oauth2ClientSecret;
    }

    /** @param oauth2ClientSecret {@code oauth2_client_secret} */
    public void setOauth2ClientSecret(String oauth2ClientSecret) {
        this.oauth2ClientSecret = oauth2ClientSecret;
    }

    /** @return {@code oauth2_client_secret_file} */
    public Path getOauth2ClientSecretFile() {
        return oauth2ClientSecretFile;
    }

    /** @param oauth2ClientSecretFile {@code oauth2_client_secret_file} */
    public void setOauth2ClientSecretFile(Path oauth2ClientSecretFile) {
        this.oauth2ClientSecretFile = oauth2ClientSecretFile;
    }

    /** @return {@code oauth2_refresh_token} */
    public String getOauth2RefreshToken() {
        return oauth2RefreshToken;
    }

    /** @param oauth2RefreshToken {@code oauth2_refresh_token} */
    public void setOauth2RefreshToken(String oauth2RefreshToken) {
        this.oauth2RefreshToken = oauth2RefreshToken;
    }

    /** @return {@code oauth2_refresh_token_file} */
    public Path getOauth2RefreshTokenFile() {
        return oauth2RefreshTokenFile;
    }

    /** @param oauth2RefreshTokenFile {@code oauth2_refresh_token_file} */
    public void setOauth2RefreshTokenFile(Path oauth2RefreshTokenFile) {
        this.oauth2RefreshTokenFile = oauth2RefreshTokenFile;
    }

    /** @return {@code ca_file} */
    public Path getCaFile() {
        return caFile;
    }

    /** @param caFile {@code ca_file} */
    public void setCaFile(Path caFile) {
        this.caFile = caFile;
    }

    /** @return {@code verify_certificates} */
    public Boolean getVerifyCertificates() {
        return verifyCertificates;
    }

    /** @param verifyCertificates {@code verify_certificates} */
    public void setVerifyCertificates(Boolean verifyCertificates) {
        this.verifyCertificates = verifyCertificates;
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

    /** @return {@code max_connections} */
    public Integer getMaxConnections() {
        return maxConnections;
    }

    /** @param maxConnections {@code max_connections} */
    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** @return {@code forward_from_rewrite} */
    public Boolean getForwardFromRewrite() {
        return forwardFromRewrite;
    }

    /** @param forwardFromRewrite {@code forward_from_rewrite} */
    public void setForwardFromRewrite(Boolean forwardFromRewrite) {
        this.forwardFromRewrite = forwardFromRewrite;
    }

    /** @return {@code listen_address} */
    public String getListenAddress() {
        return listenAddress;
    }

    /** @param listenAddress {@code listen_address} */
    public void setListenAddress(String listenAddress) {
        this.listenAddress = listenAddress;
    }

    /** @return {@code listen_port} */
    public Integer getListenPort() {
        return listenPort;
    }

    /** @param listenPort {@code listen_port} */
    public void setListenPort(Integer listenPort) {
        this.listenPort = listenPort;
    }

    /** @return the values that are set, as core's {@code [domain:NAME]} section */
    SectionValues toValues() {
        SectionValues v = SectionValues.of(SectionKind.DOMAIN, name, null);
        v.put(ConfigKeys.DOMAIN_ENABLED, enabled);
        v.put(ConfigKeys.SMTP_SERVER, smtpServer);
        v.put(ConfigKeys.SMTP_PORT, smtpPort);
        v.put(ConfigKeys.AUTH_METHOD, authMethod);
        v.put(ConfigKeys.RELAY_ACCOUNT, relayAccount);
        v.put(ConfigKeys.USERNAME, username);
        v.put(ConfigKeys.PASSWORD, password);
        v.put(ConfigKeys.PASSWORD_FILE, passwordFile);
        v.put(ConfigKeys.PASSWORD_ENV, passwordEnv);
        v.put(ConfigKeys.USE_SSL, useSsl);
        v.put(ConfigKeys.USE_STARTTLS, useStarttls);
        v.put(ConfigKeys.OAUTH2_ACCESS_TOKEN, oauth2AccessToken);
        v.put(ConfigKeys.OAUTH2_ACCESS_TOKEN_FILE, oauth2AccessTokenFile);
        v.put(ConfigKeys.OAUTH2_TOKEN_ENDPOINT, oauth2TokenEndpoint);
        v.put(ConfigKeys.OAUTH2_CLIENT_ID, oauth2ClientId);
        v.put(ConfigKeys.OAUTH2_CLIENT_SECRET, oauth2ClientSecret);
        v.put(ConfigKeys.OAUTH2_CLIENT_SECRET_FILE, oauth2ClientSecretFile);
        v.put(ConfigKeys.OAUTH2_REFRESH_TOKEN, oauth2RefreshToken);
        v.put(ConfigKeys.OAUTH2_REFRESH_TOKEN_FILE, oauth2RefreshTokenFile);
        v.put(ConfigKeys.CA_FILE, caFile);
        v.put(ConfigKeys.VERIFY_CERTIFICATES, verifyCertificates);
        v.put(ConfigKeys.DOMAIN_RATE_LIMIT_PER_MINUTE, rateLimitPerMinute);
        v.put(ConfigKeys.DOMAIN_RATE_LIMIT_PER_DAY, rateLimitPerDay);
        v.put(ConfigKeys.DOMAIN_MAX_CONNECTIONS, maxConnections);
        v.put(ConfigKeys.FORWARD_FROM_REWRITE, forwardFromRewrite);
        v.put(ConfigKeys.LISTEN_ADDRESS, listenAddress);
        v.put(ConfigKeys.LISTEN_PORT, listenPort);
        return v;
    }
}
