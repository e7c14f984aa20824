package dev.ssmtpmailer.address;

import java.util.Locale;

/**
 * A mapping pattern: an exact address ({@code contact-sales@mailer.domain1.com}) or a wildcard {@code *@host}
 * where {@code *} stands for any local part. As a target ({@code to_pattern}) a wildcard carries the matched
 * local part over, case preserved: {@code Jane.Doe@mailer.domain1.com} with {@code *@mailer.domain1.com ->
 * *@domain1.com} becomes {@code Jane.Doe@domain1.com}.
 *
 * @param localPart the local part, or {@code null} for the wildcard {@code *}
 * @param domain the domain, lower case
 */
public record AddressPattern(String localPart, String domain) {

    /**
     * @throws InvalidAddressException if the parts do not form an address or a {@code *@host} pattern
     */
    public AddressPattern {
        if (localPart == null) {
            EmailAddress.checkDomain("*@" + domain, domain);
        } else {
            EmailAddress.checkLocalPart(localPart + "@" + domain, localPart);
            EmailAddress.checkDomain(localPart + "@" + domain, domain);
        }
        domain = domain.toLowerCase(Locale.ROOT);
    }

    /**
     * @param text {@code local@domain} or {@code *@domain}
     * @return the pattern
     * @throws InvalidAddressException if it is neither
     */
    public static AddressPattern parse(String text) {
        if (text == null) {
            throw new InvalidAddressException(null, "pattern is missing");
        }
        String s = text.strip();
        if (s.startsWith("*@")) {
            EmailAddress.checkNoControls(text, s);
            return new AddressPattern(null, s.substring(2));
        }
        if (s.contains("*")) {
            throw new InvalidAddressException(text, "'*' is only allowed as the whole local part, as in *@host");
        }
        EmailAddress a = EmailAddress.parse(s);
        return new AddressPattern(a.localPart(), a.domain());
    }

    /** @return {@code true} for {@code *@host} */
    public boolean isWildcard() {
        return localPart == null;
    }

    /**
     * @param address an address
     * @return whether this pattern matches it (domain and local part case-insensitively)
     */
    public boolean matches(EmailAddress address) {
        return domain.equals(address.domain()) && (localPart == null || localPart.equalsIgnoreCase(address.localPart()));
    }

    /**
     * Applies this pattern as a target to the address that matched the source pattern.
     *
     * @param matched the address that matched the {@code from_pattern}
     * @return the canonical address: this exact address, or for {@code *@host} the matched local part at host
     */
    public EmailAddress apply(EmailAddress matched) {
        return new EmailAddress(localPart == null ? matched.localPart() : localPart, domain);
    }

    @Override
    public String toString() {
        return (localPart == null ? "*" : localPart) + "@" + domain;
    }
}
