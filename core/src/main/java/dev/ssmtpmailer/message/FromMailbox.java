package dev.ssmtpmailer.message;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one mailbox of a {@code From:} field's value, located so that its address can be replaced while every
 * other byte stays: {@code "ACME Sales" <alias>} becomes {@code "ACME Sales" <canonical>}.
 *
 * <p>Two forms are understood: a name-addr ({@code phrase <addr> [comments]}, the phrase being atoms, dots,
 * quoted strings, RFC 2047 encoded words, comments and 8-bit text) and an addr-spec with trailing comments
 * ({@code addr (ACME Sales)}). Everything else yields {@code null} from {@link #parse}, and the caller writes
 * the bare address: several addresses, a group, an unclosed quote or comment, a special character outside
 * quotes, white space inside the angle brackets, and every control character except folding. Folding (a line
 * end followed by white space) is kept as it was; a CR or LF anywhere else, or a folded line of white space
 * only, makes the value unusable, so no line end of the original can start a field of its own.
 *
 * <p>Only the address's bytes are replaced: the white space after the colon, around {@code <} and before the
 * comments, folds included, stays where it was, so no two lines of the original are joined into one longer
 * line (a legal field of lines under 998 characters stays one, as long as the new address is not longer).
 */
final class FromMailbox {
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private final byte[] value;
    private final int end;
    private final int addressStart;
    private final int addressEnd;
    private final boolean named;

    private FromMailbox(byte[] value, int end, int addressStart, int addressEnd, boolean named) {
        this.value = value;
        this.end = end;
        this.addressStart = addressStart;
        this.addressEnd = addressEnd;
        this.named = named;
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
        boolean phrase = false;
        int i = 0;
        while (i < n) {
            int c = value[i] & 0xff;
            if (isSpace(c)) {
                i++;
            } else if (c == '"' || c == '(') {
                i = skipEnclosed(value, i, n);
                if (i < 0) {
                    return null;
                }
                phrase = true;
            } else if (c == '<') {
                return nameAddr(value, i, n, phrase);
            } else if (isAtom(c) || c == '@') {
                int next = i;
                boolean at = false;
                while (next < n && (isAtom(value[next] & 0xff) || value[next] == '@')) {
                    at |= value[next] == '@';
                    next++;
                }
                if (at) {
                    // an addr-spec: only valid as the first thing in the value, followed by comments at most
                    return phrase ? null : withComments(value, i, next, next, n, false);
                }
                i = next;
                phrase = true;
            } else {
                return null; // a special outside quotes: a list (","), a group (":"), or broken syntax
            }
        }
        return null; // no address at all
    }

    /** @return the address as written, or {@code null} when it is not a plain mailbox address */
    EmailAddress address() {
        try {
            return EmailAddress.parse(ascii(value, addressStart, addressEnd));
        } catch (InvalidAddressException e) {
            return null;
        }
    }

    /**
     * @param newAddress the address to show instead
     * @return the value after the colon with only the address's bytes replaced (its final line end not
     *         included): {@code phrase <new> comments} or {@code new comments}, white space and folds where
     *         they were; a value with neither a phrase nor comments ({@code <alias>}) gives {@code " new"}
     */
    byte[] withAddress(EmailAddress newAddress) {
        byte[] address = newAddress.address().getBytes(StandardCharsets.US_ASCII);
        if (!named) {
            byte[] bare = new byte[address.length + 1];
            bare[0] = ' ';
            System.arraycopy(address, 0, bare, 1, address.length);
            return bare;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end + address.length);
        out.write(value, 0, addressStart);
        out.writeBytes(address);
        out.write(value, addressEnd, end - addressEnd);
        return out.toByteArray();
    }

    private static FromMailbox nameAddr(byte[] value, int open, int n, boolean phrase) {
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
        return withComments(value, open + 1, close, close + 1, n, phrase);
    }

    /** What follows the address (from {@code from}, after its {@code >} if any): white space and comments only. */
    private static FromMailbox withComments(byte[] value, int addressStart, int addressEnd, int from, int n,
            boolean phrase) {
        boolean named = phrase;
        int i = from;
        while (i < n) {
            int c = value[i] & 0xff;
            if (isSpace(c)) {
                i++;
            } else if (c == '(') {
                i = skipEnclosed(value, i, n);
                if (i < 0) {
                    return null;
                }
                named = true;
            } else {
                return null; // a second address, a list, or text after the address
            }
        }
        return new FromMailbox(value, n, addressStart, addressEnd, named);
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
