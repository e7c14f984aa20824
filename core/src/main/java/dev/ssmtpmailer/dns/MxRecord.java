package dev.ssmtpmailer.dns;

import java.util.Objects;

/**
 * One MX record.
 *
 * @param preference lower is preferred
 * @param host the mail exchanger, lower case without trailing dot; {@code "."} for a null MX (RFC 7505)
 */
public record MxRecord(int preference, String host) {

    /** Checks the values. */
    public MxRecord {
        Objects.requireNonNull(host, "host");
        if (preference < 0 || preference > 65535) {
            throw new IllegalArgumentException("MX preference out of range: " + preference);
        }
    }

    /** @return whether this is a null MX ({@code 0 .}): the domain accepts no mail */
    public boolean isNullMx() {
        return host.equals(".");
    }
}
