package dev.ssmtpmailer.policy;

import dev.ssmtpmailer.address.EmailAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy's answer for one outbound message: allowed with a route, or refused with the rule, the address
 * refused (the sender, or the first recipient outside the user's {@code allowed_domains}) and the reason.
 *
 * @param rule the rule that decided
 * @param reason for logs and exceptions, never sent to a remote client
 * @param refusedAddress the address refused; empty when allowed
 * @param route how the message leaves; present exactly when allowed
 */
public record OutboundDecision(PolicyRule rule, String reason, Optional<EmailAddress> refusedAddress,
                               Optional<OutboundRoute> route) {

    /**
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if the rule, the route and the refused address disagree
     */
    public OutboundDecision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(refusedAddress, "refusedAddress");
        Objects.requireNonNull(route, "route");
        if (rule.accepts() != route.isPresent() || (rule.accepts() && refusedAddress.isPresent())) {
            throw new IllegalArgumentException("an allowed decision has a route and no refused address; a refusal has no route");
        }
    }

    static OutboundDecision allow(OutboundRoute route, String reason) {
        return new OutboundDecision(route.matchedRule(), reason, Optional.empty(), Optional.of(route));
    }

    static OutboundDecision refuse(PolicyRule rule, EmailAddress refused, String reason) {
        return new OutboundDecision(rule, reason, Optional.ofNullable(refused), Optional.empty());
    }

    /** @return whether the message may be sent */
    public boolean allowed() {
        return route.isPresent();
    }

    /**
     * @return the route, when allowed
     * @throws PolicyException carrying the rule, the refused address and the reason, when refused
     */
    public OutboundRoute orElseThrow() {
        return route.orElseThrow(() -> new PolicyException(rule, refusedAddress.orElse(null), reason));
    }
}
