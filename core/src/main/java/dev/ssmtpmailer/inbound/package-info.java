/**
 * What the inbound SMTP server reports about its clients: {@link dev.ssmtpmailer.inbound.InboundListener}
 * (sessions opened and closed, messages accepted, refusals) and the closed list of refusal reasons,
 * {@link dev.ssmtpmailer.inbound.InboundRefusal}. The server module calls the listeners; the metrics module
 * turns them into the {@code ssmtp_mailer_inbound_*} meters. Start at {@code InboundListener}.
 */
package dev.ssmtpmailer.inbound;
