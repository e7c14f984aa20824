/**
 * Micrometer meters of the relay: {@link dev.ssmtpmailer.spring.metrics.RelayMetrics} lists them.
 */
package dev.ssmtpmailer.spring.metrics;
