package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.delivery.DeliveryPipeline;
import dev.ssmtpmailer.message.AccountId;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues the RFC 3464 bounces ({@link Bounces}) of forwarded recipients that were given up: one per account,
 * to the original sender, through that account, with the null sender. None for a message with the null sender,
 * none for a message that is itself automatic, none for outbound mail (the application owns it).
 */
final class BounceSender {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final QueueStore store;
    private final DeliveryPipeline pipeline;
    private final SpoolCounters counters;

    BounceSender(QueueStore store, DeliveryPipeline pipeline, SpoolCounters counters) {
        this.store = store;
        this.pipeline = pipeline;
        this.counters = counters;
    }

    /**
     * @param e the message, still queued
     * @param failed its recipients given up in this attempt
     * @param hostname the reporting MTA ({@code default_hostname})
     * @param remoteMta the upstream server of each account that was tried, by lower-case account name
     * @param now the time of the report
     */
    void bounce(QueueEntry e, List<QueueRecipient> failed, String hostname, Map<String, String> remoteMta, Instant now) {
        List<QueueRecipient> forwarded = failed.stream().filter(QueueRecipient::forwarded).toList();
        if (forwarded.isEmpty()) {
            return;
        }
        if (e.sender() == null) {
            log.debug("no bounce for {}: null sender", e.id());
            return;
        }
        try {
            byte[] headers = Bounces.headers(store.openMessage(e.id()));
            if (Bounces.isAutomatic(headers)) {
                log.debug("no bounce for {}: the message is itself automatic", e.id());
                return;
            }
            Map<String, List<QueueRecipient>> byAccount = new LinkedHashMap<>();
            for (QueueRecipient r : forwarded) {
                byAccount.computeIfAbsent(r.account(), k -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<String, List<QueueRecipient>> a : byAccount.entrySet()) {
                Optional<DomainConfig> acc = pipeline.account(AccountId.of(a.getKey()));
                EmailAddress from = acc.map(d -> DeliveryAttempt.accountAddress(d, null)).orElse(null);
                if (from == null) {
                    log.warn("no bounce for {}: account {} has no address to send it from", e.id(), a.getKey());
                    continue;
                }
                byte[] report = Bounces.build(hostname, from, e.sender(), e, a.getValue(),
                        remoteMta.getOrDefault(a.getKey().toLowerCase(Locale.ROOT), acc.get().smtpServer()), headers, now);
                QueueRecipient to = new QueueRecipient(e.sender(), e.sender(), a.getKey(), false, null,
                        RecipientState.PENDING, 0, "");
                QueueEntry bounce = store.accept(new NewMessage(null, List.of(to), false, now), MessageContent.of(report));
                counters.bounced.incrementAndGet();
                log.debug("bounce {} queued to <{}> for {} failed recipient(s) of {}", bounce.id(), e.sender(),
                        a.getValue().size(), e.id());
            }
        } catch (IOException | RuntimeException ex) {
            log.warn("cannot queue the bounce for {} to <{}>: {}", e.id(), e.sender(), ex.toString());
        }
    }
}
