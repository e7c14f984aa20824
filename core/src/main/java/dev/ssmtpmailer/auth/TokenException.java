package dev.ssmtpmailer.auth;

import dev.ssmtpmailer.message.RelayException;
import java.net.URI;

/**
 * No access token could be obtained for an XOAUTH2 account: the token endpoint refused the refresh token
 * ({@code invalid_grant}: revoked or expired, an operator must issue a new one), failed (5xx, timeout), or
 * answered something that is not a token response; or a configured secret cannot be read. The message names
 * the account, the endpoint and the OAuth error code, never a secret.
 */
public final class TokenException extends RelayException {
    private static final long serialVersionUID = 1L;

    private final String account;
    private final String endpoint;
    private final int httpStatus;
    private final String oauthError;
    private final boolean temporary;

    TokenException(String account, URI endpoint, int httpStatus, String oauthError, boolean temporary, String reason,
                   Throwable cause) {
        super("cannot obtain an OAuth2 access token for account " + account
                + (endpoint == null ? "" : " from " + safe(endpoint)) + ": " + reason, cause);
        this.account = account;
        this.endpoint = endpoint == null ? null : safe(endpoint);
        this.httpStatus = httpStatus;
        this.oauthError = oauthError;
        this.temporary = temporary;
    }

    /** @return the account's section name */
    public String account() {
        return account;
    }

    /** @return the token endpoint without user info or query, or {@code null} for a static token */
    public String endpoint() {
        return endpoint;
    }

    /** @return the HTTP status of the endpoint's answer, or 0 when there was none (I/O error, timeout) */
    public int httpStatus() {
        return httpStatus;
    }

    /** @return the OAuth error code ({@code invalid_grant}, {@code invalid_client}, ...), or {@code null} */
    public String oauthError() {
        return oauthError;
    }

    /** @return whether trying again later may help (5xx, I/O errors), as opposed to a refusal an operator must fix */
    public boolean isTemporary() {
        return temporary;
    }

    /** Drops user info and query, where credentials could hide. */
    static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
