package dev.ssmtpmailer.address;

import java.util.Locale;

/**
 * A validated mailbox address ({@code local-part@domain}) as used in an SMTP envelope.
 *
 * <p>Accepted: a dot-atom local part (RFC 5322 {@code atext} and dots, no leading, trailing or double dot) of
 * at most 64 characters, and a host name of letters, digits and hyphens, at most 253 characters. Refused,
 * on purpose: quoted local parts, IP-literal domains ({@code [192.0.2.1]}), source routes ({@code @a:b@c}),
 * whitespace and every control character (above all CR and LF). These forms are legal in RFC 5321 but are
 * the usual tools for relay tricks and header injection, and no mapping of this library can name them.
 *
 * <p>The domain is kept in lower case (domains compare case-insensitively); the local part keeps its case,
 * and {@link #equals} compares it case-insensitively too, which is how every mailbox provider this library
 * targets behaves.
 *
 * @param localPart the part before the {@code @}, case preserved
 * @param domain the part after the {@code @}, lower case
 */
public record EmailAddress(String localPart, String domain) {
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    /**
     * Validates both parts.
     *
     * @throws InvalidAddressException if either part is malformed
     */
    public EmailAddress {
        // the whole address only for an error: several addresses are made per message
        String problem = localPartProblem(localPart);
        if (problem == null) {
            problem = domainProblem(domain);
        }
        if (problem != null) {
            throw new InvalidAddressException(localPart + "@" + domain, problem);
        }
        domain = domain.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code local@domain}; surrounding angle brackets ({@code <a@b>}) are accepted and removed.
     *
     * @param text the address
     * @return the address
     * @throws InvalidAddressException if it is not a plain mailbox address
     */
    public static EmailAddress parse(String text) {
        if (text == null) {
            throw new InvalidAddressException(null, "address is missing");
        }
        String s = text;
        if (s.length() >= 2 && s.charAt(0) == '<' && s.charAt(s.length() - 1) == '>') {
            s = s.substring(1, s.length() - 1);
        }
        checkNoControls(text, s);
        if (s.startsWith("@")) {
            throw new InvalidAddressException(text, "source routes are not accepted");
        }
        int at = s.lastIndexOf('@');
        if (at < 0) {
            throw new InvalidAddressException(text, "no '@' and domain");
        }
        if (s.indexOf('@') != at) {
            throw new InvalidAddressException(text, "more than one '@'");
        }
        return new EmailAddress(s.substring(0, at), s.substring(at + 1));
    }

    /** @return {@code local@domain}, as it goes into {@code MAIL FROM:<...>} or {@code RCPT TO:<...>} */
    public String address() {
        return localPart + "@" + domain;
    }

    /** @return the local part in lower case, the form lookups use */
    public String normalizedLocalPart() {
        return localPart.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmailAddress other
                && domain.equals(other.domain)
                && localPart.equalsIgnoreCase(other.localPart);
    }

    @Override
    public int hashCode() {
        return 31 * normalizedLocalPart().hashCode() + domain.hashCode();
    }

    @Override
    public String toString() {
        return address();
    }

    static void checkNoControls(String original, String s) {
        String problem = controlProblem(s);
        if (problem != null) {
            throw new InvalidAddressException(original, problem);
        }
    }

    static void checkLocalPart(String whole, String local) {
        String problem = localPartProblem(local);
        if (problem != null) {
            throw new InvalidAddressException(whole, problem);
        }
    }

    static void checkDomain(String whole, String domain) {
        String problem = domainProblem(domain);
        if (problem != null) {
            throw new InvalidAddressException(whole, problem);
        }
    }

    /** @return why {@code s} holds a control character or white space, or {@code null} if it does not */
    private static String controlProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                return "CR or LF is not allowed in an address";
            }
            if (c < 0x20 || c == 0x7f) {
                return "control characters are not allowed in an address";
            }
            if (c == ' ' || c == '\t') {
                return "whitespace is not allowed in an address";
            }
        }
        return null;
    }

    /** @return why {@code local} is not an accepted local part, or {@code null} if it is one */
    private static String localPartProblem(String local) {
        if (local == null || local.isEmpty()) {
            return "empty local part";
        }
        String controls = controlProblem(local);
        if (controls != null) {
            return controls;
        }
        if (local.length() > MAX_LOCAL) {
            return "local part longer than " + MAX_LOCAL + " characters";
        }
        if (local.charAt(0) == '"') {
            return "quoted local parts are not accepted";
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return "local part has a leading, trailing or double dot";
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || ATEXT_SPECIALS.indexOf(c) >= 0;
            if (!ok) {
                return "character '" + c + "' is not allowed in a local part";
            }
        }
        return null;
    }

    /** @return why {@code domain} is not an accepted domain, or {@code null} if it is one */
    private static String domainProblem(String domain) {
        if (domain == null || domain.isEmpty()) {
            return "empty domain";
        }
        String controls = controlProblem(domain);
        if (controls != null) {
            return controls;
        }
        if (domain.startsWith("[")) {
            return "IP-literal domains are not accepted";
        }
        if (domain.length() > MAX_DOMAIN) {
            return "domain longer than " + MAX_DOMAIN + " characters";
        }
        int length = domain.endsWith(".") ? domain.length() - 1 : domain.length(); // a trailing dot, not copied off
        if (length == 0) {
            return "empty domain";
        }
        // label by label, without String.split: every address parsed (several per message) comes here
        for (int start = 0, end; start <= length; start = end + 1) {
            end = domain.indexOf('.', start);
            if (end < 0) { // never past length: a dot found there is the trailing dot itself
                end = length;
            }
            String label = labelProblem(domain, start, end);
            if (label != null) {
                return label;
            }
        }
        return null;
    }

    private static String labelProblem(String d, int start, int end) {
        if (end == start || end - start > 63) {
            return "domain label empty or longer than 63 characters";
        }
        if (d.charAt(start) == '-' || d.charAt(end - 1) == '-') {
            return "domain label starts or ends with '-'";
        }
        for (int i = start; i < end; i++) {
            char c = d.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return "character '" + c + "' is not allowed in a domain";
            }
        }
        return null;
    }
}
