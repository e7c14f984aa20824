package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import java.util.Objects;

/**
 * One recipient of a spooled message and its delivery state.
 *
 * @param original the recipient as the client gave it ({@code RCPT TO}, e.g. the alias
 *        {@code contact-sales@mailer.domain1.com})
 * @param deliverTo the address delivered to upstream (the canonical address of a mapping)
 * @param account the upstream account that carries it ({@code relay_account}, else {@code username}, else the
 *        section name); looked up in the configuration in force at each attempt
 * @param forwarded whether this is forwarded mail (envelope sender = the account, bounces to the original
 *        sender) rather than outbound mail sent as {@link #mailFrom}
 * @param mailFrom for outbound mail the envelope sender to use, {@code null} for the null sender {@code <>}
 *        (bounces); ignored (and {@code null}) for forwarded mail
 * @param state pending, delivered or failed
 * @param attempts how many delivery attempts reached the upstream for this recipient (rate-limited waits do
 *        not count)
 * @param lastReply the last reply or failure description, empty before the first attempt; one line
 */
public record QueueRecipient(EmailAddress original, EmailAddress deliverTo, String account, boolean forwarded,
                             EmailAddress mailFrom, RecipientState state, int attempts, String lastReply) {

    /**
     * @throws NullPointerException if a required component is {@code null}
     * @throws IllegalArgumentException if {@code attempts} is negative or {@code account} is blank
     */
    public QueueRecipient {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(deliverTo, "deliverTo");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(state, "state");
        if (account.isBlank()) {
            throw new IllegalArgumentException("account must not be blank");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
        mailFrom = forwarded ? null : mailFrom;
        lastReply = lastReply == null ? "" : oneLine(lastReply);
    }

    /**
     * @param newState the state after an attempt
     * @param reply the reply of that attempt
     * @return this recipient after one more attempt
     */
    QueueRecipient attempted(RecipientState newState, String reply) {
        return new QueueRecipient(original, deliverTo, account, forwarded, mailFrom, newState, attempts + 1, reply);
    }

    /**
     * @param newState the new state
     * @param reply the reason
     * @return this recipient with another state, without counting an attempt
     */
    QueueRecipient with(RecipientState newState, String reply) {
        return new QueueRecipient(original, deliverTo, account, forwarded, mailFrom, newState, attempts, reply);
    }

    static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ').strip();
    }
}
