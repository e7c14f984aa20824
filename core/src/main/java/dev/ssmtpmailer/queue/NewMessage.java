package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The envelope of a message to store with {@link QueueStore#accept}; the store gives it an id and counts its
 * bytes.
 *
 * @param sender the {@code MAIL FROM} it arrived with (or the application's sender), {@code null} for {@code <>}
 * @param recipients every recipient, pending with no attempt, in the order accepted
 * @param rewriteFrom see {@link QueueEntry#rewriteFrom()}
 * @param created when it was accepted; the first attempt is due then. A store may keep it to the millisecond only
 */
public record NewMessage(EmailAddress sender, List<QueueRecipient> recipients, boolean rewriteFrom, Instant created) {

    /**
     * @throws NullPointerException if a required component is {@code null}
     * @throws IllegalArgumentException if there is no recipient, or one is not pending or has attempts
     */
    public NewMessage {
        Objects.requireNonNull(created, "created");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one recipient");
        }
        for (QueueRecipient r : recipients) {
            if (r.state() != RecipientState.PENDING || r.attempts() != 0) {
                throw new IllegalArgumentException("a new message's recipients are pending with no attempt, "
                        + r.original() + " is " + r.state() + " after " + r.attempts());
            }
        }
    }
}
