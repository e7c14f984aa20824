package dev.ssmtpmailer.policy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.mapping.Route;
import java.util.Objects;
import java.util.Optional;

/**
 * How an allowed outbound message leaves: as whom, and through which upstream account.
 *
 * @param originalSender the sender the application (or trusted client) gave
 * @param envelopeSender the sender written into {@code MAIL FROM} and {@code From:}: the canonical address of
 *     a mapped alias, else the original sender
 * @param account the upstream account to send through
 * @param mapping the mapping that matched the sender, if it was allowed by a mapping
 * @param matchedRule {@link PolicyRule#SENDER_MAPPING} or {@link PolicyRule#SENDER_USER}
 */
public record OutboundRoute(EmailAddress originalSender, EmailAddress envelopeSender, DomainConfig account,
                            Optional<Route> mapping, PolicyRule matchedRule) {

    /**
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if the rule is not a sender rule, or disagrees with {@code mapping}
     */
    public OutboundRoute {
        Objects.requireNonNull(originalSender, "originalSender");
        Objects.requireNonNull(envelopeSender, "envelopeSender");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(mapping, "mapping");
        boolean byMapping = switch (Objects.requireNonNull(matchedRule, "matchedRule")) {
            case SENDER_MAPPING -> true;
            case SENDER_USER -> false;
            default -> throw new IllegalArgumentException(
                    "an outbound route is allowed by SENDER_MAPPING or SENDER_USER, not " + matchedRule);
        };
        if (mapping.isPresent() != byMapping) {
            throw new IllegalArgumentException("a mapping is present exactly when the rule is SENDER_MAPPING");
        }
    }
}
