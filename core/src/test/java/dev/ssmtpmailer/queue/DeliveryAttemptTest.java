package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryAttemptTest {
    private static final EmailAddress TO = EmailAddress.parse("someone@example.com");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "554 5.7.1 <someone@example.com>: Relay access denied | 554 5.7.1 <someone@example.com>: Relay access denied (RCPT)",
        "5.7.1 <someone@example.com>: Relay access denied     | 554 5.7.1 <someone@example.com>: Relay access denied (RCPT)",
        "<someone@example.com>: Relay access denied           | 554 5.7.1 <someone@example.com>: Relay access denied (RCPT)",
        "554-5.7.1 <someone@example.com>: Relay access denied | 554 5.7.1 <someone@example.com>: Relay access denied (RCPT)"})
    void reply_textRepeatingCodeOrStatus_eachPartOnce(String text, String expected) {
        RecipientResult r = new RecipientResult(TO, DeliveryStatus.PERMANENT_FAILURE, 554, "5.7.1", SmtpPhase.RCPT, text);

        assertThat(DeliveryAttempt.reply(r)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"250 2.0.0 Ok: queued as X | 250 2.0.0 Ok: queued as X", "Ok | 250 2.0.0 Ok"})
    void reply_delivered_noPhase(String text, String expected) {
        RecipientResult r = new RecipientResult(TO, DeliveryStatus.DELIVERED, 250, "2.0.0", SmtpPhase.END_OF_DATA, text);

        assertThat(DeliveryAttempt.reply(r)).isEqualTo(expected);
    }
}
