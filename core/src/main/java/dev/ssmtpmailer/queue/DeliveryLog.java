package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per recipient and attempt of a spooled message, in the shape of Postfix's {@code status=sent}
 * lines, so that {@code grep} and log shippers work:
 *
 * <pre>{@code
 * 3F2A9C1D: to=<contact-sales@domain1.com>, orig_to=<contact-sales@mailer.domain1.com>, account=mail-relay@domain1.com,
 *     relay=smtp.gmail.com, delay=1.2, attempts=1, status=sent (250 2.0.0 OK 1700000000 x1si)
 * }</pre>
 *
 * ({@code delay}: seconds since the message was accepted; {@code status}: {@code sent}, {@code deferred} or
 * {@code bounced}.) The line holds addresses, the account name and the upstream's reply: never a secret or a body.
 * Logger {@code dev.ssmtpmailer.queue.DeliveryLog}; set it to WARN to silence the lines.
 */
final class DeliveryLog {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);
    /** Up to here (31 years) {@link #seconds} computes the text; a double holds such millis/1000 to the digit. */
    private static final long MAX_EXACT_MILLIS = 1_000_000_000_000L;

    private DeliveryLog() {
    }

    static void attempt(QueueEntry entry, QueueRecipient r, String relay, DeliveryStatus status, String reply, Instant now) {
        if (log.isInfoEnabled()) {
            log.info(line(entry, r, relay, status, reply, now));
        }
    }

    static String line(QueueEntry entry, QueueRecipient r, String relay, DeliveryStatus status, String reply, Instant now) {
        long millis = Math.max(0, Duration.between(entry.created(), now).toMillis());
        String word = switch (status) {
            case DELIVERED -> "sent";
            case TEMPORARY_FAILURE -> "deferred";
            case PERMANENT_FAILURE -> "bounced";
        };
        // sized for the usual line (a default builder grew four times), addresses appended without a string each
        StringBuilder b = new StringBuilder(256).append(entry.id()).append(": to=<");
        address(b, r.deliverTo()).append('>');
        if (!r.original().equals(r.deliverTo())) {
            address(b.append(", orig_to=<"), r.original()).append('>');
        }
        b.append(", account=").append(clean(r.account())).append(", relay=").append(clean(relay)).append(", delay=");
        return seconds(b, millis).append(", attempts=").append(r.attempts())
                .append(", status=").append(word).append(" (").append(clean(reply)).append(')').toString();
    }

    /**
     * @return {@code millis} as seconds with one decimal, rounded half up: the text of
     *         {@code String.format(Locale.ROOT, "%.1f", millis / 1000.0)}, without a {@code Formatter} per line (it was
     *         a tenth of the relay's CPU per message); beyond 31 years of delay, that format itself
     */
    static String seconds(long millis) {
        return seconds(new StringBuilder(8), millis).toString();
    }

    /** Appends {@link #seconds(long)}'s text, into the line's builder rather than through a string of its own. */
    private static StringBuilder seconds(StringBuilder b, long millis) {
        if (millis < 0 || millis > MAX_EXACT_MILLIS) {
            return b.append(String.format(Locale.ROOT, "%.1f", millis / 1000.0));
        }
        long tenths = (millis + 50) / 100;
        return b.append(tenths / 10).append('.').append(tenths % 10);
    }

    /** Appends the address as {@link EmailAddress#toString} writes it. */
    private static StringBuilder address(StringBuilder b, EmailAddress a) {
        return b.append(a.localPart()).append('@').append(a.domain());
    }

    /** A reply is the upstream's text: one line, no control characters, so that it cannot forge a log line. */
    private static String clean(String s) {
        if (s == null) {
            return "";
        }
        int i = 0;
        while (i < s.length() && !control(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s.strip(); // the usual reply: nothing to replace
        }
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(control(c) ? ' ' : c);
        }
        return b.toString().strip();
    }

    private static boolean control(char c) {
        return c < 0x20 || c == 0x7f;
    }
}
