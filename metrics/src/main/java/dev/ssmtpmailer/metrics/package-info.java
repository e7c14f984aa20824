/**
 * The relay's meters and health, without Spring: start here with {@link dev.ssmtpmailer.metrics.RelayMetrics}
 * (every delivery and queue meter, defined once for {@code serve} and the Spring starter),
 * {@link dev.ssmtpmailer.metrics.InboundMetrics} (the inbound server's sessions, messages and refusals),
 * {@link dev.ssmtpmailer.metrics.RelayHealth}
 * and {@link dev.ssmtpmailer.metrics.MetricsEndpoint} ({@code metrics_listen}: {@code /metrics} and {@code /health}).
 */
package dev.ssmtpmailer.metrics;
