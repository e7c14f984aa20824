/**
 * Mapping: local aliases to canonical addresses and the upstream account that carries them. Start here with
 * {@link dev.ssmtpmailer.mapping.MappingResolver#create(dev.ssmtpmailer.config.RelayConfig)} and
 * {@link dev.ssmtpmailer.mapping.MappingResolver#resolve(dev.ssmtpmailer.address.EmailAddress)}, which
 * returns a {@link dev.ssmtpmailer.mapping.Route}.
 *
 * <pre>{@code
 * MappingResolver mappings = MappingResolver.create(config);
 * mappings.resolve(EmailAddress.parse("Contact-Sales@mailer.domain1.com"))
 *         .map(Route::canonical);                           // contact-sales@domain1.com
 * mappings.resolve(EmailAddress.parse("Jane.Doe@mailer.domain1.com"))   // with *@mailer.domain1.com -> *@domain1.com
 *         .map(Route::canonical);                           // Jane.Doe@domain1.com
 * }</pre>
 *
 * <p>One resolver serves both directions of the relay: the sender of outbound mail and the recipient of
 * inbound mail are resolved the same way. Whether an address may be used at all is the
 * {@link dev.ssmtpmailer.policy} package's decision, not this one's. Which mapping matched is logged at DEBUG
 * on the logger {@code dev.ssmtpmailer.mapping.MappingResolver}.
 */
package dev.ssmtpmailer.mapping;
