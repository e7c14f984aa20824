/**
 * The load generator behind {@code ssmtp-mailer bench}, in the spirit of Postfix's {@code smtp-source}. Start
 * here: {@link dev.ssmtpmailer.cli.bench.SmtpBench}.
 *
 * <p>C connections each send their share of N messages of a given size over one reused session (MAIL, RCPT,
 * DATA per message, no AUTH), optionally after STARTTLS. The result counts accepted and refused messages and
 * the elapsed time; throughput is accepted messages per second.
 */
package dev.ssmtpmailer.cli.bench;
