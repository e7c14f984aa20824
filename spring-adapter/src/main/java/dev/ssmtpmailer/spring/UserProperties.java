package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.Secret;
import java.util.List;

/**
 * A {@code [user:ADDRESS]} section, an element of {@code ssmtp-mailer.users}.
 *
 * <p>Generated from {@code ConfigKeys} by {@code SectionPropertiesTest}: do not edit; after changing a key, run
 * that test with {@code -Dssmtp.regenerate=true}. Every value left unset ({@code null}) takes core's default.
 *
 * @param address Address, or a {@code *@host} pattern with template-address, as in {@code [user:ADDRESS]}.
 *        Required.
 * @param enabled Whether the user is used; a disabled user may neither send nor receive ({@code enabled}). Default
 *        true.
 * @param domain The domain the user belongs to ({@code domain}).
 * @param canSendFrom May be the sender of outbound mail ({@code can_send_from}). Default false.
 * @param canSendTo May be the recipient of inbound mail ({@code can_send_to}). Default false.
 * @param templateAddress The section's address is a pattern {@code *@host}; required for, and only for, patterns
 *        ({@code template_address}). Default false.
 * @param allowedDomains When set, every recipient's domain must be one of these ({@code allowed_domains}). Default
 *        none (any).
 * @param passwordHash Lets a client log in as this user with {@code AUTH} after {@code STARTTLS} and submit mail as
 *        this address, from any IP, to any domain; make it with {@code ssmtp-mailer hash-password} (not for
 *        {@code template_address} users) ({@code password_hash}). Default none (no AUTH).
 */
public record UserProperties(
        String address,
        Boolean enabled,
        String domain,
        Boolean canSendFrom,
        Boolean canSendTo,
        Boolean templateAddress,
        List<String> allowedDomains,
        String passwordHash) {

    /**
     * Copies the lists. An unset list stays {@code null} and takes core's default; a list bound empty
     * ({@code key=} in a properties file, {@code key: []} in YAML) is the empty value, as {@code key =} in an
     * INI file.
     */
    public UserProperties {
        allowedDomains = allowedDomains == null ? null : List.copyOf(allowedDomains);
    }

    /** Every value as a record prints it, with the secrets masked. */
    @Override
    public String toString() {
        return "UserProperties[address=" + address
                + ", enabled=" + enabled
                + ", domain=" + domain
                + ", canSendFrom=" + canSendFrom
                + ", canSendTo=" + canSendTo
                + ", templateAddress=" + templateAddress
                + ", allowedDomains=" + allowedDomains
                + ", passwordHash=" + (passwordHash == null ? null : Secret.MASK) + "]";
    }
}
