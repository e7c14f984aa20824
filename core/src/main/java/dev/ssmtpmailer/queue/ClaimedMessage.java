package dev.ssmtpmailer.queue;

import java.util.Objects;

/**
 * A due message handed out by {@link QueueStore#claim}: its state when it was claimed and the lease under
 * which it is attempted.
 *
 * @param entry the message's state (queued, at least one recipient pending)
 * @param lease the lease; its id is the entry's
 */
public record ClaimedMessage(QueueEntry entry, Lease lease) {

    /**
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if the lease is for another message
     */
    public ClaimedMessage {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(lease, "lease");
        if (!entry.id().equals(lease.id())) {
            throw new IllegalArgumentException("lease " + lease.id() + " is not for message " + entry.id());
        }
    }
}
