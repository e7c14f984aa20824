package dev.ssmtpmailer.policy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.mapping.Route;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy's answer to one {@code RCPT TO} of the inbound server: the SMTP reply to send, the rule that
 * decided and, when accepted, where the recipient's copy goes and through which account.
 *
 * @param rule the rule that decided
 * @param replyCode the SMTP reply code: 250 when accepted; 550, 554 (permanent) or 451 (configuration problem)
 * @param enhancedCode the RFC 3463 enhanced status code, e.g. {@code 5.1.1}
 * @param replyText the reply text for the client: names the recipient, never configuration details
 * @param reason the full reason for logs and exceptions, never sent to the client
 * @param recipient the recipient as given
 * @param deliverTo the address to deliver to upstream: the canonical address of a mapping, else the recipient;
 *     present exactly when accepted
 * @param account the upstream account to deliver through; present exactly when accepted
 * @param mapping the mapping that matched the recipient ({@link PolicyRule#RECIPIENT_MAPPING})
 * @param submission for {@link PolicyRule#TRUSTED_SUBMISSION} and {@link PolicyRule#AUTHENTICATED_SUBMISSION}: how
 *     the sender is rewritten and which account sends, exactly as for an application's outbound message
 */
public record InboundDecision(PolicyRule rule, int replyCode, String enhancedCode, String replyText, String reason,
                              EmailAddress recipient, Optional<EmailAddress> deliverTo, Optional<DomainConfig> account,
                              Optional<Route> mapping, Optional<OutboundRoute> submission) {

    /**
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if the parts disagree (an accepted decision without 2xx code or without a
     *     destination, a refusal with one) or the reply text holds CR or LF
     */
    public InboundDecision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(enhancedCode, "enhancedCode");
        Objects.requireNonNull(replyText, "replyText");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(deliverTo, "deliverTo");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(submission, "submission");
        boolean ok = replyCode >= 200 && replyCode < 300;
        if (rule.accepts() != ok || deliverTo.isPresent() != ok || account.isPresent() != ok
                || (replyCode < 200 || replyCode > 599)) {
            throw new IllegalArgumentException("rule " + rule + " does not agree with reply " + replyCode
                    + " and the destination");
        }
        if (replyText.indexOf('\r') >= 0 || replyText.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("reply text must be one line");
        }
    }

    static InboundDecision accept(PolicyRule rule, EmailAddress recipient, EmailAddress deliverTo, DomainConfig account,
                                  Optional<Route> mapping, Optional<OutboundRoute> submission, String reason) {
        // String.join: sized once, as in DefaultRelayPolicy's reason (one per RCPT)
        return new InboundDecision(rule, 250, "2.1.5",
                String.join("", "<", recipient.localPart(), "@", recipient.domain(), ">: Recipient ok"), reason, recipient,
                Optional.of(deliverTo), Optional.of(account), mapping, submission);
    }

    static InboundDecision refuse(PolicyRule rule, int code, String enhanced, EmailAddress recipient, String replyText,
                                  String reason) {
        return new InboundDecision(rule, code, enhanced, "<" + recipient + ">: " + replyText, reason, recipient,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** @return whether the recipient is accepted */
    public boolean accepted() {
        return rule.accepts();
    }

    /** @return the whole reply line without CRLF, e.g. {@code 550 5.1.1 <x@mailer.domain1.com>: Recipient address rejected: User unknown} */
    public String reply() {
        return replyCode + " " + enhancedCode + " " + replyText;
    }

    /**
     * @return this decision, when accepted
     * @throws PolicyException carrying the rule, the recipient and the reason, when refused
     */
    public InboundDecision orElseThrow() {
        if (!accepted()) {
            throw new PolicyException(rule, recipient, reason);
        }
        return this;
    }
}
