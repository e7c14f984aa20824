/**
 * Start here: the Spring Boot starter of ssmtp-mailer.
 *
 * <p>{@link dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration} turns {@code ssmtp-mailer.*} properties (or the
 * INI tree of {@code ssmtp-mailer.config-dir}) into a validated {@code RelayConfig} and a {@code Relay} with its
 * parts, every bean backing off to the application's own. {@link dev.ssmtpmailer.spring.SsmtpMailerProperties}
 * documents each property; {@link dev.ssmtpmailer.spring.RelayConfigCustomizer} changes the configuration before
 * it is validated; an invalid configuration stops startup with a report naming the property, or the file and
 * line, and the fix. Optional parts: {@code mail} (a {@code JavaMailSender} bridge), {@code health} (one
 * indicator per upstream account) and {@code metrics} (Micrometer).
 */
package dev.ssmtpmailer.spring;
