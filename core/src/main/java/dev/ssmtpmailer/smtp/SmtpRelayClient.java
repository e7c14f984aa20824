package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;

/**
 * Sends messages to upstream SMTP servers, one pool of authenticated connections per account.
 *
 * <p>Delivery outcomes are never thrown: {@link #send} returns one {@link RecipientResult} per envelope
 * recipient, delivered or failed (temporarily: 4xx, timeouts, I/O errors; permanently: 5xx), with the reply
 * code, enhanced status and phase. It throws only for misuse (a closed client, a null argument).
 */
public interface SmtpRelayClient extends AutoCloseable {

    /**
     * Creates the Jakarta Mail (Angus) client with one connection pool per account; see the package
     * documentation for pooling, TLS and timeouts.
     *
     * @param global EHLO name, timeouts, {@code max_connections}, {@code ssl_dir}
     * @param tokens supplies access tokens for {@code auth_method = XOAUTH2} accounts; may be {@code null} when
     *        no account uses XOAUTH2 (such an account then fails with phase {@link SmtpPhase#AUTH})
     * @return a new client; close it to close its connections
     * @throws NullPointerException if {@code global} is null
     * @throws IllegalArgumentException if a timeout in {@code global} is not positive
     */
    static SmtpRelayClient create(GlobalSettings global, TokenProvider tokens) {
        return new PooledSmtpRelayClient(global, tokens, InstantSource.system(), PoolSettings.DEFAULTS);
    }

    /**
     * Creates the client for accounts that use LOGIN, PLAIN or no authentication.
     *
     * @param global EHLO name, timeouts, {@code max_connections}, {@code ssl_dir}
     * @return a new client; close it to close its connections
     * @throws NullPointerException if {@code global} is null
     * @throws IllegalArgumentException if a timeout in {@code global} is not positive
     */
    static SmtpRelayClient create(GlobalSettings global) {
        return create(global, null);
    }

    /**
     * Sends one message through {@code account}, reusing a pooled connection when one is free.
     *
     * @param account the upstream account (server, port, TLS, AUTH)
     * @param envelope MAIL FROM and RCPT TO
     * @param body the message bytes
     * @return one result per recipient of {@code envelope}, in its order
     * @throws IllegalStateException if the client is closed
     */
    List<RecipientResult> send(DomainConfig account, Envelope envelope, MessageBody body);

    /**
     * Closes the pools of accounts that are not in {@code accounts} (after a configuration reload); their
     * idle connections are closed at once, busy ones when their message is done.
     *
     * @param accounts the accounts still in use
     */
    void retainAccounts(Collection<DomainConfig> accounts);

    /**
     * Checks that {@code account} can be reached and logs in, for health checks and {@code ssmtp-mailer test}.
     * The default client counts an idle or busy pooled connection as proof and otherwise opens one, exactly as a
     * delivery would (same trust, timeouts and login code; no message), which then stays in the pool, so probing
     * a busy relay costs nothing. A probe that opens a connection reports each step in
     * {@link ProbeResult#steps()}: resolve, connect, greeting, EHLO, STARTTLS, TLS (handshake, chain and host
     * name), EHLO again after STARTTLS, AUTH, each with its outcome, time and the server's reply, up to the one
     * that failed. A fresh client therefore always walks every step. Callers of a long-lived client should
     * cache the result: every probe of an idle account logs in.
     *
     * @param account the upstream account
     * @return up, or down with the failing phase and reply; {@link ProbeResult.Status#UNKNOWN} from clients
     *         that cannot probe (this default)
     * @throws IllegalStateException if the client is closed
     */
    default ProbeResult probe(DomainConfig account) {
        return new ProbeResult(ProbeResult.Status.UNKNOWN, SmtpPhase.OTHER, 0, getClass().getSimpleName() + " does not probe");
    }

    /** Closes every pooled connection (QUIT); a send in progress finishes first. */
    @Override
    void close();
}
