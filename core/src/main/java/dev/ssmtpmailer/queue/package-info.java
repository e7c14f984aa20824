/**
 * The durable spool: messages accepted by the inbound server ({@link dev.ssmtpmailer.queue.InboundQueue}) or
 * submitted with {@code Relay.submit}, stored durably before they are acknowledged, then delivered by workers
 * with per-recipient state, retries with backoff, a dead-letter area and bounces. Start here:
 *
 * <ul>
 *   <li>{@link dev.ssmtpmailer.queue.Spool} – open one ({@code Spool.open(config, pipeline)}; usually
 *       {@code RelayAssembly} does), hand it messages ({@code accept}, {@code submit}); its workers deliver them.</li>
 *   <li>{@link dev.ssmtpmailer.queue.QueueControl} – list, show, retry and purge; also from another process
 *       ({@code QueueControl.open(spoolDir)}, the CLI's {@code queue} command) while the owner runs.</li>
 *   <li>{@link dev.ssmtpmailer.queue.QueueEntry}, {@link dev.ssmtpmailer.queue.QueueRecipient},
 *       {@link dev.ssmtpmailer.queue.QueueStats} – what they show.</li>
 *   <li>{@link dev.ssmtpmailer.queue.QueueStore} – the storage SPI (leases, per-recipient outcomes,
 *       {@link dev.ssmtpmailer.queue.ControlRequest}s), for a store other than the default files; every store
 *       passes core's test-jar suite {@code QueueStoreContract}.</li>
 * </ul>
 *
 * <p>Inside, one class per part: {@code StoreSpool} wires them; {@code Dispatcher} claims due messages for the
 * workers; {@code DeliveryAttempt} runs one message's attempt, each SMTP transaction one
 * {@code delivery.DeliveryPipeline} attempt (rate limit, send, classify, listeners); {@code BounceSender} and
 * {@code Bounces} the RFC 3464 reports; {@code Backoff} the retry schedule; {@code StoreControl} and
 * {@code FileAdmin} the control. The file store: {@code FileQueueStore} (claims, leases, writes), {@code SpoolFiles}
 * (layout, fsync and rename steps), {@code EntryFormat} (the text of envelopes and state files),
 * {@code FileRecovery} (open after a crash; the states of deferred messages read in the background),
 * {@code FileIndex} (due times and leases in memory), {@code FileView} (reading for any process),
 * {@code ControlFiles} (requests left in {@code control/}). The layout, the guarantees and the cross-process
 * protocol are described in {@code docs/queue.md}.
 */
package dev.ssmtpmailer.queue;
