/**
 * The parts of {@code ssmtp-mailer sendmail}, the {@code /usr/sbin/sendmail} interface: reading the message
 * from standard input ({@link dev.ssmtpmailer.cli.sendmail.MessageInput}), its header fields
 * ({@link dev.ssmtpmailer.cli.sendmail.MailHeaders}, {@link dev.ssmtpmailer.cli.sendmail.AddressList}), the
 * hand-over to a running {@code serve} ({@link dev.ssmtpmailer.cli.sendmail.LocalSubmission}) and
 * {@code ~/dead.letter} ({@link dev.ssmtpmailer.cli.sendmail.DeadLetter}). The command itself is
 * {@code dev.ssmtpmailer.cli.SendmailCommand}.
 */
package dev.ssmtpmailer.cli.sendmail;
