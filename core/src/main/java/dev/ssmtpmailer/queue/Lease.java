package dev.ssmtpmailer.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * The right of one owner to attempt one message until {@link #expires()}; see {@link QueueStore}.
 *
 * @param id the leased message
 * @param owner who holds it, as given to {@link QueueStore#claim}
 * @param token identifies this lease among the message's leases: a takeover after expiry gives a new token,
 *        and writes with an older one fail with {@link LeaseLostException}
 * @param expires until when no other claim takes the message
 */
public record Lease(QueueId id, String owner, long token, Instant expires) {

    /**
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if {@code owner} is blank
     */
    public Lease {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expires, "expires");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("lease owner must not be blank");
        }
    }
}
