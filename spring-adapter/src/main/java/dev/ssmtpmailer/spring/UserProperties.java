package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SectionValues;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code [user:ADDRESS]} section, an element of {@code ssmtp-mailer.users}.
 *
 * <p>Generated from {@link ConfigKeys} by {@code SectionPropertiesTest}: do not edit; after changing a
 * key, run that test with {@code -Dssmtp.regenerate=true}. Every value left unset takes core's default.
 */
public class UserProperties {
    /** Address, or a {@code *@host} pattern with template-address, as in {@code [user:ADDRESS]}. Required. */
    private String address;

    /** Whether the user is used; a disabled user may neither send nor receive ({@code enabled}). Default true. */
    private Boolean enabled;

    /** The domain the user belongs to ({@code domain}). */
    private String domain;

    /** May be the sender of outbound mail ({@code can_send_from}). Default false. */
    private Boolean canSendFrom;

    /** May be the recipient of inbound mail ({@code can_send_to}). Default false. */
    private Boolean canSendTo;

    /**
     * The section's address is a pattern {@code *@host}; required for, and only for, patterns ({@code
     * template_address}). Default false.
     */
    private Boolean templateAddress;

    /** When set, every recipient's domain must be one of these ({@code allowed_domains}). Default none (any). */
    private List<String> allowedDomains = new ArrayList<>();

    /** @return the section's name, as in {@code [user:...]} */
    public String getAddress() {
        return address;
    }

    /** @param address the section's name, as in {@code [user:...]} */
    public void setAddress(String address) {
        this.address = address;
    }

    /** @return {@code enabled} */
    public Boolean getEnabled() {
        return enabled;
    }

    /** @param enabled {@code enabled} */
    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    /** @return {@code domain} */
    public String getDomain() {
        return domain;
    }

    /** @param domain {@code domain} */
    public void setDomain(String domain) {
        this.domain = domain;
    }

    /** @return {@code can_send_from} */
    public Boolean getCanSendFrom() {
        return canSendFrom;
    }

    /** @param canSendFrom {@code can_send_from} */
    public void setCanSendFrom(Boolean canSendFrom) {
        this.canSendFrom = canSendFrom;
    }

    /** @return {@code can_send_to} */
    public Boolean getCanSendTo() {
        return canSendTo;
    }

    /** @param canSendTo {@code can_send_to} */
    public void setCanSendTo(Boolean canSendTo) {
        this.canSendTo = canSendTo;
    }

    /** @return {@code template_address} */
    public Boolean getTemplateAddress() {
        return templateAddress;
    }

    /** @param templateAddress {@code template_address} */
    public void setTemplateAddress(Boolean templateAddress) {
        this.templateAddress = templateAddress;
    }

    /** @return {@code allowed_domains} */
    public List<String> getAllowedDomains() {
        return allowedDomains;
    }

    /** @param allowedDomains {@code allowed_domains} */
    public void setAllowedDomains(List<String> allowedDomains) {
        this.allowedDomains = allowedDomains;
    }

    /** @return the values that are set, as core's {@code [user:NAME]} section */
    SectionValues toValues() {
        SectionValues v = SectionValues.of(SectionKind.USER, address, null);
        v.put(ConfigKeys.USER_ENABLED, enabled);
        v.put(ConfigKeys.USER_DOMAIN, domain);
        v.put(ConfigKeys.CAN_SEND_FROM, canSendFrom);
        v.put(ConfigKeys.CAN_SEND_TO, canSendTo);
        v.put(ConfigKeys.TEMPLATE_ADDRESS, templateAddress);
        v.put(ConfigKeys.ALLOWED_DOMAINS, allowedDomains);
        return v;
    }
}
