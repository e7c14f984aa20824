package dev.ssmtpmailer.address;

/**
 * An e-mail address or address pattern that cannot be used: malformed, too long, or carrying characters
 * (CR, LF, other controls) that could smuggle SMTP commands or headers.
 */
public final class InvalidAddressException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;

    InvalidAddressException(String input, String reason) {
        super("invalid address '" + printable(input) + "': " + reason);
        this.input = input;
    }

    /**
     * Names the place where a rejected address was used ({@code "to"}, {@code "from"}), keeping the reason.
     *
     * @param field where the address was given, for example a message field
     * @param cause the rejection of the address itself
     */
    public InvalidAddressException(String field, InvalidAddressException cause) {
        super(field + ": " + cause.getMessage(), cause);
        this.input = cause.input;
    }

    /** @return the rejected text, exactly as given */
    public String input() {
        return input;
    }

    /** Renders control characters visibly so that an error message cannot itself inject lines into a log. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && i < 300; i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > 300 ? b.append("...") .toString() : b.toString();
    }
}
