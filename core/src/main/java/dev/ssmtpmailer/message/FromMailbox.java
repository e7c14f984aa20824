package dev.ssmtpmailer.message;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one mailbox of a {@code From:} field's value, split into how it is shown and its address, so that the
 * address can be replaced while the rest keeps its bytes: {@code "ACME Sales" <alias>} becomes
 * {@code "ACME Sales" <canonical>}.
 *
 * <p>Two forms are understood: a name-addr ({@code phrase <addr> [comments]}, the phrase being atoms, dots,
 * quoted strings, RFC 2047 encoded words, comments and 8-bit text) and an addr-spec with trailing comments
 * ({@code addr (ACME Sales)}). Everything else yields {@code null} from {@link #parse}, and the caller writes
 * the bare address: several addresses, a group, an unclosed quote or comment, a special character outside
 * quotes, white space inside the angle brackets, and every control character except folding. Folding (a line
 * end followed by white space) is kept as it was; a CR or LF anywhere else, or a folded line of white space
 * only, makes the value unusable, so no line end of the original can start a field of its own.
 */
final class FromMailbox {
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";
    private static final byte[] NONE = new byte[0];

    private final byte[] phrase;
    private final String address;
    private final byte[] comments;

    private FromMailbox(byte[] phrase, String address, byte[] comments) {
        this.phrase = phrase;
        this.address = address;
        this.comments = comments;
    }

    /**
     * @param value the bytes of the field after its colon, continuation lines and the final line end included
     * @return the mailbox, or {@code null} when the value is not exactly one mailbox of the forms above
     */
    static FromMailbox parse(byte[] value) {
        int n = value.length;
        if (n > 0 && value[n - 1] == '\n') {
            n--;
        }
        if (n > 0 && value[n - 1] == '\r') {
            n--;
        }
        if (!clean(value, n)) {
            return null;
        }
        Span phrase = new Span(value);
        int i = 0;
        while (i < n) {
            int c = value[i] & 0xff;
            if (isSpace(c)) {
                i++;
            } else if (c == '"' || c == '(') {
                i = phrase.add(i, skipEnclosed(value, i, n));
                if (i < 0) {
                    return null;
                }
            } else if (c == '<') {
                return nameAddr(value, i, n, phrase.bytes());
            } else if (isAtom(c) || c == '@') {
                int next = i;
                boolean at = false;
                while (next < n && (isAtom(value[next] & 0xff) || value[next] == '@')) {
                    at |= value[next] == '@';
                    next++;
                }
                if (at) {
                    // an addr-spec: only valid as the first thing in the value, followed by comments at most
                    return phrase.isEmpty() ? withComments(ascii(value, i, next), value, next, n, NONE) : null;
                }
                i = phrase.add(i, next);
            } else {
                return null; // a special outside quotes: a list (","), a group (":"), or broken syntax
            }
        }
        return null; // no address at all
    }

    /** @return the address as written, or {@code null} when it is not a plain mailbox address */
    EmailAddress address() {
        try {
            return EmailAddress.parse(address);
        } catch (InvalidAddressException e) {
            return null;
        }
    }

    /**
     * @param newAddress the address to show instead
     * @return the value with the same display name and comments, byte for byte, and {@code newAddress}:
     *         {@code phrase <new> comments}, or {@code new comments} without a phrase
     */
    byte[] withAddress(EmailAddress newAddress) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(phrase.length + comments.length + 80);
        if (phrase.length > 0) {
            out.writeBytes(phrase);
            out.writeBytes((" <" + newAddress.address() + ">").getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeBytes(newAddress.address().getBytes(StandardCharsets.US_ASCII));
        }
        if (comments.length > 0) {
            out.write(' ');
            out.writeBytes(comments);
        }
        return out.toByteArray();
    }

    private static FromMailbox nameAddr(byte[] value, int open, int n, byte[] phrase) {
        int close = open + 1;
        while (close < n && value[close] != '>') {
            int c = value[close] & 0xff;
            if (!(c < 0x80 && isAtom(c) || c == '@')) {
                return null; // white space, quotes, a second '<': not an address this library can name anyway
            }
            close++;
        }
        if (close >= n) {
            return null;
        }
        return withComments(ascii(value, open + 1, close), value, close + 1, n, phrase);
    }

    /** What follows the address: white space and comments only, which are kept without the space around them. */
    private static FromMailbox withComments(String address, byte[] value, int from, int n, byte[] phrase) {
        Span comments = new Span(value);
        int i = from;
        while (i < n) {
            int c = value[i] & 0xff;
            if (isSpace(c)) {
                i++;
            } else if (c == '(') {
                i = comments.add(i, skipEnclosed(value, i, n));
                if (i < 0) {
                    return null;
                }
            } else {
                return null; // a second address, a list, or text after the address
            }
        }
        return new FromMailbox(phrase, address, comments.bytes());
    }

    /** The bytes from the first to the last token kept, so that white space around them is not. */
    private static final class Span {
        private final byte[] value;
        private int start = -1;
        private int end = -1;

        Span(byte[] value) {
            this.value = value;
        }

        /** @return {@code to}, the index after the token, or -1 when the token was not valid ({@code to < 0}) */
        int add(int from, int to) {
            if (to >= 0) {
                start = start < 0 ? from : start;
                end = to;
            }
            return to;
        }

        boolean isEmpty() {
            return start < 0;
        }

        byte[] bytes() {
            return start < 0 ? NONE : Arrays.copyOfRange(value, start, end);
        }
    }

    /**
     * @return the index after the quoted string or (nested) comment that starts at {@code i}, or -1 when it is
     *         not closed within the value or a backslash quotes a line end
     */
    private static int skipEnclosed(byte[] value, int i, int n) {
        boolean quoted = value[i] == '"';
        int depth = 0;
        for (int j = i; j < n; j++) {
            byte c = value[j];
            if (c == '\\') {
                if (j + 1 >= n || value[j + 1] == '\r' || value[j + 1] == '\n') {
                    return -1;
                }
                j++;
            } else if (quoted) {
                if (c == '"' && j > i) {
                    return j + 1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return j + 1;
            }
        }
        return -1;
    }

    /**
     * @return whether every line end is folding (CRLF or LF, then white space, then more than white space) and
     *         no other control character is present (tab aside)
     */
    private static boolean clean(byte[] value, int n) {
        for (int i = 0; i < n; i++) {
            int c = value[i] & 0xff;
            if (c == '\r') {
                if (i + 1 >= n || value[i + 1] != '\n') {
                    return false;
                }
            } else if (c == '\n') {
                int j = i + 1;
                while (j < n && (value[j] == ' ' || value[j] == '\t')) {
                    j++;
                }
                if (j == i + 1 || j >= n || value[j] == '\r' || value[j] == '\n') {
                    return false;
                }
            } else if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** RFC 5322 atext, the dot of obs-phrase, and 8-bit bytes (UTF-8 text, RFC 6532). */
    private static boolean isAtom(int c) {
        return c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.'
                || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    private static String ascii(byte[] value, int from, int to) {
        return new String(value, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
