package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A spooled message as {@code ssmtp-mailer queue list|show} shows it: its envelope, its recipients' states and
 * when it is tried next. Never its content.
 *
 * @param id the queue id
 * @param created when it was accepted
 * @param sender the {@code MAIL FROM} it arrived with (or the application's sender), {@code null} for {@code <>}
 * @param size the size of the stored message in bytes
 * @param nextAttempt when the workers try it next (meaningless once dead)
 * @param rewriteFrom whether outbound recipients get the {@code From:} header rewritten to their envelope sender
 *        (mail submitted by a trusted SMTP client); {@code false} when the stored bytes are already final
 * @param recipients every recipient, in the order accepted
 * @param deadReason why it is in the dead-letter area, {@code null} while queued
 */
public record QueueEntry(QueueId id, Instant created, EmailAddress sender, long size, Instant nextAttempt,
                         boolean rewriteFrom, List<QueueRecipient> recipients, String deadReason) {

    /**
     * @throws NullPointerException if a required component is {@code null}
     * @throws IllegalArgumentException if there is no recipient or the size is negative
     */
    public QueueEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a spooled message needs at least one recipient");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        deadReason = deadReason == null ? null : QueueRecipient.oneLine(deadReason);
    }

    /** @return whether the message is in the dead-letter area */
    public boolean dead() {
        return deadReason != null;
    }

    /** @return the recipients still waiting for delivery */
    public List<QueueRecipient> pending() {
        return recipients.stream().filter(r -> r.state() == RecipientState.PENDING).toList();
    }

    QueueEntry withRecipients(List<QueueRecipient> newRecipients, Instant next) {
        return new QueueEntry(id, created, sender, size, next, rewriteFrom, newRecipients, deadReason);
    }

    QueueEntry withNextAttempt(Instant next) {
        return new QueueEntry(id, created, sender, size, next, rewriteFrom, recipients, deadReason);
    }

    QueueEntry dead(String reason) {
        return new QueueEntry(id, created, sender, size, nextAttempt, rewriteFrom, recipients, reason);
    }
}
