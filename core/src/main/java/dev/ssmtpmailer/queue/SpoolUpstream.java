package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.smtp.RecipientResult;
import java.util.List;
import java.util.Optional;

/**
 * The one step of a spooled delivery that is not the spool's: find the account, take its rate-limit token without
 * waiting, send, classify, tell the listeners. {@link DeliveryAttempt} calls only this, so that the spool and
 * {@code Relay.send} can share one delivery pipeline ({@link ClientUpstream} is the step built from an SMTP client
 * and a rate limiter).
 */
interface SpoolUpstream {

    /**
     * @param account a recipient's account as the spool stored it
     * @return the enabled account of that name in the configuration in force, or empty
     */
    Optional<DomainConfig> account(String account);

    /**
     * Sends one SMTP transaction through the account, if its rate limit has a token now.
     *
     * @return empty when the rate limit refused (nothing was sent; this is no attempt); else exactly one result per
     *         envelope recipient, in the envelope's order (a failure of the client is a temporary failure of each)
     */
    Optional<List<RecipientResult>> send(DomainConfig account, Envelope envelope, MessageBody body);
}
