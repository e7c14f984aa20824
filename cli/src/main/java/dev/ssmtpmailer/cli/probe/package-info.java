/**
 * The upstream check behind {@code ssmtp-mailer test}. Start here: {@link dev.ssmtpmailer.cli.probe.UpstreamProbe}.
 *
 * <p>It walks one account through the steps a delivery takes, on its own short SMTP session, and stops at the
 * first that fails: resolve the server's name, connect and read the greeting, TLS (STARTTLS or implicit; the
 * certificate and host name verified as the relay verifies them, with the account's {@code ca_file} and the
 * {@code ssl_dir} certificates), then AUTH. No mail is sent. The relay's own client hides these steps inside
 * Jakarta Mail; a probe needs to see each one (protocol, cipher, certificate subject and expiry), hence this
 * small hand-written session.
 */
package dev.ssmtpmailer.cli.probe;
