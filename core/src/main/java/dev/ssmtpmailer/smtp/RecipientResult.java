package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.address.EmailAddress;
import java.util.Objects;

/**
 * What happened to one recipient of one message.
 *
 * @param recipient the envelope recipient as sent upstream
 * @param status delivered, or failed temporarily or permanently
 * @param replyCode the SMTP reply code (250, 450, 550, ...), or 0 when there was no reply (I/O error, timeout)
 * @param enhancedStatus the RFC 3463 enhanced status ({@code 5.1.1}), or {@code null} when the server gave none
 * @param phase where it happened: {@link SmtpPhase#END_OF_DATA} for a delivered recipient, else the failing step
 * @param reply the server's reply text, or a description of the local failure; never contains secrets
 */
public record RecipientResult(EmailAddress recipient, DeliveryStatus status, int replyCode, String enhancedStatus,
                              SmtpPhase phase, String reply) {

    /** Checks the required parts. */
    public RecipientResult {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(phase, "phase");
        reply = reply == null ? "" : reply;
    }

    /** @return whether the upstream server accepted the message for this recipient */
    public boolean delivered() {
        return status == DeliveryStatus.DELIVERED;
    }
}
