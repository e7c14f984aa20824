package dev.ssmtpmailer.smtp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server reply as Angus read it: the code, the RFC 3463 enhanced status when the server gave one, and the
 * text on one line.
 *
 * @param code the reply code, or 0 when there was no reply (I/O error, timeout, connection closed)
 * @param enhancedStatus {@code x.y.z}, or {@code null}
 * @param text the whole reply, multi-line replies joined with a space
 */
record SmtpReply(int code, String enhancedStatus, String text) {
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\n\\s*");
    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})(?:\\s|$)");

    SmtpReply {
        text = text == null ? "" : text;
    }

    /**
     * @param code the code Angus parsed ({@code -1} for end of stream)
     * @param raw the reply lines as Angus keeps them ({@code "250-a\n250 b\n"})
     * @return the reply
     */
    static SmtpReply parse(int code, String raw) {
        String stripped = raw == null ? "" : raw.strip();
        String text = stripped.indexOf('\n') < 0 ? stripped : LINE_BREAKS.matcher(stripped).replaceAll(" ");
        if (code <= 0) {
            return new SmtpReply(0, null, text.isEmpty() || "[EOF]".equals(text) ? "connection closed by server" : text);
        }
        Matcher m = ENHANCED.matcher(text);
        return new SmtpReply(code, m.find() ? m.group(1) : null, text);
    }

    /** @return a reply for a failure without a server reply */
    static SmtpReply local(String description) {
        return new SmtpReply(0, null, description);
    }

    boolean positive() {
        return code >= 200 && code < 400;
    }

    /** @return 4xx and local failures are temporary, 5xx permanent */
    DeliveryStatus failureStatus() {
        return code >= 500 && code < 600 ? DeliveryStatus.PERMANENT_FAILURE : DeliveryStatus.TEMPORARY_FAILURE;
    }
}
