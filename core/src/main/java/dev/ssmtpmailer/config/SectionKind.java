package dev.ssmtpmailer.config;

import java.util.Locale;

/** The kinds of section a configuration has, as they appear in INI headers ({@code [domain:domain1.com]}). */
public enum SectionKind {
    /** {@code [global]}: {@link GlobalSettings}; the only section without a name. */
    GLOBAL,
    /** {@code [domain:NAME]}: {@link DomainConfig}, an upstream account or a local domain. */
    DOMAIN,
    /** {@code [user:ADDRESS]}: {@link UserConfig}. */
    USER,
    /** {@code [mapping:NAME]}: {@link MappingConfig}. */
    MAPPING;

    /** @return the name in INI headers and messages: {@code global}, {@code domain}, {@code user}, {@code mapping} */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name the section's name ({@code domain1.com}); ignored for {@link #GLOBAL}
     * @return the section as messages name it: {@code global}, {@code domain:domain1.com}
     */
    public String section(String name) {
        return this == GLOBAL ? header() : header() + ":" + name;
    }
}
