package dev.ssmtpmailer.config;

import java.util.Objects;

/**
 * A {@code [mapping:NAME]} section: a local alias and its canonical address, and the upstream account to use.
 *
 * @param name the section name ({@code contact-sales})
 * @param fromPattern {@code from_pattern}: the alias, an address or {@code *@host}
 * @param toPattern {@code to_pattern}: the canonical address, or {@code *@host} to carry the local part over
 * @param smtpAccount {@code smtp_account}: the {@code relay_account} (or {@code username}) of a domain
 * @param domain {@code domain}: the canonical domain, informational, or {@code null}
 * @param source where the section came from
 */
public record MappingConfig(String name, String fromPattern, String toPattern, String smtpAccount, String domain,
                            SourceLocation source) {

    /** Fills in a missing location. */
    public MappingConfig {
        Objects.requireNonNull(name, "name");
        source = source == null ? SourceLocation.NONE : source;
    }

    /**
     * @param name the mapping's name
     * @param fromPattern the alias
     * @param toPattern the canonical address
     * @param smtpAccount the account to relay through
     * @return a mapping built in code (no source location, no domain)
     */
    public static MappingConfig of(String name, String fromPattern, String toPattern, String smtpAccount) {
        return new MappingConfig(name, fromPattern, toPattern, smtpAccount, null, SourceLocation.NONE);
    }
}
