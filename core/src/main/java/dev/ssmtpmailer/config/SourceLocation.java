package dev.ssmtpmailer.config;

import java.util.Map;

/**
 * Where a section of the configuration came from, so that an error can point at it: a file and the line of
 * the section header, plus the line of each key. Programmatic configuration uses {@link #NONE}.
 *
 * @param file the file, as the user would recognise it ({@code domains/domain1.com.conf}), or {@code null}
 * @param line the line of the section header, 1-based, or 0 when unknown
 * @param section the section header without brackets ({@code domain:domain1.com}), or {@code null}
 * @param keyLines the line of each key in the section
 */
public record SourceLocation(String file, int line, String section, Map<String, Integer> keyLines) {

    /** No location: configuration built in code. */
    public static final SourceLocation NONE = new SourceLocation(null, 0, null, Map.of());

    /** Copies {@code keyLines}. */
    public SourceLocation {
        keyLines = Map.copyOf(keyLines == null ? Map.of() : keyLines);
    }

    /**
     * @param key a key of this section
     * @return the line of that key, else the line of the section header
     */
    public int lineOf(String key) {
        return key == null ? line : keyLines.getOrDefault(key, line);
    }

    /**
     * @param key a key of this section, or {@code null}
     * @return {@code file:line: [section] key} with whatever parts are known
     */
    public String describe(String key) {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file);
            int l = lineOf(key);
            if (l > 0) {
                b.append(':').append(l);
            }
            b.append(": ");
        }
        if (section != null) {
            b.append('[').append(section).append("] ");
        }
        if (key != null) {
            b.append(key).append(": ");
        }
        return b.toString();
    }
}
