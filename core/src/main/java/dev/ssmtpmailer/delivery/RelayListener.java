package dev.ssmtpmailer.delivery;

import dev.ssmtpmailer.internal.Listeners;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Hears what the relay does with each message, direct or spooled, for metrics and audit: register one with
 * {@link dev.ssmtpmailer.RelayAssembly.Builder#listener(RelayListener)}. The {@link DeliveryPipeline} calls it
 * after every attempt. Every method has a no-op default, so an implementation overrides only what it needs.
 *
 * <p>Methods are called on the sending thread (the caller's, or a spool worker's), after the outcome is
 * known and before {@code send} returns or throws; keep them short and non-blocking. An exception thrown by a listener is logged and otherwise ignored:
 * it never changes the outcome of a send.
 *
 * <p>{@code account} is always the account's {@link AccountId} ({@code DomainConfig.id()}), as reports and rate
 * limits use it: {@code relay_account}, else {@code username}, else the domain section's name.
 */
public interface RelayListener {

    /** A listener that does nothing. */
    RelayListener NONE = new RelayListener() { };

    /**
     * Every recipient of a message was accepted upstream.
     *
     * @param account the upstream account
     * @param latency from handing the message to the SMTP client to the upstream server's last answer (the
     *        rate-limit wait is not included)
     */
    default void delivered(AccountId account, Duration latency) {
    }

    /**
     * At least one recipient of a message was not accepted upstream (one call per message).
     *
     * @param account the upstream account
     * @param status whether the first failure was temporary or permanent
     * @param phase the SMTP step at which the first failure happened
     */
    default void failed(AccountId account, DeliveryStatus status, SmtpPhase phase) {
    }

    /**
     * The connection to the account's server could not be opened or secured (phase {@code CONNECT},
     * {@code EHLO} or {@code TLS}); called in addition to {@link #failed}.
     *
     * @param account the upstream account
     */
    default void connectionFailed(AccountId account) {
    }

    /**
     * The account's server refused its credentials (phase {@code AUTH}); called in addition to {@link #failed}.
     *
     * @param account the upstream account
     */
    default void authenticationFailed(AccountId account) {
    }

    /**
     * The account's rate limit refused a message and nothing was sent: {@code Relay.send} then throws
     * {@link dev.ssmtpmailer.ratelimit.RateLimitException}. (A spooled message that has to wait for a token is
     * held back in the spool, not refused; it is not reported here, and the rate limiter counts it.)
     *
     * @param account the upstream account
     */
    default void rateLimited(AccountId account) {
    }

    /**
     * One SMTP transaction ended, through {@code Relay.send} or a spool worker (the
     * {@link DeliveryPipeline} calls it once per transaction, with one result per recipient). The default turns it into the
     * events above: {@link #delivered} when every recipient was accepted, else {@link #failed} for the first
     * failure, plus {@link #connectionFailed} (CONNECT, EHLO, TLS) or {@link #authenticationFailed} (AUTH).
     *
     * @param account the account the transaction went through
     * @param latency how long the client took
     * @param results one result per recipient
     */
    default void attempted(AccountId account, Duration latency, List<RecipientResult> results) {
        Optional<RecipientResult> failure = results.stream().filter(r -> !r.delivered()).findFirst();
        if (failure.isEmpty()) {
            delivered(account, latency);
            return;
        }
        RecipientResult first = failure.get();
        failed(account, first.status(), first.phase());
        switch (first.phase()) {
            case CONNECT, EHLO, TLS -> connectionFailed(account);
            case AUTH -> authenticationFailed(account);
            default -> { }
        }
    }

    /**
     * @param listeners listeners to tell, in order
     * @return one listener that tells each of them; one that throws is logged at WARN and skipped, since a
     *         listener must never change the outcome of a delivery
     */
    static RelayListener of(List<RelayListener> listeners) {
        return Listeners.fanOut(RelayListener.class, listeners, "relay listener");
    }
}
