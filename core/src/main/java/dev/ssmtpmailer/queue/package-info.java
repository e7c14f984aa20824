/**
 * The durable spool: messages accepted by the inbound server ({@link dev.ssmtpmailer.queue.InboundQueue}) or
 * submitted with {@code Relay.submit}, stored with fsync before they are acknowledged, then delivered by
 * workers with per-recipient state, retries with backoff, a dead-letter area and bounces.
 */
package dev.ssmtpmailer.queue;
