package dev.ssmtpmailer.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one {@code Received:} header the server adds in front of a message (RFC 5321 section 4.4), in the form
 * Postfix writes it:
 *
 * <pre>
 * Received: from client.example ([192.0.2.7])
 *         by mailer.domain1.com (ssmtp-mailer) with ESMTPS id 5F3K2A.1
 *         for &lt;contact-sales@mailer.domain1.com&gt;; Fri, 27 Nov 2026 21:40:00 +0000
 * </pre>
 *
 * No reverse DNS lookup: it would put a resolver on the path of every message.
 */
final class ReceivedHeader {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final int MAX_HELO = 64;
    /**
     * The date of the latest header: the text changes once a second, and formatting it for every message was the
     * header's main cost (a {@code ZonedDateTime} and the formatter's work, of the JIT's biggest compilations too).
     */
    private static volatile Stamp latest = new Stamp(Long.MIN_VALUE, "");

    /** The date text of one second. */
    private record Stamp(long second, String text) {
    }

    private ReceivedHeader() {
    }

    /**
     * @param helo the EHLO/HELO name the client gave, or {@code null}
     * @param client the client's address
     * @param byHost this server's name ({@code default_hostname})
     * @param protocol RFC 3848's name of the session: {@code ESMTP}, {@code ESMTPS} (under STARTTLS) or
     *        {@code ESMTPSA} (under STARTTLS and logged in)
     * @param id the server's id of this transaction
     * @param singleRecipient the only recipient, or {@code null} when there are several
     * @param now the time of receipt
     * @return the header, folded, ending in CRLF
     */
    static byte[] of(String helo, InetAddress client, String byHost, String protocol, String id, String singleRecipient,
                     Instant now) {
        StringBuilder b = new StringBuilder(256);
        // the names cleaned into the builder, not into a string each: once per message
        clean(b.append("Received: from "), helo == null ? "unknown" : helo);
        literal(b.append(" ("), client).append(")\r\n");
        clean(b.append("        by "), byHost).append(" (ssmtp-mailer) with ")
                .append(protocol).append(" id ").append(id);
        if (singleRecipient != null) {
            b.append("\r\n        for <").append(singleRecipient).append('>');
        }
        b.append("; ").append(date(now)).append("\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the header's date of {@code now}, {@code DATE.format(now)}: formatted once a second */
    static String date(Instant now) {
        Stamp s = latest;
        if (s.second() != now.getEpochSecond()) {
            s = new Stamp(now.getEpochSecond(), DATE.format(now)); // the pattern has no fraction of a second
            latest = s;
        }
        return s.text();
    }

    /** RFC 5321 address literal: {@code [192.0.2.7]} or {@code [IPv6:2001:db8::1]}. */
    private static StringBuilder literal(StringBuilder b, InetAddress a) {
        return b.append(a instanceof Inet6Address ? "[IPv6:" : "[").append(a.getHostAddress()).append(']');
    }

    /**
     * The EHLO name is the client's text: keep it to what a host name or address literal can hold, so that it
     * can neither break the header's structure (parentheses, semicolons) nor carry 8-bit bytes.
     */
    private static StringBuilder clean(StringBuilder b, String s) {
        int n = Math.min(s.length(), MAX_HELO);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']';
            b.append(ok ? c : '?');
        }
        return n == 0 ? b.append("unknown") : b;
    }
}
