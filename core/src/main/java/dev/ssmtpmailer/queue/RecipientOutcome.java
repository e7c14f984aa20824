package dev.ssmtpmailer.queue;

import java.util.Objects;

/**
 * The new state of one recipient after (part of) a delivery attempt, as written by {@link QueueStore#record},
 * {@link QueueStore#release}, {@link QueueStore#complete} and {@link QueueStore#deadLetter}. Absolute rather
 * than a difference, so that writing it twice is harmless.
 *
 * @param recipient the recipient's index in {@link QueueEntry#recipients()}
 * @param state {@link RecipientState#PENDING} (deferred), {@link RecipientState#DELIVERED} or
 *        {@link RecipientState#FAILED}; purging is a {@link ControlRequest}, not an outcome
 * @param attempts the recipient's attempt count after this attempt
 * @param lastReply the reply or failure description, one line
 */
public record RecipientOutcome(int recipient, RecipientState state, int attempts, String lastReply) {

    /**
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if an index or count is negative, or the state is
     *         {@link RecipientState#PURGED}
     */
    public RecipientOutcome {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastReply, "lastReply");
        if (recipient < 0 || attempts < 0) {
            throw new IllegalArgumentException("recipient index and attempts must not be negative, were "
                    + recipient + " and " + attempts);
        }
        if (state == RecipientState.PURGED) {
            throw new IllegalArgumentException("a recipient is purged by a control request, not by an outcome");
        }
        lastReply = QueueRecipient.oneLine(lastReply);
    }

    /**
     * @param index the recipient's index in its message
     * @param r the recipient's new state
     * @return the outcome that gives recipient {@code index} the state, attempts and reply of {@code r}
     */
    public static RecipientOutcome of(int index, QueueRecipient r) {
        return new RecipientOutcome(index, r.state(), r.attempts(), r.lastReply());
    }
}
