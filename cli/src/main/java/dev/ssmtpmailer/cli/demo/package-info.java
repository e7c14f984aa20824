/**
 * {@code ssmtp-mailer demo}: the whole relay on one machine, no setup. Start here:
 * {@link dev.ssmtpmailer.cli.demo.Demo}.
 *
 * <p>It copies the guide's example tree (bundled in the jar at build time from
 * {@code examples/config/etc/ssmtp-mailer}) into a temporary directory and loads it with the INI loader, starts
 * an in-process upstream that behaves like Gmail's submission port where it matters (STARTTLS required before
 * anything else, then AUTH LOGIN, with a throwaway self-signed certificate that the demo's {@code domain1.com}
 * account trusts through {@code ca_file}), points {@code domain1.com} at it, starts the relay's inbound server
 * and delivery workers ({@code MailerService}, spool in the demo's directory) on a free port, and then relays:
 * one message from an outside sender to each {@code contact-*@mailer.domain1.com} alias, sent over SMTP to that
 * server as any MTA on the Internet would, delivered by the workers; then the guide's {@code send} example.
 * Every step is real: TLS handshake, certificate and host-name checks, AUTH, the mapping and policy decisions.
 */
package dev.ssmtpmailer.cli.demo;
