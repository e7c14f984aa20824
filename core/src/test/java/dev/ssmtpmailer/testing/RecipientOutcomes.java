package dev.ssmtpmailer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import org.assertj.core.api.ThrowingConsumer;

/** What an SMTP client must have reported for a recipient, for AssertJ's {@code allSatisfy} and {@code satisfies}. */
public final class RecipientOutcomes {
    private RecipientOutcomes() {
    }

    /**
     * @param status the outcome
     * @param replyCode the server's reply code, 0 when none came
     * @param phase the SMTP step that decided it
     * @return the requirement that a result is exactly that
     */
    public static ThrowingConsumer<RecipientResult> outcome(DeliveryStatus status, int replyCode, SmtpPhase phase) {
        return r -> assertThat(r).as(r.toString())
                .extracting(RecipientResult::status, RecipientResult::replyCode, RecipientResult::phase)
                .containsExactly(status, replyCode, phase);
    }

    /**
     * @param status the outcome
     * @param replyCode the server's reply code
     * @param enhancedStatus the enhanced status code of the reply, {@code 4.7.1}
     * @param phase the SMTP step that decided it
     * @return the requirement that a result is exactly that
     */
    public static ThrowingConsumer<RecipientResult> outcome(DeliveryStatus status, int replyCode, String enhancedStatus,
                                                            SmtpPhase phase) {
        return r -> assertThat(r).as(r.toString())
                .extracting(RecipientResult::status, RecipientResult::replyCode, RecipientResult::enhancedStatus,
                        RecipientResult::phase)
                .containsExactly(status, replyCode, enhancedStatus, phase);
    }
}
