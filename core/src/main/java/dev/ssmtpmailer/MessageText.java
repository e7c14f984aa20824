package dev.ssmtpmailer;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import java.util.Locale;
import java.util.Set;

/** Checks shared by the message types: the one place that decides what may reach a header line. */
final class MessageText {
    /** Fields the renderer writes itself; an extra header must not override them. */
    private static final Set<String> RESERVED = Set.of("from", "to", "cc", "bcc", "reply-to", "subject", "date",
            "message-id", "mime-version");

    /**
     * Fields that say who sent a message or which hosts it passed: set by an application they would let it
     * pose as another sender or forge a trace (and a forged DKIM-Signature or Authentication-Results fools
     * whoever trusts them). Extra headers by these names need the caller's explicit allow-list.
     */
    static final Set<String> IDENTITY = Set.of("sender", "return-path", "received", "received-spf",
            "authentication-results", "dkim-signature", "domainkey-signature", "arc-seal", "arc-message-signature",
            "arc-authentication-results", "delivered-to");

    private MessageText() {
    }

    /** @return whether an extra header by this name needs the caller's allow-list ({@link #IDENTITY}, {@code Resent-*}) */
    static boolean isIdentity(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return IDENTITY.contains(lower) || lower.startsWith("resent-");
    }

    /** Refuses CR, LF and other controls (tab is allowed: it is folding white space). */
    static void checkNoControls(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new InvalidMessageException(field, "CR or LF is not allowed (header injection)");
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new InvalidMessageException(field, String.format("control character \\u%04x is not allowed", (int) c));
            }
        }
    }

    /** RFC 5322 section 3.6.8: a field name is one or more printable ASCII characters other than the colon. */
    static void checkFieldName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidMessageException("header name", "must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                throw new InvalidMessageException("header name",
                        "'" + printable(name) + "' is not an RFC 5322 field name (printable ASCII except ':')");
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(lower) || lower.startsWith("content-")) {
            throw new InvalidMessageException(name, "is written by the library and cannot be set as an extra header");
        }
    }

    /** Parses an address given as text, naming the field it was given for when it is refused. */
    static EmailAddress address(String field, String text) {
        try {
            return EmailAddress.parse(text);
        } catch (InvalidAddressException e) {
            throw new InvalidAddressException(field, e);
        }
    }

    static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
