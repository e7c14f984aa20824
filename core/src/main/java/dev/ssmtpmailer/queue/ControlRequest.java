package dev.ssmtpmailer.queue;

import java.util.Objects;

/**
 * What an operator asks of the queue ({@code ssmtp-mailer queue retry|purge}, {@link QueueControl}): one type for
 * the Java API, the CLI and the requests one process leaves for another ({@link QueueStore#control}).
 */
public sealed interface ControlRequest {

    /** Makes a queued message due now; its attempt counts and lifetime are kept. @param id the message */
    record Retry(QueueId id) implements ControlRequest {
        /** @throws NullPointerException if {@code id} is {@code null} */
        public Retry {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Makes every queued message due now. */
    record RetryAll() implements ControlRequest {
    }

    /**
     * Purges a message: a queued one goes to the dead letters with the reason {@link QueueStore#PURGED_REASON}
     * and its pending recipients become {@link RecipientState#PURGED} (nothing is sent any more, nothing is
     * lost); a dead letter is deleted.
     *
     * @param id the message
     */
    record Purge(QueueId id) implements ControlRequest {
        /** @throws NullPointerException if {@code id} is {@code null} */
        public Purge {
            Objects.requireNonNull(id, "id");
        }
    }

    /** @param id a message @return a request to make it due now */
    static ControlRequest retry(QueueId id) {
        return new Retry(id);
    }

    /** @return a request to make every queued message due now */
    static ControlRequest retryAll() {
        return new RetryAll();
    }

    /** @param id a message @return a request to purge it */
    static ControlRequest purge(QueueId id) {
        return new Purge(id);
    }
}
