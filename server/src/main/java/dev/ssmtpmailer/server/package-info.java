/**
 * The inbound SMTP server: start here with {@link dev.ssmtpmailer.server.MailerService} (spool, delivery workers
 * and listener in one object) or, with a queue of your own, {@link dev.ssmtpmailer.server.RelayServer}.
 *
 * <p>It is the guide's "local mailer server": clients (other mail servers, applications in
 * {@code trusted_networks}, or applications that log in with {@code AUTH} after {@code STARTTLS} as a
 * {@code [user:...]} with a {@code password_hash}, see {@link dev.ssmtpmailer.server.Passwords}) deliver mail for the aliases of the local domain; each {@code RCPT TO} is decided
 * by {@link dev.ssmtpmailer.policy.RelayPolicy} while the client waits, so the relay is never open; the
 * message is streamed with one added {@code Received:} header into a {@link dev.ssmtpmailer.queue.InboundQueue}
 * (the durable spool), and only then is the client told {@code 250}. Delivery upstream is the spool's job.
 * What happens to each client (sessions, queued messages, refusals by reason) is told to the
 * {@link dev.ssmtpmailer.inbound.InboundListener}s given to {@code RelayServer.Builder.listener}.
 *
 * <p>Built on SubEthaSMTP (one thread per connection). Its types stay inside this package.
 */
package dev.ssmtpmailer.server;
