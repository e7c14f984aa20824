package dev.ssmtpmailer.spring;

/**
 * A {@code [mapping:NAME]} section, an element of {@code ssmtp-mailer.mappings}: an alias, its canonical address
 * and its account.
 *
 * <p>Generated from {@code ConfigKeys} by {@code SectionPropertiesTest}: do not edit; after changing a key, run
 * that test with {@code -Dssmtp.regenerate=true}. Every value left unset ({@code null}) takes core's default.
 *
 * @param name Mapping name, as in {@code [mapping:contact-sales]}. Required.
 * @param fromPattern The local alias: an address, or {@code *@host} ({@code from_pattern}). Required.
 * @param toPattern The canonical address, or {@code *@host} to carry the local part over ({@code to_pattern}).
 *        Required.
 * @param smtpAccount The {@code relay_account} (or {@code username}) of the enabled domain to send through
 *        ({@code smtp_account}). Required.
 * @param domain The canonical domain, informational ({@code domain}).
 */
public record MappingProperties(
        String name,
        String fromPattern,
        String toPattern,
        String smtpAccount,
        String domain) {
}
