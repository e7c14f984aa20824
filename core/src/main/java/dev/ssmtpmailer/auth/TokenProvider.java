package dev.ssmtpmailer.auth;

import dev.ssmtpmailer.config.DomainConfig;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Supplies OAuth2 access tokens for {@code auth_method = XOAUTH2} accounts.
 */
public interface TokenProvider {

    /**
     * @param account an account with {@link DomainConfig#oauth2()} settings
     * @return a currently valid access token (never logged)
     * @throws dev.ssmtpmailer.message.RelayException if no token can be obtained (the message says why, without secrets)
     */
    String accessToken(DomainConfig account);

    /**
     * Forgets the cached token of {@code account}, after the server refused it; the next
     * {@link #accessToken} obtains a fresh one.
     *
     * @param account the account
     */
    void invalidate(DomainConfig account);

    /**
     * A provider that returns static tokens as configured and obtains refreshed ones from the account's token
     * endpoint, caching each until 60 seconds before it expires (connect timeout 10 s, request timeout 30 s). Its
     * HTTP client is made at the first token request, so that a relay without OAuth2 never sets one up.
     *
     * @return a new provider with its own cache
     */
    static TokenProvider create() {
        return new CachingTokenProvider(() -> HttpClient.newBuilder()
                .connectTimeout(CachingTokenProvider.DEFAULT_TIMEOUT.dividedBy(3))
                .followRedirects(HttpClient.Redirect.NEVER).build(), CachingTokenProvider.DEFAULT_TIMEOUT, InstantSource.system());
    }

    /**
     * @param http the client for token requests (its connect timeout applies)
     * @param requestTimeout how long one token request may take in total
     * @param clock the time that token lifetimes are measured with (tests pass a fake)
     * @return a new provider with its own cache
     * @throws IllegalArgumentException if the timeout is not positive
     */
    static TokenProvider create(HttpClient http, Duration requestTimeout, InstantSource clock) {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clock, "clock");
        if (requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new IllegalArgumentException("request timeout must be positive, was " + requestTimeout);
        }
        return new CachingTokenProvider(() -> http, requestTimeout, clock);
    }
}
