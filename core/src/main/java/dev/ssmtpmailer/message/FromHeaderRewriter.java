package dev.ssmtpmailer.message;

import dev.ssmtpmailer.address.EmailAddress;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a message while replacing the {@code From:} field of its top-level header block, streaming: only one
 * header line (and the original From field) is held in memory, the body is copied unseen.
 *
 * <p>Rules: the header block ends at the first empty line, at the first line that is neither a header field
 * nor a continuation (a message without separator), or at the end of the input. The first {@code From} field
 * (any case, continuation lines included) is replaced by {@code From: new}; further {@code From} fields
 * (forbidden by RFC 5322) are dropped so that no reader sees the old sender first. A block without From gets
 * one at its end. Other fields ({@code Resent-From}, {@code X-Original-From}, ...) and every byte after the
 * block stay as they were, line ends included.
 *
 * <p>Display name: when the rewrite keeps names and the first From field is exactly one mailbox naming the
 * old sender (the alias) or the new one, only its address is replaced: the display name, comments, white space
 * and folds keep their bytes ({@code "ACME Sales" <new>}, see {@link FromMailbox}), unless a line would then be
 * longer than {@link #MAX_LINE} characters; otherwise (another address, several, a group, syntax this class
 * does not keep, such a long line) the field becomes the bare address. That is why the From field is written
 * when it ends, at the next field, not at its first line.
 */
final class FromHeaderRewriter {
    /** RFC 5322 allows 998 characters a line; this is far above that and still bounds memory. */
    static final int MAX_HEADER_LINE = 1 << 20;
    /** RFC 5322 2.1.1: a line is at most 998 characters, its CRLF not counted; a kept name never exceeds it. */
    static final int MAX_LINE = 998;
    private static final byte[] FROM = "From:".getBytes(StandardCharsets.US_ASCII);

    private final EmailAddress newFrom;
    private final EmailAddress oldFrom;
    private final boolean keepName;
    private final boolean addReplyTo;

    private byte[] eol;
    private boolean fromSeen;
    private boolean inFrom;
    private boolean collectingOriginal;
    private boolean fromPending;
    private boolean fromTerminated;
    private boolean replyToSeen;
    private boolean lastLineOpen;
    private final ByteArrayOutputStream originalFrom = new ByteArrayOutputStream();

    private FromHeaderRewriter(EmailAddress newFrom, EmailAddress oldFrom, boolean keepName, boolean addReplyTo) {
        this.newFrom = newFrom;
        this.oldFrom = oldFrom;
        this.keepName = keepName;
        this.addReplyTo = addReplyTo;
    }

    /**
     * Rewrites From to the bare new address, never keeping a display name.
     *
     * @param in the original message, read to its end
     * @param out where the rewritten message goes
     * @param newFrom the new sender
     * @param addReplyTo whether to add {@code Reply-To:} with the original From value when the sender changes
     *        and the message has no Reply-To
     * @throws IOException if reading or writing fails, or a header line exceeds {@link #MAX_HEADER_LINE} bytes
     */
    static void copy(InputStream in, OutputStream out, EmailAddress newFrom, boolean addReplyTo) throws IOException {
        new FromHeaderRewriter(newFrom, null, false, addReplyTo).run(in, out);
    }

    /**
     * Rewrites an alias to its canonical address, keeping the display name of a From field that names the one
     * or the other (see the class comment).
     *
     * @param in the original message, read to its end
     * @param out where the rewritten message goes
     * @param oldFrom the sender being replaced (the alias), or {@code null}
     * @param newFrom the new sender
     * @throws IOException if reading or writing fails, or a header line exceeds {@link #MAX_HEADER_LINE} bytes
     */
    static void copyKeepingName(InputStream in, OutputStream out, EmailAddress oldFrom, EmailAddress newFrom)
            throws IOException {
        new FromHeaderRewriter(newFrom, oldFrom, true, false).run(in, out);
    }

    private void run(InputStream in, OutputStream out) throws IOException {
        byte[] line;
        while ((line = readLine(in)) != null) {
            if (eol == null && endsWithLf(line)) {
                eol = line.length >= 2 && line[line.length - 2] == '\r' ? new byte[] {'\r', '\n'} : new byte[] {'\n'};
            }
            if (isEmptyLine(line)) {
                finishHeaders(out);
                out.write(line);
                in.transferTo(out);
                return;
            }
            if (line[0] == ' ' || line[0] == '\t') {
                if (inFrom) {
                    if (collectingOriginal) {
                        originalFrom.write(line);
                        fromTerminated = endsWithLf(line);
                    }
                } else {
                    write(out, line);
                }
                continue;
            }
            writePendingFrom(out);
            int colon = fieldNameEnd(line);
            if (colon < 0) {
                // Not a header field: the block ended without the empty line. The rest is body.
                finishHeaders(out);
                write(out, line);
                in.transferTo(out);
                return;
            }
            String name = new String(line, 0, colon, StandardCharsets.ISO_8859_1).strip();
            inFrom = name.equalsIgnoreCase("From");
            if (inFrom) {
                collectingOriginal = !fromSeen;
                if (!fromSeen) {
                    fromSeen = true;
                    originalFrom.write(line, colon + 1, line.length - colon - 1);
                    fromPending = true; // written when the field ends: its continuation lines may hold the name
                    fromTerminated = endsWithLf(line);
                }
            } else {
                replyToSeen |= name.equalsIgnoreCase("Reply-To");
                write(out, line);
            }
        }
        finishHeaders(out);
    }

    private void finishHeaders(OutputStream out) throws IOException {
        writePendingFrom(out);
        if (lastLineOpen) {
            write(out, eol());
        }
        if (!fromSeen) {
            write(out, fromLine(bare(newFrom), true));
        } else if (addReplyTo && !replyToSeen && senderChanges()) {
            byte[] value = originalFrom.toByteArray();
            write(out, "Reply-To:".getBytes(StandardCharsets.US_ASCII));
            write(out, value);
            if (!endsWithLf(value)) {
                write(out, eol());
            }
        }
    }

    /** The sender changes unless the original From is exactly the new address. */
    private boolean senderChanges() {
        String value = originalFrom.toString(StandardCharsets.ISO_8859_1).replace("\r", "").replace("\n", "").strip();
        if (value.isEmpty()) {
            return false;
        }
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(value, false);
            return !(parsed.length == 1 && newFrom.address().equalsIgnoreCase(parsed[0].getAddress()));
        } catch (AddressException e) {
            return true;
        }
    }

    private void writePendingFrom(OutputStream out) throws IOException {
        if (fromPending) {
            fromPending = false;
            write(out, fromLine(fromValue(), fromTerminated));
        }
    }

    /**
     * @return the new From value after the colon: the bare address, or the original field with only its address
     *         replaced, if every line of that fits in {@link #MAX_LINE} characters
     */
    private byte[] fromValue() {
        if (keepName) {
            FromMailbox mailbox = FromMailbox.parse(originalFrom.toByteArray());
            EmailAddress named = mailbox == null ? null : mailbox.address();
            if (named != null && (named.equals(newFrom) || named.equals(oldFrom))) {
                byte[] value = mailbox.withAddress(newFrom);
                if (fits(value)) {
                    return value;
                }
            }
        }
        return bare(newFrom);
    }

    private static byte[] bare(EmailAddress address) {
        return (" " + address.address()).getBytes(StandardCharsets.US_ASCII);
    }

    /** @return whether {@code From:} followed by the value has no line longer than {@link #MAX_LINE} */
    private static boolean fits(byte[] value) {
        int length = FROM.length;
        for (byte b : value) {
            if (b == '\n') {
                length = 0;
            } else if (b != '\r' && ++length > MAX_LINE) {
                return false;
            }
        }
        return true;
    }

    private byte[] fromLine(byte[] value, boolean terminated) {
        byte[] end = terminated ? eol() : new byte[0];
        byte[] result = new byte[FROM.length + value.length + end.length];
        System.arraycopy(FROM, 0, result, 0, FROM.length);
        System.arraycopy(value, 0, result, FROM.length, value.length);
        System.arraycopy(end, 0, result, FROM.length + value.length, end.length);
        return result;
    }

    private void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        lastLineOpen = bytes.length > 0 && !endsWithLf(bytes);
    }

    private byte[] eol() {
        return eol == null ? new byte[] {'\r', '\n'} : eol;
    }

    /** @return the index of the colon that ends a valid field name, or -1 when the line is not a header field */
    static int fieldNameEnd(byte[] line) {
        int colon = -1;
        for (int i = 0; i < line.length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            return -1;
        }
        int end = colon;
        // RFC 5322 obsolete syntax allows white space between the name and the colon ("From :").
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        if (end == 0) {
            return -1;
        }
        for (int i = 0; i < end; i++) {
            int c = line[i] & 0xff;
            if (c < 33 || c > 126) {
                return -1;
            }
        }
        return colon;
    }

    private static boolean isEmptyLine(byte[] line) {
        return (line.length == 1 && line[0] == '\n') || (line.length == 2 && line[0] == '\r' && line[1] == '\n');
    }

    private static boolean endsWithLf(byte[] bytes) {
        return bytes.length > 0 && bytes[bytes.length - 1] == '\n';
    }

    /** @return the next line with its terminator, or {@code null} at the end of the input */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) >= 0) {
            line.write(c);
            if (c == '\n') {
                break;
            }
            if (line.size() > MAX_HEADER_LINE) {
                throw new IOException("header line longer than " + MAX_HEADER_LINE + " bytes: cannot rewrite From");
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }
}
