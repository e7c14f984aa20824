package dev.ssmtpmailer.mapping;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import java.util.Objects;

/**
 * The result of resolving a local alias: where it leads and which upstream account carries the mail.
 *
 * <p>The same route serves both directions: for outbound mail the alias is the sender and {@link #canonical()}
 * becomes the envelope {@code MAIL FROM} (and the {@code From:} header); for inbound mail the alias is the
 * recipient and {@link #canonical()} becomes the envelope {@code RCPT TO}.
 *
 * @param alias the address that was resolved, exactly as given (case preserved)
 * @param canonical the address the alias stands for: the mapping's {@code to_pattern}, with the alias's local part
 *     carried over (case preserved) when the {@code to_pattern} is {@code *@host}
 * @param mappingName the name of the {@code [mapping:NAME]} section that matched
 * @param account the enabled {@code [domain:...]} section whose account the mapping names in {@code smtp_account}
 */
public record Route(EmailAddress alias, EmailAddress canonical, String mappingName, DomainConfig account) {

    /**
     * @throws NullPointerException if any component is {@code null}
     */
    public Route {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(mappingName, "mappingName");
        Objects.requireNonNull(account, "account");
    }
}
