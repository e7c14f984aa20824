package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SectionValues;

/**
 * A {@code [mapping:NAME]} section, an element of {@code ssmtp-mailer.mappings}: an alias, its canonical address and its account.
 *
 * <p>Generated from {@link ConfigKeys} by {@code SectionPropertiesTest}: do not edit; after changing a
 * key, run that test with {@code -Dssmtp.regenerate=true}. Every value left unset takes core's default.
 */
public class MappingProperties {
    /** Mapping name, as in {@code [mapping:contact-sales]}. Required. */
    private String name;

    /** The local alias: an address, or {@code *@host} ({@code from_pattern}). Required. */
    private String fromPattern;

    /** The canonical address, or {@code *@host} to carry the local part over ({@code to_pattern}). Required. */
    private String toPattern;

    /**
     * The {@code relay_account} (or {@code username}) of the enabled domain to send through ({@code smtp_account}).
     * Required.
     */
    private String smtpAccount;

    /** The canonical domain, informational ({@code domain}). */
    private String domain;

    /** @return the section's name, as in {@code [mapping:...]} */
    public String getName() {
        return name;
    }

    /** @param name the section's name, as in {@code [mapping:...]} */
    public void setName(String name) {
        this.name = name;
    }

    /** @return {@code from_pattern} */
    public String getFromPattern() {
        return fromPattern;
    }

    /** @param fromPattern {@code from_pattern} */
    public void setFromPattern(String fromPattern) {
        this.fromPattern = fromPattern;
    }

    /** @return {@code to_pattern} */
    public String getToPattern() {
        return toPattern;
    }

    /** @param toPattern {@code to_pattern} */
    public void setToPattern(String toPattern) {
        this.toPattern = toPattern;
    }

    /** @return {@code smtp_account} */
    public String getSmtpAccount() {
        return smtpAccount;
    }

    /** @param smtpAccount {@code smtp_account} */
    public void setSmtpAccount(String smtpAccount) {
        this.smtpAccount = smtpAccount;
    }

    /** @return {@code domain} */
    public String getDomain() {
        return domain;
    }

    /** @param domain {@code domain} */
    public void setDomain(String domain) {
        this.domain = domain;
    }

    /** @return the values that are set, as core's {@code [mapping:NAME]} section */
    SectionValues toValues() {
        SectionValues v = SectionValues.of(SectionKind.MAPPING, name, null);
        v.put(ConfigKeys.FROM_PATTERN, fromPattern);
        v.put(ConfigKeys.TO_PATTERN, toPattern);
        v.put(ConfigKeys.SMTP_ACCOUNT, smtpAccount);
        v.put(ConfigKeys.MAPPING_DOMAIN, domain);
        return v;
    }
}
