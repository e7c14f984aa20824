package dev.ssmtpmailer;

/**
 * A message that cannot be built: a header, subject, attachment or Message-ID that is malformed or could
 * inject header lines (CR or LF), or an extra header that would override one the library writes itself.
 * Malformed addresses are reported as {@link dev.ssmtpmailer.address.InvalidAddressException} instead.
 */
public final class InvalidMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidMessageException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    /** @return the refused field, as the builder method or header name calls it ({@code subject}, {@code X-Tag}) */
    public String field() {
        return field;
    }
}
