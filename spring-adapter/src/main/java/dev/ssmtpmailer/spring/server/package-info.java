/**
 * The inbound SMTP server as a Spring bean: {@link dev.ssmtpmailer.spring.server.SsmtpMailerServerAutoConfiguration}
 * and its {@link dev.ssmtpmailer.spring.server.RelayServerLifecycle}.
 */
package dev.ssmtpmailer.spring.server;
