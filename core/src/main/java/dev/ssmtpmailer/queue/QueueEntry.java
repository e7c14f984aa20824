package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
        List<QueueRecipient> pending = new ArrayList<>(recipients.size()); // a loop: asked at every delivery attempt
        for (QueueRecipient r : recipients) {
            if (r.state() == RecipientState.PENDING) {
                pending.add(r);
            }
        }
        return Collections.unmodifiableList(pending);
    }

    /** @return whether every recipient is delivered; a loop, not a stream: each delivered message asks */
    boolean delivered() {
        for (int i = 0; i < recipients.size(); i++) {
            if (recipients.get(i).state() != RecipientState.DELIVERED) {
                return false;
            }
        }
        return true;
    }

    /**
     * Applies the outcomes of a delivery attempt, as every {@link QueueStore} must: each outcome gives one
     * recipient its new state; only a {@link RecipientState#PENDING} recipient may change, and an outcome equal
     * to the recipient's current state changes nothing (so a repeated write is harmless).
     *
     * @param outcomes the outcomes, by recipient index
     * @return this entry with the outcomes applied
     * @throws IllegalArgumentException if an outcome names no recipient of this entry, or changes one that is
     *         not pending
     */
    public QueueEntry withOutcomes(List<RecipientOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return this;
        }
        List<QueueRecipient> next = new ArrayList<>(recipients);
        for (RecipientOutcome o : outcomes) {
            if (o.recipient() >= next.size()) {
                throw new IllegalArgumentException("message " + id + " has no recipient " + o.recipient()
                        + " (it has " + next.size() + ")");
            }
            QueueRecipient r = next.get(o.recipient());
            QueueRecipient changed = new QueueRecipient(r.original(), r.deliverTo(), r.account(), r.forwarded(), r.mailFrom(),
                    o.state(), o.attempts(), o.lastReply());
            if (changed.equals(r)) {
                continue;
            }
            if (r.state() != RecipientState.PENDING) {
                throw new IllegalArgumentException("recipient " + o.recipient() + " <" + r.original() + "> of message " + id
                        + " is " + r.state() + ", only a pending recipient may change");
            }
            next.set(o.recipient(), changed);
        }
        return new QueueEntry(id, created, sender, size, nextAttempt, rewriteFrom, next, deadReason);
    }

    /**
     * Purges this message, as every {@link QueueStore} must for {@link ControlRequest.Purge}: pending recipients
     * become {@link RecipientState#PURGED} with the reply {@link QueueStore#PURGED_REASON}, the others keep
     * their state, and the entry is dead with that reason.
     *
     * @return the purged dead letter
     */
    public QueueEntry purged() {
        List<QueueRecipient> next = recipients.stream()
                .map(r -> r.state() == RecipientState.PENDING ? r.with(RecipientState.PURGED, QueueStore.PURGED_REASON) : r)
                .toList();
        return new QueueEntry(id, created, sender, size, nextAttempt, rewriteFrom, next, QueueStore.PURGED_REASON);
    }

    /** @return the dead reason of a message with failed recipients: how many, and the first one's reply */
    String failureReason() {
        List<QueueRecipient> failed = recipients.stream().filter(r -> r.state() == RecipientState.FAILED).toList();
        if (failed.isEmpty()) {
            return "no recipient was delivered";
        }
        return failed.size() + " of " + recipients.size() + " recipient(s) failed; first: <" + failed.get(0).original()
                + ">: " + failed.get(0).lastReply();
    }

    QueueEntry withRecipients(List<QueueRecipient> newRecipients, Instant next) {
        return new QueueEntry(id, created, sender, size, next, rewriteFrom, newRecipients, deadReason);
    }

    QueueEntry withSize(long newSize) {
        return new QueueEntry(id, created, sender, newSize, nextAttempt, rewriteFrom, recipients, deadReason);
    }

    QueueEntry withNextAttempt(Instant next) {
        return new QueueEntry(id, created, sender, size, next, rewriteFrom, recipients, deadReason);
    }

    QueueEntry dead(String reason) {
        return new QueueEntry(id, created, sender, size, nextAttempt, rewriteFrom, recipients, reason);
    }
}
