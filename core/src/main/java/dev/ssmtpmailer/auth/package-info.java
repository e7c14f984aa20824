/**
 * OAuth2 access tokens for upstream accounts with {@code auth_method = XOAUTH2}. Start here:
 * {@link dev.ssmtpmailer.auth.TokenProvider#create()}.
 *
 * <p>An account either has a static token ({@code oauth2_access_token[_file]}), returned as configured, or a
 * refresh-token grant ({@code oauth2_token_endpoint}, {@code oauth2_client_id},
 * {@code oauth2_client_secret[_file]}, {@code oauth2_refresh_token[_file]}). For the grant the provider
 * POSTs {@code grant_type=refresh_token} to the endpoint (finite timeouts, no redirects followed), caches the
 * access token per account until 60 seconds before its {@code expires_in} (at most a day: a longer lifetime
 * is not believed), sends at most one request per
 * account at a time however many threads ask, and keeps a refresh token that the endpoint rotates for the
 * next request (memory only: after a restart the configured one is used again). When the SMTP server refuses
 * a token, {@link dev.ssmtpmailer.auth.TokenProvider#invalidate} makes the next call fetch a new one.
 *
 * <p>Failures are {@link dev.ssmtpmailer.auth.TokenException}s naming the account, the endpoint and the OAuth
 * error code; secrets and tokens never appear in messages or logs. The SMTP client reports them, and any other
 * failure of a {@code TokenProvider}, as a failure of phase {@code AUTH} with the reason.
 */
package dev.ssmtpmailer.auth;
