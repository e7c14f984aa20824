package dev.ssmtpmailer.auth;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the top-level fields of one JSON object (RFC 8259), enough for an OAuth2 token response. Strict:
 * anything that is not exactly one well-formed object is refused. Nested objects and arrays are checked
 * and skipped; strings, numbers (as their text), booleans and null are kept. Nesting is bounded so hostile
 * input cannot exhaust the stack.
 */
final class JsonFields {
    private static final int MAX_DEPTH = 32;

    private final String s;
    private int pos;

    private JsonFields(String s) {
        this.s = s;
    }

    /**
     * @param json the text
     * @return field name to value: {@link String} for strings and numbers (the number's text), {@link Boolean},
     *         {@code null} for JSON null; nested values are absent
     * @throws IllegalArgumentException if the text is not one JSON object
     */
    static Map<String, Object> parse(String json) {
        JsonFields p = new JsonFields(json);
        p.skipWhitespace();
        Map<String, Object> fields = p.object(0);
        p.skipWhitespace();
        if (p.pos != json.length()) {
            throw p.error("text after the object");
        }
        return fields;
    }

    private Map<String, Object> object(int depth) {
        expect('{');
        Map<String, Object> fields = new HashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return fields;
        }
        while (true) {
            skipWhitespace();
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            char c = peek();
            if (c == '{' || c == '[') {
                skipNested(depth + 1);
            } else {
                fields.put(name, scalar());
            }
            skipWhitespace();
            char next = next();
            if (next == '}') {
                return fields;
            }
            if (next != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private void skipNested(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (peek() == '{') {
            object(depth);
            return;
        }
        expect('[');
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            skipWhitespace();
            char c = peek();
            if (c == '{' || c == '[') {
                skipNested(depth + 1);
            } else {
                scalar();
            }
            skipWhitespace();
            char next = next();
            if (next == ']') {
                return;
            }
            if (next != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private Object scalar() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (s.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        return number();
    }

    private String number() {
        int start = pos;
        if (pos < s.length() && s.charAt(pos) == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos == digits || !Character.isDigit(s.charAt(digits))) {
            throw error("expected a value");
        }
        return s.substring(start, pos);
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw error("truncated \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private void skipWhitespace() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    /** The message gives the position only: the text may hold a token. */
    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("not a JSON object: " + what + " at offset " + pos);
    }
}
