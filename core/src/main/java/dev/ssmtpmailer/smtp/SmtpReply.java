package dev.ssmtpmailer.smtp;

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
        return new SmtpReply(code, enhancedStatus(text), text);
    }

    /**
     * @return the {@code x.y.z} after the code ({@code ^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})(\s|$)}), or null;
     *     scanned by hand because every reply of every message passes here
     */
    static String enhancedStatus(String text) {
        if (text.length() < 9 || digitsFrom(text, 0) != 3 || (text.charAt(3) != ' ' && text.charAt(3) != '-')) {
            return null;
        }
        char cls = text.charAt(4);
        if ((cls != '2' && cls != '4' && cls != '5') || text.charAt(5) != '.') {
            return null;
        }
        int subject = digitsFrom(text, 6);
        if (subject == 6 || subject >= text.length() || text.charAt(subject) != '.') {
            return null;
        }
        int end = digitsFrom(text, subject + 1);
        if (end == subject + 1 || (end < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(end)) < 0)) {
            return null;
        }
        return text.substring(4, end);
    }

    /** @return the index after at most three ASCII digits starting at {@code from} */
    private static int digitsFrom(String s, int from) {
        int i = from;
        while (i < s.length() && i - from < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
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
