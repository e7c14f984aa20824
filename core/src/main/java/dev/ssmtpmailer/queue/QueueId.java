package dev.ssmtpmailer.queue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of a spooled message, as shown by {@code ssmtp-mailer queue list} and in the {@code 250} reply.
 *
 * @param value letters, digits and {@code -}, 1 to 64 characters (safe as a file name)
 */
public record QueueId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /**
     * @throws IllegalArgumentException if {@code value} is not a valid id
     */
    public QueueId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid queue id '" + value + "': letters, digits and '-', 1 to 64");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
