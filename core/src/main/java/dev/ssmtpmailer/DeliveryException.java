package dev.ssmtpmailer;

import dev.ssmtpmailer.message.RelayException;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import java.util.List;

/**
 * A message was not accepted for at least one recipient. Carries the whole {@link DeliveryReport}: the
 * recipients that do have the message (never send to them again) and, for each failure, the reply code,
 * enhanced status, SMTP phase and whether it is temporary.
 */
public final class DeliveryException extends RelayException {
    private static final long serialVersionUID = 1L;

    private final transient DeliveryReport report;

    /**
     * @param report a report with at least one failed recipient
     */
    public DeliveryException(DeliveryReport report) {
        super(describe(report));
        this.report = report;
    }

    /** @return the full report, delivered recipients included */
    public DeliveryReport report() {
        return report;
    }

    /** @return the recipients that failed */
    public List<RecipientResult> failedRecipients() {
        return report.failed();
    }

    /** @return whether every failure is temporary (4xx, timeout, dropped connection): trying later may work */
    public boolean isTemporary() {
        return report.onlyTemporaryFailures();
    }

    /** @return the reply code of the first failure, or 0 when there was no reply (I/O error, timeout) */
    public int replyCode() {
        return first().replyCode();
    }

    /** @return the enhanced status of the first failure ({@code 5.7.8}), or {@code null} */
    public String enhancedStatus() {
        return first().enhancedStatus();
    }

    /** @return the SMTP phase of the first failure */
    public SmtpPhase phase() {
        return first().phase();
    }

    private RecipientResult first() {
        return report.failed().get(0);
    }

    private static String describe(DeliveryReport report) {
        List<RecipientResult> failed = report.failed();
        if (failed.isEmpty()) {
            throw new IllegalArgumentException("a DeliveryException needs at least one failed recipient");
        }
        StringBuilder b = new StringBuilder("delivery failed for ").append(failed.size()).append(" of ")
                .append(report.recipients().size()).append(report.recipients().size() == 1 ? " recipient" : " recipients")
                .append(" via account ").append(report.account()).append(':');
        for (RecipientResult r : failed) {
            b.append("\n  ").append(r.recipient()).append(": ")
                    .append(r.status() == DeliveryStatus.TEMPORARY_FAILURE ? "temporary" : "permanent")
                    .append(" failure at ").append(r.phase());
            if (r.replyCode() > 0) {
                b.append(", ").append(r.replyCode());
            }
            if (!r.reply().isEmpty()) {
                b.append(": ").append(r.reply());
            }
        }
        return b.toString();
    }
}
