package dev.ssmtpmailer.queue;

import java.util.Objects;

/**
 * The identity of a spooled message, as shown by {@code ssmtp-mailer queue list} and in the {@code 250} reply.
 *
 * @param value letters, digits and {@code -}, 1 to 64 characters (safe as a file name)
 */
public record QueueId(String value) {
    private static final int MAX_LENGTH = 64;

    /**
     * @throws IllegalArgumentException if {@code value} is not a valid id
     */
    public QueueId {
        Objects.requireNonNull(value, "value");
        if (!valid(value)) {
            throw new IllegalArgumentException("invalid queue id '" + value + "': letters, digits and '-', 1 to 64");
        }
    }

    /** {@code [A-Za-z0-9-]{1,64}}, checked without a regex: an id is made for every message claimed. */
    private static boolean valid(String v) {
        if (v.isEmpty() || v.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
