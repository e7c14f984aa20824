package dev.ssmtpmailer.queue;

import java.util.Objects;

/**
 * What {@link QueueStore#control} did with a {@link ControlRequest}.
 *
 * @param status applied, left for the owning process, or nothing to apply it to
 * @param messages how many messages it concerned (for {@link ControlRequest.RetryAll}: how many were queued)
 */
public record ControlResult(Status status, int messages) {

    /** How a request was handled. */
    public enum Status {
        /** Done; for a leased message, done when its lease ends (see {@link QueueStore}). */
        APPLIED,
        /**
         * Left for the process that owns the store, which applies it within its poll interval ({@link QueueControl}
         * of a file spool that {@code serve} owns); a store's own {@link QueueStore#control} never answers this.
         */
        REQUESTED,
        /** No message with that id (for a retry: no queued one). */
        NOT_FOUND
    }

    /**
     * @throws NullPointerException if {@code status} is {@code null}
     * @throws IllegalArgumentException if {@code messages} is negative
     */
    public ControlResult {
        Objects.requireNonNull(status, "status");
        if (messages < 0) {
            throw new IllegalArgumentException("messages must not be negative, was " + messages);
        }
    }

    /** @param messages how many messages it concerned @return a result with status {@link Status#APPLIED} */
    public static ControlResult applied(int messages) {
        return new ControlResult(Status.APPLIED, messages);
    }

    /** @return a result with status {@link Status#NOT_FOUND} */
    public static ControlResult notFound() {
        return new ControlResult(Status.NOT_FOUND, 0);
    }

    /** @return whether a message was found (the request was applied or left for the owner) */
    public boolean found() {
        return status != Status.NOT_FOUND;
    }
}
