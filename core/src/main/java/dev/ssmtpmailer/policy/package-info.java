/**
 * Relay policy: who may send and who may receive, so that the relay is never an open relay. Start with
 * {@link dev.ssmtpmailer.policy.RelayPolicy}, whose javadoc lists every rule in the order applied; each rule
 * has a name in {@link dev.ssmtpmailer.policy.PolicyRule}.
 *
 * <pre>{@code
 * RelayPolicy policy = RelayPolicy.create(config, MappingResolver.create(config));
 *
 * // an application sends: allowed senders get a route (canonical sender, upstream account)
 * OutboundRoute route = policy.authorizeOutbound(sender, recipients);     // or PolicyException(rule)
 *
 * // the inbound server, per RCPT TO: a decision carrying the SMTP reply
 * InboundDecision d = policy.checkRecipient(rcpt, clientAddress, mailFrom);
 * reply(d.reply());                                                       // "250 2.1.5 ..." / "550 5.1.1 ..." / "554 5.7.1 ..."
 * }</pre>
 *
 * <p>The low-level forms ({@code checkOutbound}, {@code checkRecipient}) never throw for a refusal; the
 * wrappers ({@code authorizeOutbound}, {@code acceptRecipient}) throw a
 * {@link dev.ssmtpmailer.policy.PolicyException} that names the rule and the address. Reply texts sent to SMTP
 * clients never reveal configuration; the full reason is in the decision, the exception and the DEBUG log.
 */
package dev.ssmtpmailer.policy;
