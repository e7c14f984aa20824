package dev.ssmtpmailer.inbound;

import dev.ssmtpmailer.policy.PolicyRule;
import java.util.Locale;

/**
 * Why the inbound server refused a connection, a sender, a recipient or a message: the closed list of reasons
 * an {@link InboundListener} hears, and the {@code reason} tag of the refusal meter. Each refusal the server
 * makes is reported once, with one of these. Protocol mistakes (an unknown command, a command out of order, bad
 * syntax) are not refusals: they count toward {@link #ERROR_LIMIT}.
 *
 * <p>The reply each reason goes with is the one the server documents ({@code docs/server.md}); the Postfix
 * setting named is the one the limit corresponds to.
 */
public enum InboundRefusal {
    /** {@code 421 4.7.0}: the client already holds {@code server_max_connections_per_client} connections. */
    CONNECTIONS_PER_CLIENT,
    /** {@code 421}: the server already holds {@code server_max_connections} connections in all. */
    CONNECTIONS_TOTAL,
    /** {@code 421 4.7.0}: the session reached {@code server_hard_error_limit} (Postfix's {@code smtpd_hard_error_limit}). */
    ERROR_LIMIT,
    /** {@code 421 4.7.0}: the session reached {@code server_max_commands}. */
    COMMAND_LIMIT,
    /** {@code 421 4.4.2}, or a dropped connection: the session outlived {@code server_max_session_time}. */
    SESSION_TIME,
    /** {@code 421}: the client sent nothing for {@code server_idle_timeout}. */
    IDLE_TIMEOUT,
    /** The connection was dropped: the client did not read a reply within {@code server_write_timeout}. */
    WRITE_TIMEOUT,
    /** {@code 421 4.7.0} at {@code MAIL FROM}: the connection already sent {@code server_max_messages_per_connection}. */
    MESSAGES_PER_CONNECTION,
    /** {@code 452 4.5.3}: the message already has {@code server_max_recipients} recipients. */
    RECIPIENT_LIMIT,
    /** {@code 553 5.1.7} or {@code 553 5.1.3}: a sender or recipient address the server does not take (syntax, source route, quoted local part, IP literal). */
    INVALID_ADDRESS,
    /** {@code 554 5.7.1} or {@code 550 5.7.1}: a recipient on another domain from an untrusted client, or {@code %}/{@code !} routing. */
    RELAY_DENIED,
    /** {@code 550 5.1.1}: a recipient on a local domain that no mapping and no user accepts. */
    UNKNOWN_RECIPIENT,
    /**
     * {@code 554 5.7.1} or {@code 550 5.7.1}: a sender (or the {@code From:} of its message) that a trusted or
     * logged-in client may not use.
     */
    SENDER_NOT_ALLOWED,
    /** {@code 451 4.3.5}: an accepted address has no upstream account to deliver through; an operator must act. */
    NO_ACCOUNT,
    /** {@code 552 5.3.4}: the declared {@code SIZE} or the data is larger than {@code max_message_size}. */
    MESSAGE_TOO_BIG,
    /** {@code 452 4.3.1}: the spool's file system has less than {@code min_free_space} (Postfix's {@code queue_minfree}). */
    FREE_SPACE_LOW,
    /** {@code 451 4.3.0}: the queue could not store the message. */
    QUEUE_ERROR,
    /** {@code 421 4.3.2} at {@code MAIL FROM}: the server is shutting down. */
    SHUTTING_DOWN,
    /** {@code 538 5.7.11}: {@code AUTH} came before {@code STARTTLS} (Postfix's {@code smtpd_tls_auth_only}). */
    TLS_REQUIRED,
    /** {@code 535 5.7.8}: the client's {@code AUTH} credentials were refused. */
    AUTH_FAILED,
    /**
     * {@code 450 4.7.1} at {@code AUTH}, without a password check: the client's address failed
     * {@code server_auth_failure_limit} logins within {@code server_auth_failure_window} (Postfix's
     * {@code smtpd_client_auth_rate_limit}).
     */
    AUTH_FAILURE_LIMIT;

    /** @return the lower-case name, as the {@code reason} tag of the refusal meter shows it, e.g. {@code error_limit} */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param rule a rule of the {@link dev.ssmtpmailer.policy.RelayPolicy} that refused a recipient
     * @return the refusal that rule stands for
     * @throws IllegalArgumentException if the rule accepts
     */
    public static InboundRefusal of(PolicyRule rule) {
        return switch (rule) {
            case UNKNOWN_LOCAL_RECIPIENT -> UNKNOWN_RECIPIENT;
            case RELAY_DENIED, ROUTING_CHARACTERS -> RELAY_DENIED;
            case SENDER_NOT_ALLOWED, RECIPIENT_DOMAIN_NOT_ALLOWED, SENDER_LOGIN_MISMATCH -> SENDER_NOT_ALLOWED;
            case NO_ACCOUNT -> NO_ACCOUNT;
            case SENDER_MAPPING, SENDER_USER, RECIPIENT_MAPPING, RECIPIENT_USER, TRUSTED_SUBMISSION,
                    AUTHENTICATED_SUBMISSION ->
                    throw new IllegalArgumentException("rule " + rule + " accepts: it is no refusal");
        };
    }
}
