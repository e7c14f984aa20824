/**
 * The opt-in {@code JavaMailSender} bridge: {@link dev.ssmtpmailer.spring.mail.RelayJavaMailSender} sends
 * Spring mail messages through the relay, so an application keeps its mail code and gains mappings, policy,
 * rate limits and pooled connections.
 */
package dev.ssmtpmailer.spring.mail;
