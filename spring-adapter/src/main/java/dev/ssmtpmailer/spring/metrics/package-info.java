/**
 * The relay's Micrometer meters in a Spring application: {@link dev.ssmtpmailer.spring.metrics.SsmtpMailerMetricsAutoConfiguration}
 * registers {@link dev.ssmtpmailer.metrics.RelayMetrics} (module {@code ssmtp-mailer-metrics}), which lists them.
 */
package dev.ssmtpmailer.spring.metrics;
