package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.delivery.DeliveryPipeline;
import dev.ssmtpmailer.message.AccountId;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues the RFC 3464 bounces ({@link Bounces}) of forwarded recipients that were given up: one per account,
 * to the original sender, through that account, with the null sender. None for a message with the null sender,
 * none for a message that is itself automatic, none for outbound mail (the application owns it), none at all with
 * {@code send_bounces = false}, and at most {@code bounce_rate_limit_per_hour} per account in any hour (against
 * backscatter to forged senders). The bounce quotes only the headers that identify the message
 * ({@link Bounces#quoted}).
 */
final class BounceSender {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final QueueStore store;
    private final DeliveryPipeline pipeline;
    private final SpoolCounters counters;
    /** The times of the bounces sent in the last hour, by lower-case account name. */
    private final Map<AccountId, Deque<Instant>> recent = new HashMap<>();

    BounceSender(QueueStore store, DeliveryPipeline pipeline, SpoolCounters counters) {
        this.store = store;
        this.pipeline = pipeline;
        this.counters = counters;
    }

    /**
     * @param e the message, still queued
     * @param failed its recipients given up in this attempt
     * @param g the settings of this attempt: {@code default_hostname} (the reporting MTA), {@code send_bounces},
     *        {@code bounce_rate_limit_per_hour}
     * @param remoteMta the upstream server of each account that was tried
     * @param now the time of the report
     */
    void bounce(QueueEntry e, List<QueueRecipient> failed, GlobalSettings g, Map<AccountId, String> remoteMta,
                Instant now) {
        List<QueueRecipient> forwarded = failed.stream().filter(QueueRecipient::forwarded).toList();
        if (forwarded.isEmpty()) {
            return;
        }
        if (!g.sendBounces()) {
            log.debug("no bounce for {}: send_bounces = false", e.id());
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
            Map<AccountId, List<QueueRecipient>> byAccount = new LinkedHashMap<>();
            for (QueueRecipient r : forwarded) {
                byAccount.computeIfAbsent(AccountId.of(r.account()), k -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<AccountId, List<QueueRecipient>> a : byAccount.entrySet()) {
                Optional<DomainConfig> acc = pipeline.account(a.getKey());
                EmailAddress from = acc.map(d -> DeliveryAttempt.accountAddress(d, null)).orElse(null);
                if (from == null) {
                    log.warn("no bounce for {}: account {} has no address to send it from", e.id(), a.getKey());
                    continue;
                }
                if (!allowed(a.getKey(), g.bounceRateLimitPerHour(), now)) {
                    log.info("no bounce for {} to <{}>: account {} sent bounce_rate_limit_per_hour = {} in the last hour",
                            e.id(), e.sender(), a.getKey(), g.bounceRateLimitPerHour());
                    continue;
                }
                byte[] report = Bounces.build(g.defaultHostname(), from, e.sender(), e, a.getValue(),
                        remoteMta.getOrDefault(a.getKey(), acc.get().smtpServer()), Bounces.quoted(headers), now);
                QueueRecipient to = new QueueRecipient(e.sender(), e.sender(), a.getKey().name(), false, null,
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

    /** @return whether one more bounce of {@code account} fits in the hour before {@code now}; if so it is counted */
    private synchronized boolean allowed(AccountId account, int perHour, Instant now) {
        Deque<Instant> times = recent.computeIfAbsent(account, k -> new ArrayDeque<>());
        Instant hourAgo = now.minus(Duration.ofHours(1));
        while (!times.isEmpty() && !times.peekFirst().isAfter(hourAgo)) {
            times.removeFirst();
        }
        if (times.size() >= perHour) {
            return false;
        }
        times.addLast(now);
        return true;
    }
}
