package dev.ssmtpmailer.policy;

import dev.ssmtpmailer.message.RelayException;
import dev.ssmtpmailer.address.EmailAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The relay policy refused an address. The message names the address, the reason and the rule, as in
 * {@code sender x@example.com is not allowed: no mapping from_pattern and no enabled [user:...] with
 * can_send_from = true matches it (rule SENDER_NOT_ALLOWED)}.
 */
public final class PolicyException extends RelayException {
    private static final long serialVersionUID = 1L;

    private final PolicyRule rule;
    private final transient EmailAddress address;

    /**
     * @param rule the rule that refused; must be a refusing rule
     * @param address the address refused, or {@code null} for the null sender {@code <>}
     * @param reason why, without the rule (it is appended)
     * @throws IllegalArgumentException if {@code rule} is an accepting rule
     */
    public PolicyException(PolicyRule rule, EmailAddress address, String reason) {
        super(Objects.requireNonNull(reason, "reason") + " (rule " + Objects.requireNonNull(rule, "rule") + ")");
        if (rule.accepts()) {
            throw new IllegalArgumentException("rule " + rule + " accepts; a PolicyException needs a refusing rule");
        }
        this.rule = rule;
        this.address = address;
    }

    /** @return the rule that refused */
    public PolicyRule rule() {
        return rule;
    }

    /** @return the address refused, or empty for the null sender {@code <>} */
    public Optional<EmailAddress> address() {
        return Optional.ofNullable(address);
    }
}
