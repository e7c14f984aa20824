package dev.ssmtpmailer.cli.sendmail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The header fields of a message read by {@link MessageInput} (CRLF line ends): the leading lines of the form
 * {@code Name: value} and their continuation lines. The header block ends at the first empty line, or at the
 * first line that is not a field (a message typed without headers starts its body there).
 *
 * <p>Loops rather than streams and lambdas here and in the rest of this package: each stream pipeline or lambda
 * costs a freshly started JVM bootstrap work the first time, and {@code sendmail} is a freshly started JVM.
 */
public final class MailHeaders {
    private final List<String> fields;
    private final byte[] message;
    private final int bodyStart;

    private MailHeaders(List<String> fields, byte[] message, int bodyStart) {
        this.fields = fields;
        this.message = message;
        this.bodyStart = bodyStart;
    }

    /**
     * @param message the message, CRLF line ends
     * @return its header fields
     */
    public static MailHeaders parse(byte[] message) {
        // ISO-8859-1 maps each byte to one char, so offsets in the text are offsets in the bytes
        String text = new String(message, StandardCharsets.ISO_8859_1);
        List<String> fields = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf("\r\n", at);
            end = end < 0 ? text.length() : end;
            String line = text.substring(at, end);
            int next = Math.min(end + 2, text.length());
            if (line.isEmpty()) {
                return new MailHeaders(fields, message, next);
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
            } else if (!continuation && isField(line)) {
                fields.add(line);
            } else {
                return new MailHeaders(fields, message, at);
            }
            at = next;
        }
        return new MailHeaders(fields, message, text.length());
    }

    private static boolean isField(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = line.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /**
     * @param name a field name, any case
     * @return the unfolded value of the first such field
     */
    public Optional<String> value(String name) {
        for (String f : fields) {
            if (named(f, name)) {
                return Optional.of(unfoldedValue(f));
            }
        }
        return Optional.empty();
    }

    /**
     * @param names field names, any case ({@code To}, {@code Cc}, {@code Bcc})
     * @return the addresses of every such field, in the order of the fields
     */
    public List<String> addresses(String... names) {
        List<String> all = new ArrayList<>();
        for (String f : fields) {
            for (String n : names) {
                if (named(f, n)) {
                    all.addAll(AddressList.parse(unfoldedValue(f)));
                }
            }
        }
        return all;
    }

    /** @return whether the message has no header field and no body */
    public boolean isEmpty() {
        return fields.isEmpty() && new String(message, bodyStart, message.length - bodyStart, StandardCharsets.ISO_8859_1).isBlank();
    }

    /**
     * The message as it goes out: every {@code Bcc:} field removed (whose addresses stay in the envelope), the
     * {@code added} fields appended to the header block, one empty line before the body.
     *
     * @param added whole fields without line end, e.g. {@code Date: ...}
     * @return the bytes
     */
    public byte[] rewrite(List<String> added) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 256);
        for (String f : fields) {
            if (!named(f, "Bcc")) {
                out.writeBytes((f + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        for (String f : added) {
            out.writeBytes((f + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(new byte[] {'\r', '\n'});
        out.write(message, bodyStart, message.length - bodyStart);
        return out.toByteArray();
    }

    /**
     * The {@code From:} value that sendmail's {@code -F} makes. An ASCII name is quoted, its {@code "} removed and
     * a {@code \} written {@code \\}: {@code "Full Name" <address>}; a name with other characters is written as
     * RFC 2047 encoded words ({@code =?UTF-8?B?...?=}), since a header field is ASCII.
     *
     * @param fullName {@code -F}, or {@code null} for the address alone
     * @param address the sender
     * @return the field's value
     * @throws IllegalArgumentException if the name holds a control character: a CR or LF would end the field and
     *         start one of the caller's choosing (or the body)
     */
    public static String mailbox(String fullName, String address) {
        if (fullName == null) {
            return address;
        }
        boolean ascii = true;
        for (int i = 0; i < fullName.length(); i++) {
            char c = fullName.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "-F holds a control character (U+%04X), "
                        + "which would add header fields; refused, nothing was sent", (int) c));
            }
            ascii &= c < 0x80;
        }
        // RFC 5322 quoted-string: a backslash is a quoted-pair's start, so it is doubled (a trailing one would
        // escape the closing quote); a quote is dropped, as sendmail -F always did
        String quoted = "\"" + fullName.replace("\"", "").replace("\\", "\\\\") + "\"";
        return (ascii ? quoted : encodedWords(fullName)) + " <" + address + ">";
    }

    /** RFC 2047 section 2: at most 75 characters a word, so at most 45 bytes of UTF-8, split between characters. */
    private static String encodedWords(String text) {
        StringBuilder words = new StringBuilder();
        ByteArrayOutputStream word = new ByteArrayOutputStream(45);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            if (word.size() + b.length > 45) {
                appendWord(words, word);
            }
            word.writeBytes(b);
            i += Character.charCount(cp);
        }
        appendWord(words, word);
        return words.toString();
    }

    private static void appendWord(StringBuilder words, ByteArrayOutputStream word) {
        words.append(words.length() == 0 ? "" : " ").append("=?UTF-8?B?")
                .append(Base64.getEncoder().encodeToString(word.toByteArray())).append("?=");
        word.reset();
    }

    private static boolean named(String field, String name) {
        int colon = field.indexOf(':');
        return field.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
    }

    private static String unfoldedValue(String field) {
        String value = field.substring(field.indexOf(':') + 1).replace("\r\n", "");
        // the header block is read as ISO-8859-1; a UTF-8 display name is decoded back for the JSON-free uses here
        return new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).trim();
    }
}
