package dev.ssmtpmailer.policy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.mapping.MappingResolver;
import java.net.InetAddress;
import java.util.List;

/**
 * Decides who may send and receive through the relay, so that it is never an open relay (docs/relaying-rules.md).
 * Each operation has a low-level form that returns a decision and a wrapper that throws {@link PolicyException}.
 *
 * <h2>Outbound: an application (or a trusted client) sends</h2>
 * <ol>
 *   <li>A sender matching a mapping's {@code from_pattern} is allowed ({@link PolicyRule#SENDER_MAPPING}): it
 *       leaves as the mapping's canonical address through the mapping's {@code smtp_account}.</li>
 *   <li>Else the most specific enabled {@code [user:...]} matching the sender decides (an exact user beats a
 *       {@code template_address} pattern such as {@code *@mailer.domain1.com}; disabled users are ignored). It
 *       must have {@code can_send_from = true}, else {@link PolicyRule#SENDER_NOT_ALLOWED}. If it has
 *       {@code allowed_domains}, every recipient's domain must be one of them, compared case-insensitively and
 *       exactly (no subdomains), else {@link PolicyRule#RECIPIENT_DOMAIN_NOT_ALLOWED}.</li>
 *   <li>Such a sender keeps its address, and the account is chosen deterministically: the enabled upstream
 *       domain whose account ({@code relay_account} or {@code username}) equals the sender; else the one whose
 *       section name equals the sender's domain; else the only enabled upstream account if there is exactly
 *       one; else {@link PolicyRule#NO_ACCOUNT}.</li>
 * </ol>
 *
 * <h2>Inbound: one {@code RCPT TO} at the inbound server</h2>
 * <ol>
 *   <li>A recipient matching a mapping is accepted ({@link PolicyRule#RECIPIENT_MAPPING}), delivered to the
 *       canonical address through the mapping's account.</li>
 *   <li>Else one matching the most specific enabled user with {@code can_send_to = true} is accepted
 *       ({@link PolicyRule#RECIPIENT_USER}), delivered to itself through the account chosen as above.</li>
 *   <li>Either way, a recipient accepted only through a {@code *@host} pattern must not carry {@code %} or
 *       {@code !} in its local part ({@link PolicyRule#ROUTING_CHARACTERS}).</li>
 *   <li>Any other recipient on a local domain (a {@code from_pattern} domain or an enabled local
 *       {@code [domain:...]}) gets {@code 550 5.1.1} ({@link PolicyRule#UNKNOWN_LOCAL_RECIPIENT}).</li>
 *   <li>Any other domain is outbound submission for a client that logged in with {@code AUTH} as a user (see
 *       below), from any address ({@link PolicyRule#AUTHENTICATED_SUBMISSION} when allowed).</li>
 *   <li>Else it gets {@code 554 5.7.1} ({@link PolicyRule#RELAY_DENIED}) unless the client is in the global
 *       {@code trusted_networks}: then it is outbound submission, and the outbound rules above decide
 *       ({@link PolicyRule#TRUSTED_SUBMISSION} when allowed).</li>
 * </ol>
 *
 * <h2>Submission with AUTH</h2>
 * <p>An enabled {@code [user:ADDRESS]} with a {@code password_hash} may log in ({@link #logins()}). The logged-in
 * client sends as that address only: another sender, or the null sender, is refused
 * ({@link PolicyRule#SENDER_LOGIN_MISMATCH}, {@code 550 5.7.1}) at {@code MAIL FROM}
 * ({@link #checkSubmissionSender}) and at every {@code RCPT TO} to a foreign domain. Its address must still be
 * allowed by the outbound rules (a mapping, else the user itself with {@code can_send_from = true}), and the
 * user's {@code allowed_domains} restrict the recipients even when a mapping allows the address. Whether the
 * client is in {@code trusted_networks} no longer matters once it logged in.
 *
 * <p>Quoted local parts, source routes and IP-literal domains never reach the policy: {@link EmailAddress}
 * refuses them when parsing. Decisions are logged at DEBUG on {@code dev.ssmtpmailer.policy.RelayPolicy}.
 * Instances are immutable and thread-safe.
 */
public interface RelayPolicy {

    /**
     * Decides whether an outbound message may be sent, and how.
     *
     * @param sender the sender the application gave
     * @param recipients every envelope recipient
     * @return the decision: a route, or the rule and address that refused
     * @throws NullPointerException if an argument or a recipient is {@code null}
     */
    OutboundDecision checkOutbound(EmailAddress sender, List<EmailAddress> recipients);

    /**
     * Like {@link #checkOutbound}, but throws on refusal.
     *
     * @param sender the sender the application gave
     * @param recipients every envelope recipient
     * @return how the message leaves
     * @throws PolicyException naming the rule and the address refused
     * @throws NullPointerException if an argument or a recipient is {@code null}
     */
    default OutboundRoute authorizeOutbound(EmailAddress sender, List<EmailAddress> recipients) {
        return checkOutbound(sender, recipients).orElseThrow();
    }

    /**
     * Decides one {@code RCPT TO} of the inbound server.
     *
     * @param recipient the recipient
     * @param client the address of the connected SMTP client
     * @param sender the {@code MAIL FROM} of the transaction, or {@code null} for the null sender {@code <>}
     * @return the decision with its SMTP reply
     * @throws NullPointerException if {@code recipient} or {@code client} is {@code null}
     */
    default InboundDecision checkRecipient(EmailAddress recipient, InetAddress client, EmailAddress sender) {
        return checkRecipient(recipient, InboundClient.anonymous(client), sender);
    }

    /**
     * Decides one {@code RCPT TO} of the inbound server for a client that may have logged in.
     *
     * @param recipient the recipient
     * @param client the connected SMTP client: its address and the user it logged in as, if it did
     * @param sender the {@code MAIL FROM} of the transaction, or {@code null} for the null sender {@code <>}
     * @return the decision with its SMTP reply
     * @throws NullPointerException if {@code recipient} or {@code client} is {@code null}
     */
    InboundDecision checkRecipient(EmailAddress recipient, InboundClient client, EmailAddress sender);

    /**
     * Decides the {@code MAIL FROM} of a client logged in as {@code user}, before any recipient: it must be the
     * user's own address, allowed by the outbound rules.
     *
     * @param user the address of the user the client logged in as
     * @param sender the {@code MAIL FROM}, or {@code null} for the null sender {@code <>}
     * @return allowed with the route the message would take, or refused with
     *     {@link PolicyRule#SENDER_LOGIN_MISMATCH} (another address), {@link PolicyRule#SENDER_NOT_ALLOWED} (the
     *     null sender, or a user that may no longer log in or send) or {@link PolicyRule#NO_ACCOUNT}
     * @throws NullPointerException if {@code user} is {@code null}
     */
    OutboundDecision checkSubmissionSender(EmailAddress user, EmailAddress sender);

    /**
     * @return the users that may log in with {@code AUTH}; empty when no enabled user has a {@code password_hash}
     */
    SubmissionLogins logins();

    /**
     * Like {@link #checkRecipient}, but throws on refusal.
     *
     * @param recipient the recipient
     * @param client the address of the connected SMTP client
     * @param sender the {@code MAIL FROM}, or {@code null} for the null sender {@code <>}
     * @return the accepted decision
     * @throws PolicyException naming the rule and the recipient refused
     * @throws NullPointerException if {@code recipient} or {@code client} is {@code null}
     */
    default InboundDecision acceptRecipient(EmailAddress recipient, InetAddress client, EmailAddress sender) {
        return checkRecipient(recipient, client, sender).orElseThrow();
    }

    /**
     * @param config a validated configuration
     * @param mappings the resolver over the same configuration's mappings
     * @return the policy
     * @throws ConfigException if a user or mapping pattern of a configuration not built by
     *     {@link RelayConfig#builder()} does not parse
     */
    static RelayPolicy create(RelayConfig config, MappingResolver mappings) {
        return DefaultRelayPolicy.of(config, mappings);
    }

    /**
     * @param config a validated configuration
     * @return the policy, with a {@link MappingResolver} of its own
     * @throws ConfigException as {@link #create(RelayConfig, MappingResolver)} and {@link MappingResolver#create}
     */
    static RelayPolicy create(RelayConfig config) {
        return create(config, MappingResolver.create(config));
    }
}
