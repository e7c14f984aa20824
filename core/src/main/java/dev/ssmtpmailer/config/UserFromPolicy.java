package dev.ssmtpmailer.config;

import java.util.Locale;

/**
 * What the inbound server does with a message that a trusted client submits as a {@code [user:...]} sender
 * ({@code MAIL FROM:<mail-relay@domain1.com>}) when its {@code From:} header names another address
 * ({@code user_from_mismatch}). A mapped alias's {@code From:} is always rewritten to the canonical address.
 */
public enum UserFromPolicy {
    /** {@code From:} is replaced by the envelope sender, as for aliases (the default). */
    REWRITE,
    /** The message is refused at the end of DATA with {@code 550 5.7.1}. */
    REFUSE;

    /**
     * @param text {@code rewrite} or {@code refuse}, any case
     * @return the policy
     * @throws IllegalArgumentException naming the accepted values
     */
    public static UserFromPolicy parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "rewrite" -> REWRITE;
            case "refuse" -> REFUSE;
            default -> throw new IllegalArgumentException("must be rewrite or refuse, was '" + text + "'");
        };
    }

    /** @return the configuration value, {@code rewrite} or {@code refuse} */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
