/**
 * Sending to upstream SMTP servers: start with {@link dev.ssmtpmailer.smtp.SmtpRelayClient#create(
 * dev.ssmtpmailer.config.GlobalSettings, dev.ssmtpmailer.auth.TokenProvider)} and
 * {@link dev.ssmtpmailer.smtp.SmtpRelayClient#send}, which returns one
 * {@link dev.ssmtpmailer.smtp.RecipientResult} per recipient and never throws for what a server or the network
 * did. Built on Jakarta Mail (Eclipse Angus); no Jakarta type appears in a public signature.
 *
 * <h2>Results</h2>
 * Accepted recipients are {@code DELIVERED} with the reply to the end of data. A recipient refused at RCPT
 * keeps its own reply; a failure at MAIL, DATA or end of data applies to every recipient not already refused.
 * 4xx, timeouts and I/O errors are {@code TEMPORARY_FAILURE}, 5xx {@code PERMANENT_FAILURE}. Failures before
 * MAIL FROM (connect, EHLO, TLS, AUTH, no free connection) are always {@code TEMPORARY_FAILURE}: they say
 * nothing about the message and are fixed by an operator (Postfix defers them too); the reply code
 * (e.g. 535) and enhanced status are still reported. An authentication failure reads
 * {@code authentication failed for account <account>: <server reply>}; secrets never appear.
 *
 * <h2>Pool</h2>
 * One pool per account (the {@link dev.ssmtpmailer.config.DomainConfig} value is the key), at most
 * {@code max_connections} (domain, else global) connections. A connection is connected and authenticated
 * once and reused; Angus resets a session after a failed transaction (RSET), and a connection that saw an
 * I/O error, a timeout, end of stream or a 421 is closed instead of reused. If a reused connection turns out
 * to be dead before any recipient was accepted, the message is retried once on a fresh connection (no
 * duplicate is possible). A connection is closed with QUIT after 100 transactions or when idle for more than
 * 60 s (checked when taken and by a background sweep every 15 s). A sender waits at most
 * {@code connection_timeout} for a free connection, then gets a temporary failure. {@code retainAccounts}
 * closes pools of removed accounts; {@code close()} QUITs idle connections and waits (at most the larger of
 * {@code read_timeout} and {@code connection_timeout}) for busy ones.
 *
 * <h2>TLS</h2>
 * {@code NONE}: plain text. {@code STARTTLS}: required; a server that does not offer STARTTLS is refused
 * after EHLO, before any AUTH (phase {@code TLS}), never downgraded. {@code IMPLICIT}: TLS from the first byte
 * ({@code smtps}). Certificates and host names are verified: trusted are the JDK default CAs, the account's
 * {@code ca_file} and, only when set, the {@code *.pem} files of the global {@code ca_dir} (never those of
 * {@code ssl_dir}, which holds the server's own files).
 * {@code verify_certificates = false} trusts any certificate and name, and logs a WARN once per account.
 * A refused certificate says why, after the JDK's reason: {@code (the server's certificate is not trusted: give
 * its CA as ca_file, or put it in a PEM file in ssl_dir)}, {@code (... has expired)}, or {@code (... is not
 * issued for HOST)}.
 * Every socket has {@code TCP_NODELAY}: without it the last segment of each message waits for the server's
 * delayed ACK (about 40 ms), which caps a reused connection at ~20 messages of 100 KB per second.
 *
 * <h2>Pipelining</h2>
 * When the server offers {@code PIPELINING} (RFC 2920; Postfix and Gmail do), MAIL FROM, every RCPT TO and
 * DATA go out as one group in one TCP segment, and the replies are read in order afterwards: two round trips
 * per message (the group, then the content) instead of four; for small messages, where the round trips are
 * most of the cost, that is the largest gain over lock-step Jakarta Mail. Every reply is still checked and recorded as in lock-step: a refused MAIL fails every
 * recipient with its reply, each RCPT reply belongs to its recipient, DATA refused because no recipient was
 * accepted means no content is sent. Without {@code PIPELINING} the client waits for each reply. With implicit
 * TLS the group is pipelined but not merged into one segment (Angus creates that plain socket itself).
 *
 * <h2>Probe</h2>
 * {@link dev.ssmtpmailer.smtp.SmtpRelayClient#probe} checks an account without sending mail, for health checks
 * and {@code ssmtp-mailer test}. An open pooled connection is proof enough; otherwise it opens an ordinary
 * connection of the pool (the same session properties, trust, timeouts and login code as a delivery) and
 * reports each step as a {@link dev.ssmtpmailer.smtp.ProbeStep}: resolve (the JDK resolver, whose answer the
 * connection then uses), connect, greeting, EHLO, STARTTLS, TLS (protocol, cipher, certificate subject and
 * expiry; verified or not), EHLO again, AUTH, each with its outcome, time on the client's clock and the
 * server's reply, up to the step that failed with the reason. With implicit TLS the handshake is timed with the
 * connect. A name that does not resolve reads {@code cannot resolve HOST (DNS lookup failed)}, here and in
 * delivery results (phase {@code CONNECT}, temporary), never as Angus's "Couldn't connect to host".
 *
 * <h2>Timeouts</h2>
 * Always finite: {@code connection_timeout} (TCP connect, and waiting for a pooled connection),
 * {@code read_timeout} (each reply), {@code write_timeout} (each socket write; enforced by one shared timer
 * thread with a 250 ms tick instead of a thread per connection).
 *
 * <h2>Protocol trace</h2>
 * Set the logger {@code dev.ssmtpmailer.smtp.trace} to TRACE (before the first message of an account) to log
 * every command and reply; the AUTH exchange is left out and message bodies are not traced.
 *
 * <h2>Properties</h2>
 * Built in one place ({@code MailProperties}); prefix {@code mail.smtp.}, or {@code mail.smtps.} for implicit TLS.
 * <table>
 * <caption>Angus properties set for an account</caption>
 * <tr><th>key</th><th>value</th><th>why</th></tr>
 * <tr><td>host, port</td><td>{@code smtp_server}, {@code smtp_port}</td><td></td></tr>
 * <tr><td>localhost</td><td>global {@code default_hostname}</td><td>the EHLO name</td></tr>
 * <tr><td>connectiontimeout, timeout, writetimeout</td><td>the global timeouts in ms</td><td>never infinite</td></tr>
 * <tr><td>executor.writetimeout</td><td>the client's shared timer</td><td>no thread per connection</td></tr>
 * <tr><td>socketFactory</td><td>plain sockets with TCP_NODELAY that can merge a pipelined group</td><td>see TLS, Pipelining</td></tr>
 * <tr><td>socketFactory.fallback</td><td>false</td><td>never silently use another factory</td></tr>
 * <tr><td>ssl.socketFactory</td><td>TLS with the account's trust, over a TCP_NODELAY socket</td><td>used for implicit TLS and STARTTLS;
 *     not set for {@code tls = none} (no trust store is loaded)</td></tr>
 * <tr><td>ssl.checkserveridentity</td><td>{@code verify_certificates}</td><td>host name check</td></tr>
 * <tr><td>starttls.enable, starttls.required</td><td>true, true for STARTTLS; enable = false for NONE</td><td>no downgrade</td></tr>
 * <tr><td>ssl.enable</td><td>true for IMPLICIT</td><td></td></tr>
 * <tr><td>auth</td><td>{@code auth_method != NONE}</td><td></td></tr>
 * <tr><td>auth.mechanisms</td><td>LOGIN, PLAIN or XOAUTH2</td><td>exactly the configured one</td></tr>
 * <tr><td>auth.xoauth2.disable</td><td>false for XOAUTH2</td><td>the token is the password; a refused token is
 *     invalidated at the {@link dev.ssmtpmailer.auth.TokenProvider} and the login retried once</td></tr>
 * <tr><td>sendpartial</td><td>true</td><td>deliver to the accepted recipients when some are refused; pipelining relies on it</td></tr>
 * <tr><td>quitwait</td><td>true</td><td>a polite QUIT when closing</td></tr>
 * <tr><td>{@code mail.debug.auth}</td><td>false</td><td>AUTH stays out of the trace</td></tr>
 * </table>
 *
 * <h2>Message content</h2>
 * Message bytes are written as given ({@link dev.ssmtpmailer.message.MessageBody}), with line ends turned into
 * CRLF and a leading dot doubled, exactly as Angus's own content stream does, but in one pass straight to the
 * session's socket: a 64 KiB buffer per connection, one socket write per 64 KiB on a plain connection (TLS
 * writes each 16 KiB record on its own; each write under
 * {@code write_timeout}; long unchanged runs of a large message are written from the caller's bytes without a
 * copy), and the end-of-data line in the same write as the last piece. While the protocol trace is on, the content goes
 * through Angus's stream instead. MAIL FROM is the envelope sender ({@code <>} for none), never taken from
 * headers.
 */
package dev.ssmtpmailer.smtp;
