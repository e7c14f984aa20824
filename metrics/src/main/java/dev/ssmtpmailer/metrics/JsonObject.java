package dev.ssmtpmailer.metrics;

import java.util.List;

/**
 * The little JSON the relay writes: one object, fields in the order they are added, strings escaped per RFC 8259.
 * {@link RelayHealth} writes the body of {@code GET /health} with it, and the command line its {@code --json}
 * output.
 *
 * <pre>{@code
 * String json = new JsonObject().str("status", "UP").num("depth", 3).toString(); // {"status":"UP","depth":3}
 * }</pre>
 */
public final class JsonObject {
    private final StringBuilder b = new StringBuilder("{");

    private JsonObject name(String name) {
        b.append(b.length() == 1 ? "" : ",").append(quote(name)).append(':');
        return this;
    }

    /**
     * @param name the field's name
     * @param value its value as a string ({@link Object#toString()}), or {@code null}
     * @return this
     */
    public JsonObject str(String name, Object value) {
        name(name).b.append(value == null ? "null" : quote(value.toString()));
        return this;
    }

    /**
     * @param name the field's name
     * @param value a number
     * @return this
     */
    public JsonObject num(String name, long value) {
        name(name).b.append(value);
        return this;
    }

    /**
     * @param name the field's name
     * @param value a boolean
     * @return this
     */
    public JsonObject bool(String name, boolean value) {
        name(name).b.append(value);
        return this;
    }

    /**
     * @param name the field's name
     * @param json a value already in JSON: another {@link JsonObject}, an {@link #array}, {@code "null"}
     * @return this
     */
    public JsonObject raw(String name, Object json) {
        name(name).b.append(json);
        return this;
    }

    /** @return the object in JSON */
    @Override
    public String toString() {
        return b + "}";
    }

    /**
     * @param items values already in JSON, such as {@link JsonObject}s
     * @return the JSON array of them
     */
    public static String array(List<?> items) {
        StringBuilder a = new StringBuilder("[");
        for (Object item : items) {
            a.append(a.length() == 1 ? "" : ",").append(item);
        }
        return a.append(']').toString();
    }

    /**
     * @param s any text
     * @return the JSON string literal of it, quotes included
     */
    public static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        q.append(String.format("\\u%04x", (int) ch));
                    } else {
                        q.append(ch);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
