package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.delivery.Attempt;
import dev.ssmtpmailer.delivery.RateLimitWait;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.message.RawMessage;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery attempt of one claimed message, start to end of its lease. The pending recipients are grouped by
 * account and envelope sender; each group is one SMTP transaction, one
 * {@link dev.ssmtpmailer.delivery.DeliveryPipeline#attempt} that takes the account's rate-limit token without
 * waiting, sends, classifies and tells the listeners; while groups remain, the outcomes so far are recorded durably, so that a recipient that has the message never gets it again.
 * Then recipients past {@code max_queue_lifetime} are given up, bounces are queued, and the lease ends: the message
 * is removed (all delivered), dead-lettered (none pending, one failed) or released to its next attempt (the backoff,
 * or the rate-limit recheck when only the rate limit held it back).
 */
final class DeliveryAttempt {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    /** How long a message refused by its account's rate limit waits before it is tried again (not an attempt). */
    private static final Duration RATE_LIMIT_RECHECK = Duration.ofSeconds(1);

    /** The recipients of one message that go in one SMTP transaction. */
    private record Group(AccountId account, boolean forwarded, EmailAddress mailFrom) {
    }

    private final SpoolContext ctx;
    private final QueueEntry entry;
    private final Lease lease;
    private final Instant now;
    private final List<QueueRecipient> rcpts;
    /** Recipients changed since the last write to the store. */
    private final TreeSet<Integer> changed = new TreeSet<>();
    private final List<Integer> deferredNow = new ArrayList<>();
    private final List<QueueRecipient> failedNow = new ArrayList<>();
    private final Map<AccountId, String> remoteMta = new HashMap<>();
    private boolean rateLimited;

    private DeliveryAttempt(SpoolContext ctx, ClaimedMessage claimed, Instant now) {
        this.ctx = ctx;
        this.entry = claimed.entry();
        this.lease = claimed.lease();
        this.now = now;
        this.rcpts = new ArrayList<>(entry.recipients());
    }

    /**
     * Attempts a claimed message and ends its lease.
     *
     * @throws LeaseLostException if another owner took the message over meanwhile (it attempts it)
     * @throws SpoolException if the store cannot record the outcome (the lease expires; the message is tried again)
     */
    static void run(SpoolContext ctx, ClaimedMessage claimed, Instant now) {
        new DeliveryAttempt(ctx, claimed, now).run();
    }

    private void run() {
        GlobalSettings g = ctx.config().global();
        Map<Group, List<Integer>> groups = groups();
        int left = groups.size();
        for (Map.Entry<Group, List<Integer>> ge : groups.entrySet()) {
            left--;
            send(ge.getKey(), ge.getValue());
            if (left > 0 && !changed.isEmpty()) {
                // a later group may take long or the process may die: what was delivered must not be sent again
                ctx.store().record(lease, outcomes());
            }
        }
        Instant deadline = entry.created().plus(g.maxQueueLifetime());
        if (!deferredNow.isEmpty() && !now.isBefore(deadline)) {
            for (int i : deferredNow) {
                QueueRecipient r = rcpts.get(i);
                set(i, r.with(RecipientState.FAILED, "gave up after " + g.maxQueueLifetime() + " in the queue; last reply: "
                        + r.lastReply()));
                failedNow.add(rcpts.get(i));
            }
            deferredNow.clear();
        }
        ctx.counters().deferred.addAndGet(deferredNow.size());
        if (!failedNow.isEmpty()) {
            ctx.bounces().bounce(entry, failedNow, g, remoteMta, now);
        }
        end(g, deadline);
    }

    private Map<Group, List<Integer>> groups() {
        Map<Group, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < rcpts.size(); i++) {
            QueueRecipient r = rcpts.get(i);
            if (r.state() == RecipientState.PENDING) {
                groups.computeIfAbsent(new Group(AccountId.of(r.account()), r.forwarded(), r.mailFrom()),
                        k -> new ArrayList<>()).add(i);
            }
        }
        return groups;
    }

    private void send(Group group, List<Integer> idx) {
        Optional<DomainConfig> account = ctx.pipeline().account(group.account());
        if (account.isEmpty()) {
            String why = "account " + group.account() + " is not in the configuration";
            log.warn("spooled message {}: {}; it stays queued until the account returns or the message expires", entry.id(), why);
            for (int i : idx) {
                set(i, rcpts.get(i).attempted(RecipientState.PENDING, "local: " + why));
                deferredNow.add(i);
            }
            return;
        }
        DomainConfig acc = account.get();
        EmailAddress mailFrom = group.forwarded() ? accountAddress(acc, entry.sender()) : group.mailFrom();
        List<EmailAddress> to = new ArrayList<>(idx.size());
        for (int i : idx) {
            to.add(rcpts.get(i).deliverTo());
        }
        Envelope envelope = new Envelope(mailFrom, to);
        Attempt attempt = ctx.pipeline().attempt(acc, envelope, body(group, acc, envelope), RateLimitWait.NONE);
        if (!(attempt instanceof Attempt.Sent sent)) {
            log.debug("spooled message {}: account {} is at its rate limit; waiting in the spool", entry.id(), group.account());
            rateLimited = true;
            return;
        }
        remoteMta.put(group.account(), acc.smtpServer());
        for (int i : idx) {
            RecipientResult res = sent.result(rcpts.get(i).deliverTo()); // one per address: the envelope has no duplicates
            String reply = reply(res);
            QueueRecipient attempted = rcpts.get(i).attempted(switch (res.status()) {
                case DELIVERED -> RecipientState.DELIVERED;
                case TEMPORARY_FAILURE -> RecipientState.PENDING;
                case PERMANENT_FAILURE -> RecipientState.FAILED;
            }, reply);
            // the log line reads the addresses, account and attempts, not the state: one recipient made, not two
            DeliveryLog.attempt(entry, attempted, acc.smtpServer(), res.status(), reply, now);
            set(i, attempted);
            switch (res.status()) {
                case DELIVERED -> ctx.counters().delivered.incrementAndGet();
                case TEMPORARY_FAILURE -> deferredNow.add(i);
                case PERMANENT_FAILURE -> failedNow.add(attempted);
            }
        }
        if (log.isDebugEnabled()) {
            log.debug("spooled message {} via {}: {}", entry.id(), group.account(),
                    sent.results().stream().map(r -> r.recipient() + "=" + r.status()).toList());
        }
    }

    /** Ends the lease: removed, dead-lettered, or released to the next attempt. */
    private void end(GlobalSettings g, Instant deadline) {
        QueueEntry updated = entry.withRecipients(rcpts, entry.nextAttempt());
        QueueStore store = ctx.store();
        if (updated.pending().isEmpty()) {
            if (updated.delivered()) { // updated holds rcpts as they are now
                store.complete(lease, outcomes());
                log.debug("spooled message {} delivered to all {} recipient(s)", entry.id(), rcpts.size());
            } else {
                QueueEntry dead = store.deadLetter(lease, outcomes(), updated.failureReason());
                ctx.counters().dead.incrementAndGet();
                log.warn("spooled message {} moved to dead letters: {}", entry.id(), dead.deadReason());
            }
            return;
        }
        Instant next;
        if (rateLimited && deferredNow.isEmpty()) {
            next = now.plus(RATE_LIMIT_RECHECK);
        } else {
            // a failing upstream gets its backoff even when another account's group was only rate-limited
            int failures = updated.pending().stream().mapToInt(QueueRecipient::attempts).max().orElse(1);
            Duration delay = new Backoff(g.retryMinBackoff(), g.retryMaxBackoff()).delay(failures, ctx.jitter().getAsDouble());
            next = now.plus(delay);
            if (next.isAfter(deadline)) {
                next = deadline; // one last attempt at the end of the lifetime
            }
        }
        QueueEntry released = store.release(lease, outcomes(), next);
        if (released.dead()) {
            ctx.counters().dead.incrementAndGet();
            log.warn("spooled message {} purged by operator during its attempt (kept in the dead letters)", entry.id());
        } else if (!deferredNow.isEmpty()) {
            log.debug("spooled message {}: {} recipient(s) deferred, next attempt {}", entry.id(), deferredNow.size(),
                    released.nextAttempt());
        }
    }

    private void set(int i, QueueRecipient r) {
        rcpts.set(i, r);
        changed.add(i);
    }

    /** @return the outcomes not yet written, and forgets them */
    private List<RecipientOutcome> outcomes() {
        List<RecipientOutcome> out = new ArrayList<>(changed.size());
        for (int i : changed) {
            out.add(RecipientOutcome.of(i, rcpts.get(i)));
        }
        changed.clear();
        return out;
    }

    private MessageBody body(Group group, DomainConfig acc, Envelope envelope) {
        QueueStore store = ctx.store();
        RawMessage raw = RawMessage.of(envelope, entry.size(), () -> store.openMessage(entry.id()));
        if (group.forwarded()) {
            return acc.forwardFromRewrite() ? raw.bodyWithFrom(envelope.sender(), true) : raw.body();
        }
        EmailAddress mailFrom = group.mailFrom();
        boolean rewrite = entry.rewriteFrom() && mailFrom != null && !mailFrom.equals(entry.sender());
        // the envelope as submitted: a From naming its sender (the alias) keeps its display name
        return rewrite ? raw.withEnvelope(new Envelope(entry.sender(), envelope.recipients())).bodyWithFrom(mailFrom, false)
                : raw.body();
    }

    /** The account's own address (forwarded mail's envelope sender): {@code relay_account}, else the login. */
    static EmailAddress accountAddress(DomainConfig account, EmailAddress fallback) {
        for (String candidate : new String[] {account.accountName(), account.login()}) {
            if (candidate != null && candidate.indexOf('@') > 0) {
                try {
                    return EmailAddress.parse(candidate);
                } catch (RuntimeException ignored) {
                    // try the next one
                }
            }
        }
        return fallback;
    }

    /** The reply as one line {@code code enhanced-status text}, each part once, whether or not the text repeats them. */
    static String reply(RecipientResult r) {
        String text = r.reply() == null ? "" : r.reply().strip();
        if (r.replyCode() > 0) {
            text = dropPrefix(text, Integer.toString(r.replyCode()));
        }
        if (r.enhancedStatus() != null) {
            text = dropPrefix(text, r.enhancedStatus());
        }
        StringBuilder b = new StringBuilder(text.length() + 32); // code, status and phase: not grown on the way
        if (r.replyCode() > 0) {
            b.append(r.replyCode()).append(' ');
        }
        if (r.enhancedStatus() != null) {
            b.append(r.enhancedStatus()).append(' ');
        }
        b.append(text);
        if (r.status() != DeliveryStatus.DELIVERED) {
            b.append(" (").append(r.phase()).append(')');
        }
        return QueueRecipient.oneLine(b.toString());
    }

    /** {@code text} without a leading {@code prefix} followed by a space or a hyphen (a multiline reply's mark). */
    private static String dropPrefix(String text, String prefix) {
        if (text.length() > prefix.length() && text.startsWith(prefix)
                && (text.charAt(prefix.length()) == ' ' || text.charAt(prefix.length()) == '-')) {
            return text.substring(prefix.length() + 1).stripLeading();
        }
        return text.equals(prefix) ? "" : text;
    }
}
