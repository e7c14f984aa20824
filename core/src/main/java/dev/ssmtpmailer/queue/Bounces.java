package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds RFC 3464 delivery status notifications ({@code multipart/report; report-type=delivery-status}) for
 * forwarded mail that could not be delivered, and decides when none may be sent: never for the null sender
 * and never for a message that is itself automatic (RFC 3834 {@code Auto-Submitted}, or a delivery report).
 */
final class Bounces {
    /** Only the header block is returned to the sender; more than this is cut (the report says so). */
    static final int MAX_HEADERS = 64 * 1024;
    /** The headers a bounce quotes (RFC 3462 {@code text/rfc822-headers}): enough to recognise the message. */
    static final List<String> QUOTED = List.of("from", "to", "cc", "subject", "date", "message-id");
    /** A quoted header longer than this (folded lines included) is cut. */
    static final int MAX_QUOTED_FIELD = 998;
    private static final Pattern ENHANCED = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    private Bounces() {
    }

    /** @return the message's header block (up to {@link #MAX_HEADERS} bytes), without the blank line */
    static byte[] headers(InputStream message) throws IOException {
        try (InputStream in = message) {
            byte[] head = in.readNBytes(MAX_HEADERS);
            int end = head.length;
            if (head.length > 0 && (head[0] == '\n' || (head[0] == '\r' && head.length > 1 && head[1] == '\n'))) {
                end = 0;
            } else {
                for (int i = 0; i < head.length; i++) {
                    if (head[i] != '\n') {
                        continue;
                    }
                    int j = i + 1;
                    if (j < head.length && head[j] == '\r') {
                        j++;
                    }
                    if (j < head.length && head[j] == '\n') {
                        end = i + 1;
                        break;
                    }
                }
            }
            byte[] out = new byte[end];
            System.arraycopy(head, 0, out, 0, end);
            return out;
        }
    }

    /**
     * @param headers a message's header block
     * @return only its {@link #QUOTED} fields, in their order, each with its folded lines, cut at
     *         {@link #MAX_QUOTED_FIELD} bytes, each ending with CRLF
     */
    static byte[] quoted(byte[] headers) {
        String h = new String(headers, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        StringBuilder out = new StringBuilder(512);
        StringBuilder field = null;
        for (String line : h.split("\n", -1)) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation) {
                if (field != null) {
                    field.append("\r\n").append(line);
                }
                continue;
            }
            appendField(out, field);
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT) : "";
            field = QUOTED.contains(name) ? new StringBuilder(line) : null;
        }
        appendField(out, field);
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void appendField(StringBuilder out, StringBuilder field) {
        if (field != null) {
            int end = Math.min(field.length(), MAX_QUOTED_FIELD);
            while (end > 0 && (field.charAt(end - 1) == '\r' || field.charAt(end - 1) == '\n')) {
                end--; // a cut right after a line break would end the header block
            }
            out.append(field, 0, end).append("\r\n");
        }
    }

    /** @return whether the headers say the message was generated automatically, so it must not be bounced */
    static boolean isAutomatic(byte[] headers) {
        String h = unfold(new String(headers, StandardCharsets.ISO_8859_1)).toLowerCase(Locale.ROOT);
        for (String line : h.split("\n")) {
            if (line.startsWith("auto-submitted:") && !line.substring("auto-submitted:".length()).strip().startsWith("no")) {
                return true;
            }
            if (line.startsWith("content-type:") && line.contains("multipart/report")
                    && line.contains("delivery-status")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param hostname the reporting MTA ({@code default_hostname})
     * @param from the address the bounce is sent as (the account)
     * @param to the original sender
     * @param entry the failed message
     * @param failed the recipients given up
     * @param remoteMta the upstream server's host name
     * @param originalHeaders the failed message's headers to quote (see {@link #quoted})
     * @param now the time of the report
     * @return the complete bounce message
     */
    static byte[] build(String hostname, EmailAddress from, EmailAddress to, QueueEntry entry,
                        List<QueueRecipient> failed, String remoteMta, byte[] originalHeaders, Instant now) {
        String boundary = "=_bounce_" + UUID.randomUUID();
        DateTimeFormatter rfc1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(1024);
        b.append("From: Mail Delivery System <").append(from.address()).append(">\r\n");
        b.append("To: <").append(to.address()).append(">\r\n");
        b.append("Subject: Undelivered Mail Returned to Sender\r\n");
        b.append("Date: ").append(rfc1123.format(now)).append("\r\n");
        b.append("Message-ID: <").append(entry.id().value()).append('.').append(now.toEpochMilli())
                .append(".bounce@").append(hostname).append(">\r\n");
        b.append("Auto-Submitted: auto-replied\r\n");
        b.append("MIME-Version: 1.0\r\n");
        b.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"")
                .append(boundary).append("\"\r\n\r\n");
        b.append("This is a MIME-encapsulated message.\r\n\r\n");

        b.append("--").append(boundary).append("\r\n");
        b.append("Content-Description: Notification\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        b.append("This is the mail relay at ").append(hostname).append(".\r\n\r\n");
        b.append("Your message could not be delivered to the following recipients.\r\n\r\n");
        for (QueueRecipient r : failed) {
            b.append("<").append(r.original().address()).append(">: ").append(r.lastReply()).append("\r\n");
        }
        b.append("\r\n");

        b.append("--").append(boundary).append("\r\n");
        b.append("Content-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n");
        b.append("Reporting-MTA: dns; ").append(hostname).append("\r\n");
        b.append("X-Queue-ID: ").append(entry.id().value()).append("\r\n");
        b.append("Arrival-Date: ").append(rfc1123.format(entry.created())).append("\r\n");
        for (QueueRecipient r : failed) {
            b.append("\r\n");
            b.append("Final-Recipient: rfc822; ").append(r.deliverTo().address()).append("\r\n");
            b.append("Original-Recipient: rfc822; ").append(r.original().address()).append("\r\n");
            b.append("Action: failed\r\n");
            b.append("Status: ").append(status(r.lastReply())).append("\r\n");
            if (remoteMta != null) {
                b.append("Remote-MTA: dns; ").append(remoteMta).append("\r\n");
            }
            b.append("Diagnostic-Code: smtp; ").append(r.lastReply().isEmpty() ? "no reply" : r.lastReply()).append("\r\n");
            b.append("Last-Attempt-Date: ").append(rfc1123.format(now)).append("\r\n");
        }
        b.append("\r\n");

        b.append("--").append(boundary).append("\r\n");
        b.append("Content-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length() + originalHeaders.length + 64);
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(originalHeaders);
        String tail = (originalHeaders.length > 0 && originalHeaders[originalHeaders.length - 1] == '\n' ? "" : "\r\n")
                + "\r\n--" + boundary + "--\r\n";
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** @return the RFC 3463 status of a reply: its enhanced code, else one derived from the reply code */
    static String status(String reply) {
        Matcher m = ENHANCED.matcher(reply);
        if (m.find()) {
            return m.group(1) + "." + m.group(2) + "." + m.group(3);
        }
        if (reply.startsWith("4")) {
            return "4.0.0";
        }
        return "5.0.0";
    }

    private static String unfold(String headers) {
        return headers.replace("\r\n", "\n").replaceAll("\n[ \t]+", " ");
    }
}
