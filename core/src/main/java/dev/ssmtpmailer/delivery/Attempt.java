package dev.ssmtpmailer.delivery;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link DeliveryPipeline#attempt} did: it {@linkplain Sent sent} the message (every recipient has a
 * classified result), or the account's rate limit {@linkplain RateLimited refused} it and nothing was sent.
 * Whether and when to try again is the caller's decision.
 */
public sealed interface Attempt permits Attempt.Sent, Attempt.RateLimited {

    /** @return the account the attempt went (or would have gone) through */
    AccountId account();

    /**
     * The message went to the upstream server (or failed on the way there): one result per envelope recipient,
     * in the envelope's order.
     *
     * @param account the account it went through
     * @param envelope the envelope as sent
     * @param results one result per recipient of {@code envelope}, in its order
     * @param latency from handing the message to the SMTP client to its last answer (no rate-limit wait)
     */
    record Sent(AccountId account, Envelope envelope, List<RecipientResult> results, Duration latency) implements Attempt {

        /**
         * @throws NullPointerException if a component is {@code null}
         * @throws IllegalArgumentException if {@code results} does not hold one result per envelope recipient
         */
        public Sent {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(latency, "latency");
            results = List.copyOf(results);
            List<EmailAddress> recipients = envelope.recipients();
            boolean match = results.size() == recipients.size();
            for (int i = 0; match && i < results.size(); i++) {
                match = results.get(i).recipient().equals(recipients.get(i));
            }
            if (!match) {
                throw new IllegalArgumentException("results must match the envelope's recipients, in order");
            }
        }

        /** @return whether the upstream server accepted the message for every recipient */
        public boolean allDelivered() {
            return results.stream().allMatch(RecipientResult::delivered);
        }

        /** @return the results that failed, temporarily or permanently */
        public List<RecipientResult> failed() {
            return results.stream().filter(r -> !r.delivered()).toList();
        }

        /**
         * @param recipient a recipient of the envelope
         * @return its result
         * @throws IllegalArgumentException if it is not a recipient of this attempt
         */
        public RecipientResult result(EmailAddress recipient) {
            for (RecipientResult r : results) { // a loop, not a stream: asked once per recipient of every message
                if (r.recipient().equals(recipient)) {
                    return r;
                }
            }
            throw new IllegalArgumentException(recipient + " is not a recipient of this attempt");
        }

        /** @return whether every failure is temporary (trying later may succeed); true when none failed */
        public boolean onlyTemporaryFailures() {
            return failed().stream().allMatch(r -> r.status() == DeliveryStatus.TEMPORARY_FAILURE);
        }
    }

    /**
     * The account had no token now ({@link RateLimitWait#NONE}); nothing was sent and no attempt was made.
     *
     * @param account the account whose limit refused
     */
    record RateLimited(AccountId account) implements Attempt {

        /** @throws NullPointerException if {@code account} is {@code null} */
        public RateLimited {
            Objects.requireNonNull(account, "account");
        }
    }
}
