package dev.ssmtpmailer;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import java.util.List;
import java.util.Objects;

/**
 * What happened to one message: who it was sent as, through which account, and the outcome for each
 * recipient.
 *
 * @param sender the sender the application gave (an alias such as {@code contact-general@mailer.domain1.com})
 * @param envelopeSender the sender as it left ({@code MAIL FROM} and {@code From:}): the canonical address
 * @param account the upstream account the message went through ({@code relay_account}, else {@code username},
 *        else the section name)
 * @param mapping the name of the mapping that rewrote the sender, or {@code null} when none did
 * @param recipients one result per envelope recipient
 */
public record DeliveryReport(EmailAddress sender, EmailAddress envelopeSender, AccountId account, String mapping,
                             List<RecipientResult> recipients) {

    /** Copies the results. */
    public DeliveryReport {
        Objects.requireNonNull(account, "account");
        recipients = List.copyOf(recipients);
    }

    /** @return whether the upstream server accepted the message for every recipient */
    public boolean allDelivered() {
        return recipients.stream().allMatch(RecipientResult::delivered);
    }

    /** @return the recipients that have the message */
    public List<RecipientResult> delivered() {
        return recipients.stream().filter(RecipientResult::delivered).toList();
    }

    /** @return the recipients that do not, temporarily or permanently */
    public List<RecipientResult> failed() {
        return recipients.stream().filter(r -> !r.delivered()).toList();
    }

    /** @return whether every failure is temporary, so that trying again later may succeed for all of them */
    public boolean onlyTemporaryFailures() {
        return failed().stream().allMatch(r -> r.status() == DeliveryStatus.TEMPORARY_FAILURE);
    }
}
