package dev.ssmtpmailer.config;

/**
 * One thing wrong with a configuration.
 *
 * @param location where the section came from ({@link SourceLocation#NONE} for programmatic configuration)
 * @param section the section in the INI vocabulary, e.g. {@code global}, {@code domain:domain1.com}
 * @param key the key in the INI vocabulary, e.g. {@code smtp_port}, or {@code null} for the whole section
 * @param message what is wrong and, where there is one, the fix
 */
public record ConfigProblem(SourceLocation location, String section, String key, String message) {

    /** Fills in a missing location. */
    public ConfigProblem {
        location = location == null ? SourceLocation.NONE : location;
    }

    /** @return the line of the key in its file, or 0 when unknown */
    public int line() {
        return location.lineOf(key);
    }

    /** @return the file the problem is in, or {@code null} when unknown */
    public String file() {
        return location.file();
    }

    @Override
    public String toString() {
        if (location.file() != null) {
            return location.describe(key) + message;
        }
        StringBuilder b = new StringBuilder();
        if (section != null) {
            b.append('[').append(section).append("] ");
        }
        if (key != null) {
            b.append(key).append(": ");
        }
        return b.append(message).toString();
    }
}
