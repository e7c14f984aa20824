package dev.ssmtpmailer.auth;

import dev.ssmtpmailer.config.DomainConfig;

/**
 * Supplies OAuth2 access tokens for {@code auth_method = XOAUTH2} accounts.
 */
public interface TokenProvider {

    /**
     * @param account an account with {@link DomainConfig#oauth2()} settings
     * @return a currently valid access token (never logged)
     * @throws dev.ssmtpmailer.RelayException if no token can be obtained (the message says why, without secrets)
     */
    String accessToken(DomainConfig account);

    /**
     * Forgets the cached token of {@code account}, after the server refused it; the next
     * {@link #accessToken} obtains a fresh one.
     *
     * @param account the account
     */
    void invalidate(DomainConfig account);
}
