/**
 * The one way a message leaves: {@link dev.ssmtpmailer.delivery.DeliveryPipeline}, which {@code Relay.send}
 * and the spool's workers share. Start there.
 *
 * <pre>{@code
 * OutboundRoute route = pipeline.route(sender, recipients);             // policy + mapping, or PolicyException
 * Attempt attempt = pipeline.attempt(route.account(), envelope, body,   // limit, send, classify, report
 *         RateLimitWait.NONE);                                           // spool: never wait for a token
 * if (attempt instanceof Attempt.Sent sent) { sent.result(recipient).status(); ... }
 * }</pre>
 *
 * <p>The pipeline never retries: {@code Relay.send} hands the outcome to the application, the spool schedules
 * the next attempt. Every attempt and every rate-limit refusal is told to the
 * {@link dev.ssmtpmailer.delivery.RelayListener}s (metrics, health). The pipeline is built once, by
 * {@code dev.ssmtpmailer.RelayAssembly}.
 */
package dev.ssmtpmailer.delivery;
