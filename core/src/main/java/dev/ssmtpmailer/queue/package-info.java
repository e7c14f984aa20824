/**
 * The durable spool: messages accepted by the inbound server ({@link dev.ssmtpmailer.queue.InboundQueue}) or
 * submitted with {@code Relay.submit}, stored with fsync before they are acknowledged, then delivered by
 * workers with per-recipient state, retries with backoff, a dead-letter area and bounces. Start here:
 *
 * <ul>
 *   <li>{@link dev.ssmtpmailer.queue.Spool} – open one ({@code Spool.open(config, pipeline)}; usually {@code RelayAssembly} does), hand
 *       it messages ({@code accept}, {@code submit}); its workers deliver them.</li>
 *   <li>{@link dev.ssmtpmailer.queue.QueueControl} – list, show, retry and purge; also from another process
 *       ({@code QueueControl.open(spoolDir)}, the CLI's {@code queue} command) while the owner runs.</li>
 *   <li>{@link dev.ssmtpmailer.queue.QueueEntry}, {@link dev.ssmtpmailer.queue.QueueRecipient},
 *       {@link dev.ssmtpmailer.queue.QueueStats} – what they show.</li>
 * </ul>
 *
 * <p>Inside: {@code SpoolFiles} owns the directory layout and the fsync/rename steps, {@code EntryFormat} the
 * text format of the envelopes and state files, {@code FileSpool} the schedule and the delivery attempts (each through {@code delivery.DeliveryPipeline}),
 * {@code Backoff} the retry schedule, {@code Bounces} the RFC 3464 reports, {@code SpoolAdmin} the control of another
 * process. The layout, the guarantees and the cross-process protocol are described in {@code docs/queue.md}.
 */
package dev.ssmtpmailer.queue;
