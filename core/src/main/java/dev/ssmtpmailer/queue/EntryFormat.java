package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The envelope (in front of the data in {@code ID.msg}) and state file ({@code ID.env}) of a spooled message:
 * UTF-8 text, one field per line, so an operator can read it and a truncated or damaged one is recognised (it
 * must start with the magic line and end with {@code end}).
 *
 * <pre>
 * ssmtp-mailer-spool 1
 * id 18C2F0A1B2C-K3J9QX2M
 * created 2026-11-27T21:00:00Z
 * sender jane@example.com                 ("&lt;&gt;" for the null sender)
 * size 1234
 * next 2026-11-27T21:05:00Z
 * rewrite-from yes
 * rcpt F PENDING 0 =mail-relay%40domain1.com contact-sales@domain1.com contact-sales@mailer.domain1.com - =
 * rcpt S DELIVERED 1 =mail-relay%40domain1.com test@example.com test@example.com contact-general@domain1.com =250+2.0.0+Ok
 * dead =purged+by+operator               (dead letters only)
 * end
 * </pre>
 *
 * A {@code rcpt} line holds: F (forwarded) or S (outbound), state, attempts, account, deliver-to, original
 * recipient, envelope sender of outbound mail ({@code -} for forwarded, {@code <>} for the null sender), last
 * reply. Free text fields are URL-encoded behind a {@code =} so they never hold a space or a line break.
 */
final class EntryFormat {
    static final String MAGIC = "ssmtp-mailer-spool 1";
    /** Digits of the {@code size} field in front of a message: fixed, so the size can be filled in afterwards. */
    static final int SIZE_DIGITS = 15;
    /** A header longer than this is damage, not an envelope (1000 recipients take about 200 KB). */
    static final int MAX_HEADER = 16 * 1024 * 1024;
    /** The bytes of the line {@code end}, as {@link #readHeader(InputStream)} keeps them. */
    private static final int END = ('e' << 16) | ('n' << 8) | 'd';
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final byte[] SIZE_FIELD = "\nsize ".getBytes(StandardCharsets.US_ASCII);

    private EntryFormat() {
    }

    /**
     * A message's state and where its data starts in its message file.
     *
     * @param stateFile where the state comes from: its state file ({@code ID.env}), or ({@code false}) the envelope
     *        in front of the data, as {@link #readHeader} reads it
     */
    record Header(QueueEntry entry, long offset, boolean stateFile) {
        /** The envelope in front of a message's data (see {@link #readHeader}) and where the data starts. */
        Header(QueueEntry entry, long offset) {
            this(entry, offset, false);
        }

        /** @return the length of the message file: envelope and data, or -1 when the offset is not known */
        long fileLength() {
            return offset < 0 ? -1 : offset + entry.size();
        }
    }

    static byte[] encode(QueueEntry e) {
        return encode(e, false);
    }

    /**
     * Encodes the envelope written in front of a message's data: the {@code size} field has {@value #SIZE_DIGITS}
     * digits, so the header written before the data is streamed has the length of the one with the real size.
     */
    static byte[] encodeHeader(QueueEntry e) {
        return encode(e, true);
    }

    /**
     * Reads the envelope in front of the data of a message file (the lines up to and including {@code end}).
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file does not start with a complete envelope
     */
    static Header readHeader(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
            return readHeader(in);
        }
    }

    /**
     * Reads the envelope in front of a message's data from a stream, leaving the stream at the first byte of the
     * data. Reads one byte at a time: give it a buffered stream.
     *
     * @throws IOException if the stream cannot be read
     * @throws IllegalArgumentException if the stream does not start with a complete envelope
     */
    static Header readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int lineLength = 0;
        int last3 = 0; // the line's last three bytes, the latest lowest
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            if (head.size() > MAX_HEADER) {
                break;
            }
            if (c != '\n') {
                lineLength++;
                last3 = ((last3 << 8) | c) & 0xFFFFFF;
                continue;
            }
            if (lineLength == 3 && last3 == END) {
                return new Header(decode(head.toString(StandardCharsets.UTF_8)), head.size());
            }
            lineLength = 0;
            last3 = 0;
        }
        throw new IllegalArgumentException("truncated: no 'end' line in front of the message");
    }

    private static byte[] encode(QueueEntry e, boolean fixedSize) {
        StringBuilder b = new StringBuilder(512); // an envelope with one recipient: about 300 characters
        b.append(MAGIC).append('\n');
        b.append("id ").append(e.id().value()).append('\n');
        InstantText.append(b.append("created "), e.created()).append('\n');
        b.append("sender ");
        address(b, e.sender(), "<>").append('\n');
        String size = Long.toString(e.size());
        b.append("size ");
        for (int i = size.length(); fixedSize && i < SIZE_DIGITS; i++) {
            b.append('0');
        }
        b.append(size).append('\n');
        InstantText.append(b.append("next "), e.nextAttempt()).append('\n');
        b.append("rewrite-from ").append(e.rewriteFrom() ? "yes" : "no").append('\n');
        for (QueueRecipient r : e.recipients()) {
            b.append("rcpt ").append(r.forwarded() ? 'F' : 'S').append(' ').append(r.state()).append(' ')
                    .append(r.attempts()).append(' ');
            text(b, r.account()).append(' ');
            address(b, r.deliverTo(), null).append(' ');
            address(b, r.original(), null).append(' ');
            if (r.forwarded()) {
                b.append('-');
            } else {
                address(b, r.mailFrom(), "<>");
            }
            text(b.append(' '), r.lastReply()).append('\n');
        }
        if (e.deadReason() != null) {
            text(b.append("dead "), e.deadReason()).append('\n');
        }
        b.append("end\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the real size into an envelope from {@link #encodeHeader}, in place: the field has a fixed width, so
     * the envelope keeps its length (and the entry is encoded once per accept, not twice).
     *
     * @param header an envelope from {@link #encodeHeader}
     * @param size the size of the message's data
     * @return {@code false} if the size has more than {@value #SIZE_DIGITS} digits (the header is unchanged)
     */
    static boolean writeSize(byte[] header, long size) {
        String digits = Long.toString(size);
        if (digits.length() > SIZE_DIGITS) {
            return false;
        }
        int at = indexOf(header, SIZE_FIELD) + SIZE_FIELD.length;
        int pad = SIZE_DIGITS - digits.length();
        for (int i = 0; i < SIZE_DIGITS; i++) {
            header[at + i] = i < pad ? (byte) '0' : (byte) digits.charAt(i - pad);
        }
        return true;
    }

    /** @return where {@code what} first occurs in {@code bytes} */
    private static int indexOf(byte[] bytes, byte[] what) {
        outer:
        for (int i = 0; i <= bytes.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not an envelope: no size field");
    }

    private static StringBuilder address(StringBuilder b, EmailAddress a, String ifNull) {
        return a == null ? b.append(ifNull) : b.append(a.localPart()).append('@').append(a.domain());
    }

    /**
     * @param content the file's content
     * @return the entry
     * @throws IllegalArgumentException naming the first problem, if the content is not a complete entry
     */
    static QueueEntry decode(String content) {
        String[] lines = content.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not a spool entry (first line is not '" + MAGIC + "')");
        }
        QueueId id = null;
        Instant created = null;
        Instant next = null;
        EmailAddress sender = null;
        boolean senderSeen = false;
        long size = -1;
        boolean rewrite = false;
        String dead = null;
        boolean end = false;
        List<QueueRecipient> recipients = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (end) {
                if (!line.isEmpty()) {
                    throw new IllegalArgumentException("text after 'end' on line " + (i + 1));
                }
                continue;
            }
            if (line.isEmpty() && i == lines.length - 1) {
                continue; // the newline of the last line
            }
            int sp = line.indexOf(' ');
            String key = sp < 0 ? line : line.substring(0, sp);
            String value = sp < 0 ? "" : line.substring(sp + 1);
            try {
                switch (key) {
                    case "id" -> id = new QueueId(value);
                    case "created" -> created = InstantText.parse(value);
                    case "sender" -> {
                        sender = value.equals("<>") ? null : EmailAddress.parse(value);
                        senderSeen = true;
                    }
                    case "size" -> size = Long.parseLong(value);
                    case "next" -> next = InstantText.parse(value);
                    case "rewrite-from" -> rewrite = yesNo(value);
                    case "rcpt" -> recipients.add(recipient(value));
                    case "dead" -> dead = untext(value);
                    case "end" -> end = true;
                    default -> throw new IllegalArgumentException("unknown field '" + key + "'");
                }
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + ex.getMessage(), ex);
            }
        }
        if (!end) {
            throw new IllegalArgumentException("truncated: no 'end' line");
        }
        if (id == null || created == null || next == null || !senderSeen || size < 0 || recipients.isEmpty()) {
            throw new IllegalArgumentException("incomplete: id, created, next, sender, size and a rcpt are required");
        }
        return new QueueEntry(id, created, sender, size, next, rewrite, recipients, dead);
    }

    private static QueueRecipient recipient(String value) {
        String[] f = value.split(" ", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("rcpt needs 8 fields, has " + f.length);
        }
        boolean forwarded = switch (f[0]) {
            case "F" -> true;
            case "S" -> false;
            default -> throw new IllegalArgumentException("rcpt kind must be F or S, was " + f[0]);
        };
        RecipientState state = RecipientState.valueOf(f[1]);
        int attempts = Integer.parseInt(f[2]);
        EmailAddress mailFrom = forwarded || f[6].equals("<>") ? null : EmailAddress.parse(f[6]);
        return new QueueRecipient(EmailAddress.parse(f[5]), EmailAddress.parse(f[4]), untext(f[3]), forwarded,
                mailFrom, state, attempts, untext(f[7]));
    }

    private static boolean yesNo(String v) {
        return switch (v) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("expected yes or no, was " + v);
        };
    }

    /**
     * Appends {@code =} and the text URL-encoded as {@link URLEncoder} does it in UTF-8: letters, digits and
     * {@code .-*_} as they are, a space as {@code +}, every other byte as {@code %XX}. ASCII text (an account's
     * address, a reply) is encoded here, without the encoder's buffers; other text goes through {@link URLEncoder}.
     */
    private static StringBuilder text(StringBuilder b, String s) {
        b.append('=');
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return b.append(URLEncoder.encode(s, StandardCharsets.UTF_8));
            }
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '*'
                    || c == '_') {
                b.append(c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return b;
    }

    private static String untext(String s) {
        if (!s.startsWith("=")) {
            throw new IllegalArgumentException("encoded text must start with '='");
        }
        String encoded = s.substring(1);
        return encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0 ? encoded // nothing to decode
                : URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }
}
