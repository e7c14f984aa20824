package dev.ssmtpmailer.message;

import dev.ssmtpmailer.address.EmailAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The SMTP envelope of one message: {@code MAIL FROM} and the {@code RCPT TO} list.
 *
 * @param sender the reverse path, or {@code null} for the null sender {@code <>} (bounces)
 * @param recipients at least one recipient; duplicates (compared case-insensitively) are removed, order kept
 */
public record Envelope(EmailAddress sender, List<EmailAddress> recipients) {

    /** Copies the recipients and removes duplicates. */
    public Envelope {
        Objects.requireNonNull(recipients, "recipients");
        recipients = List.copyOf(new LinkedHashSet<>(recipients));
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
    }

    /**
     * @param sender the reverse path
     * @param recipients the recipients
     * @return the envelope
     */
    public static Envelope of(EmailAddress sender, EmailAddress... recipients) {
        return new Envelope(sender, List.of(recipients));
    }

    /** @return the reverse path as written in {@code MAIL FROM:<...>}, empty for the null sender */
    public String reversePath() {
        return sender == null ? "" : sender.address();
    }
}
