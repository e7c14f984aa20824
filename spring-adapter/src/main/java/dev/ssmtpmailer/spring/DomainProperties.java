package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.Secret;
import java.net.URI;
import java.nio.file.Path;

/**
 * A {@code [domain:NAME]} section, an element of {@code ssmtp-mailer.domains}: an upstream account or a local
 * domain.
 *
 * <p>Generated from {@code ConfigKeys} by {@code SectionPropertiesTest}: do not edit; after changing a key, run
 * that test with {@code -Dssmtp.regenerate=true}. Every value left unset ({@code null}) takes core's default.
 *
 * @param name Section name, usually the domain, as in {@code [domain:domain1.com]}. Required.
 * @param enabled Whether the domain is used; a disabled domain is ignored by mappings and the server
 *        ({@code enabled}). Default true.
 * @param smtpServer Upstream server host ({@code smtp_server}). Required.
 * @param smtpPort Upstream server port ({@code smtp_port}). Default 587.
 * @param authMethod How to log in (SASL mechanism) ({@code auth_method}). Default LOGIN.
 * @param relayAccount The name mappings use in {@code smtp_account}, else {@code username}; unique among enabled
 *        domains ({@code relay_account}).
 * @param username Login name for AUTH; required for {@code LOGIN}, {@code PLAIN}, {@code XOAUTH2} unless
 *        {@code relay_account} is the login ({@code username}).
 * @param password The password itself; prefer {@code password_file} or {@code password_env} ({@code password}).
 * @param passwordFile File whose first line is the password, read on each use ({@code password_file}).
 * @param passwordEnv Environment variable holding the password ({@code password_env}).
 * @param useSsl TLS from the first byte (port 465) ({@code use_ssl}). Default false.
 * @param useStarttls STARTTLS before anything else, never a plaintext fallback (port 587); false with
 *        {@code use_ssl = false} is plain text, only for a server on this host or a trusted network
 *        ({@code use_starttls}). Default true.
 * @param oauth2AccessToken A static XOAUTH2 access token ({@code oauth2_access_token}).
 * @param oauth2AccessTokenFile File holding a static XOAUTH2 access token ({@code oauth2_access_token_file}).
 * @param oauth2TokenEndpoint OAuth2 token endpoint of the refresh-token grant ({@code http} only on localhost)
 *        ({@code oauth2_token_endpoint}).
 * @param oauth2ClientId OAuth2 client id; required with {@code oauth2_token_endpoint} ({@code oauth2_client_id}).
 * @param oauth2ClientSecret OAuth2 client secret; required with {@code oauth2_token_endpoint}
 *        ({@code oauth2_client_secret}).
 * @param oauth2ClientSecretFile File holding the OAuth2 client secret ({@code oauth2_client_secret_file}).
 * @param oauth2RefreshToken OAuth2 refresh token; required with {@code oauth2_token_endpoint}
 *        ({@code oauth2_refresh_token}).
 * @param oauth2RefreshTokenFile File holding the OAuth2 refresh token ({@code oauth2_refresh_token_file}).
 * @param caFile An extra trusted CA certificate (PEM) for this upstream ({@code ca_file}).
 * @param verifyCertificates Verify the upstream certificate and host name ({@code verify_certificates}). Default
 *        true.
 * @param rateLimitPerMinute This account's override of the global messages per minute
 *        ({@code rate_limit_per_minute}). Default global value.
 * @param rateLimitPerDay This account's override of the global messages per day ({@code rate_limit_per_day}).
 *        Default global value.
 * @param maxConnections This account's override of the global connections ({@code max_connections}). Default global
 *        value.
 * @param forwardFromRewrite Forwarded mail: {@code From:} becomes the account, the original goes to
 *        {@code Reply-To:} ({@code forward_from_rewrite}). Default false.
 * @param inbound {@code true} marks a local domain that the inbound server accepts mail for; without it a domain is
 *        local only when {@code default_hostname} or a mapping's {@code from_pattern} names it, and every other
 *        domain is an upstream ({@code inbound}). Default false.
 * @param listenAddress Local domain: the address the inbound server listens on ({@code listen_address}). Default
 *        smtp_server.
 * @param listenPort Local domain: the port the inbound server listens on (0: any free port) ({@code listen_port}).
 *        Default smtp_port.
 */
public record DomainProperties(
        String name,
        Boolean enabled,
        String smtpServer,
        Integer smtpPort,
        AuthMethod authMethod,
        String relayAccount,
        String username,
        String password,
        Path passwordFile,
        String passwordEnv,
        Boolean useSsl,
        Boolean useStarttls,
        String oauth2AccessToken,
        Path oauth2AccessTokenFile,
        URI oauth2TokenEndpoint,
        String oauth2ClientId,
        String oauth2ClientSecret,
        Path oauth2ClientSecretFile,
        String oauth2RefreshToken,
        Path oauth2RefreshTokenFile,
        Path caFile,
        Boolean verifyCertificates,
        Integer rateLimitPerMinute,
        Integer rateLimitPerDay,
        Integer maxConnections,
        Boolean forwardFromRewrite,
        Boolean inbound,
        String listenAddress,
        Integer listenPort) {

    /** Every value as a record prints it, with the secrets masked. */
    @Override
    public String toString() {
        return "DomainProperties[name=" + name
                + ", enabled=" + enabled
                + ", smtpServer=" + smtpServer
                + ", smtpPort=" + smtpPort
                + ", authMethod=" + authMethod
                + ", relayAccount=" + relayAccount
                + ", username=" + username
                + ", password=" + (password == null ? null : Secret.MASK)
                + ", passwordFile=" + passwordFile
                + ", passwordEnv=" + passwordEnv
                + ", useSsl=" + useSsl
                + ", useStarttls=" + useStarttls
                + ", oauth2AccessToken=" + (oauth2AccessToken == null ? null : Secret.MASK)
                + ", oauth2AccessTokenFile=" + oauth2AccessTokenFile
                + ", oauth2TokenEndpoint=" + oauth2TokenEndpoint
                + ", oauth2ClientId=" + oauth2ClientId
                + ", oauth2ClientSecret=" + (oauth2ClientSecret == null ? null : Secret.MASK)
                + ", oauth2ClientSecretFile=" + oauth2ClientSecretFile
                + ", oauth2RefreshToken=" + (oauth2RefreshToken == null ? null : Secret.MASK)
                + ", oauth2RefreshTokenFile=" + oauth2RefreshTokenFile
                + ", caFile=" + caFile
                + ", verifyCertificates=" + verifyCertificates
                + ", rateLimitPerMinute=" + rateLimitPerMinute
                + ", rateLimitPerDay=" + rateLimitPerDay
                + ", maxConnections=" + maxConnections
                + ", forwardFromRewrite=" + forwardFromRewrite
                + ", inbound=" + inbound
                + ", listenAddress=" + listenAddress
                + ", listenPort=" + listenPort + "]";
    }
}
