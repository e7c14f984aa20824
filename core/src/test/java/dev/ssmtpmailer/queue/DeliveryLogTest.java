package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeliveryLogTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static QueueRecipient rcpt(String original, String deliverTo) {
        return new QueueRecipient(EmailAddress.parse(original), EmailAddress.parse(deliverTo), "mail-relay@domain1.com",
                true, null, RecipientState.PENDING, 1, null);
    }

    private static QueueEntry entry(QueueRecipient r) {
        return new QueueEntry(new QueueId("3F2A9C1D"), T0, EmailAddress.parse("visitor@example.org"), 10, T0, false,
                List.of(r), null);
    }

    @Test
    void line_sentAlias_looksLikePostfixStatusSent() {
        QueueRecipient r = rcpt("contact-sales@mailer.domain1.com", "contact-sales@domain1.com");

        assertThat(DeliveryLog.line(entry(r), r, "smtp.gmail.com", DeliveryStatus.DELIVERED, "250 2.0.0 OK queued",
                T0.plusMillis(1234)))
                .isEqualTo("3F2A9C1D: to=<contact-sales@domain1.com>, orig_to=<contact-sales@mailer.domain1.com>, "
                        + "account=mail-relay@domain1.com, relay=smtp.gmail.com, delay=1.2, attempts=1, "
                        + "status=sent (250 2.0.0 OK queued)");
    }

    @Test
    void line_replyWithLineBreak_staysOneLineAndDeferredSaysSo() {
        QueueRecipient r = rcpt("jane@domain1.com", "jane@domain1.com");

        String line = DeliveryLog.line(entry(r), r, "smtp.gmail.com", DeliveryStatus.TEMPORARY_FAILURE,
                "451 4.3.0 busy\r\n3F2A9C1D: status=sent (forged)", T0.plusSeconds(60));

        assertThat(line).doesNotContain("\n", "\r", "orig_to").contains("delay=60.0", "status=deferred (451 4.3.0 busy  3F2A9C1D");
    }

    @Test
    void seconds_anyDelay_sameTextAsFormatOneDecimal() {
        SplittableRandom random = new SplittableRandom(14);
        for (long millis = 0; millis < 50_000; millis++) {
            assertThat(DeliveryLog.seconds(millis)).isEqualTo(String.format(Locale.ROOT, "%.1f", millis / 1000.0));
        }
        for (int i = 0; i < 50_000; i++) {
            long millis = random.nextLong(2_000_000_000_000L); // up to 63 years: both sides of the computed range
            assertThat(DeliveryLog.seconds(millis)).as("%d ms", millis)
                    .isEqualTo(String.format(Locale.ROOT, "%.1f", millis / 1000.0));
        }
        assertThat(DeliveryLog.seconds(Long.MAX_VALUE)).isEqualTo(String.format(Locale.ROOT, "%.1f", Long.MAX_VALUE / 1000.0));
    }

    @Test
    void line_relayAndAccountWithControlCharacters_replacedBySpaces() {
        QueueRecipient r = rcpt("jane@domain1.com", "jane@domain1.com");

        String line = DeliveryLog.line(entry(r), r, " smtp\tgmail.com\u007f", DeliveryStatus.DELIVERED, "250\u0000ok",
                T0.plusMillis(49));

        assertThat(line).endsWith("relay=smtp gmail.com, delay=0.0, attempts=1, status=sent (250 ok)");
    }
}
