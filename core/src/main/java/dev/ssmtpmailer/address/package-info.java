/**
 * Start here for addresses: {@link dev.ssmtpmailer.address.EmailAddress} (a validated mailbox, safe to put in
 * an SMTP envelope) and {@link dev.ssmtpmailer.address.AddressPattern} (an exact address or {@code *@host}, the
 * form of a mapping's {@code from_pattern} and {@code to_pattern}).
 *
 * <p>Parsing is strict on purpose: CR, LF and other control characters, quoted local parts, IP literals and
 * source routes are refused with an {@link dev.ssmtpmailer.address.InvalidAddressException}, so that no
 * address can smuggle SMTP commands or headers, or open the relay.
 */
package dev.ssmtpmailer.address;
