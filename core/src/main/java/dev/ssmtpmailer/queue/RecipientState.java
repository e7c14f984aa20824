package dev.ssmtpmailer.queue;

/** Where one recipient of a spooled message stands. */
public enum RecipientState {
    /** Not delivered yet: waiting for its first attempt or for a retry. */
    PENDING,
    /** The upstream server accepted the message for this recipient; it is never sent to it again. */
    DELIVERED,
    /** Given up: a permanent failure, or temporary failures until {@code max_queue_lifetime}. */
    FAILED,
    /** Still pending when the operator purged the message ({@code queue purge}); never sent to it. */
    PURGED
}
