package dev.ssmtpmailer.auth;

import dev.ssmtpmailer.message.RelayException;
import java.io.Serializable;
import java.net.URI;
import java.util.Optional;

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
    private final Answer answer;
    private final boolean temporary;

    /**
     * What the token endpoint answered, when it answered at all.
     *
     * @param httpStatus the HTTP status of the answer
     * @param oauthError the OAuth error code it named ({@code invalid_grant}, {@code invalid_client}, ...), or
     *        {@code null} when it named none
     */
    public record Answer(int httpStatus, String oauthError) implements Serializable {
    }

    private TokenException(String account, URI endpoint, Answer answer, boolean temporary, String reason,
                           Throwable cause) {
        super("cannot obtain an OAuth2 access token for account " + account
                + (endpoint == null ? "" : " from " + safe(endpoint)) + ": " + reason, cause);
        this.account = account;
        this.endpoint = endpoint == null ? null : safe(endpoint);
        this.answer = answer;
        this.temporary = temporary;
    }

    /** The account's settings are wrong or a secret cannot be read: an operator must act, retrying will not help. */
    static TokenException misconfigured(String account, URI endpoint, String reason, Throwable cause) {
        return new TokenException(account, endpoint, null, false, reason, cause);
    }

    /** No answer from the endpoint (I/O error, timeout, interrupt) or a failure before one: may pass later. */
    static TokenException unanswered(String account, URI endpoint, String reason, Throwable cause) {
        return new TokenException(account, endpoint, null, true, reason, cause);
    }

    /** The endpoint answered, but not with a usable token. */
    static TokenException answered(String account, URI endpoint, Answer answer, boolean temporary, String reason) {
        return new TokenException(account, endpoint, answer, temporary, reason, null);
    }

    /**
     * The endpoint answered with a body that is not a usable token response (too large, not JSON, no token, a
     * bad {@code expires_in}): it names no OAuth error, and a later answer may be better.
     */
    static TokenException malformed(String account, URI endpoint, int httpStatus, String reason) {
        return answered(account, endpoint, new Answer(httpStatus, null), true, reason);
    }

    /** @return the account's section name */
    public String account() {
        return account;
    }

    /** @return the token endpoint without user info or query; empty for a static token */
    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** @return what the endpoint answered (HTTP status, OAuth error code); empty when there was no answer */
    public Optional<Answer> answer() {
        return Optional.ofNullable(answer);
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
