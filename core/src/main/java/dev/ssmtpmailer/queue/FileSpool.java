package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.message.RawMessage;
import dev.ssmtpmailer.delivery.Attempt;
import dev.ssmtpmailer.delivery.DeliveryPipeline;
import dev.ssmtpmailer.delivery.RateLimitWait;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.policy.OutboundRoute;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool on the local file system: see {@link Spool} for what it does and {@link SpoolFiles} for the layout.
 *
 * <p>In memory it keeps the queued entries (the state files are the truth; the map mirrors them) and a
 * schedule of due times. Each message has a lock: one attempt, retry or purge at a time.
 */
final class FileSpool implements Spool {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final String PURGED = "purged by operator";

    private final SpoolFiles files;
    private final FileLock dirLock;
    private volatile RelayConfig config;
    private final DeliveryPipeline pipeline;
    private final InstantSource clock;
    private final DoubleSupplier jitter;
    private final Duration rateLimitRecheck;
    private final Duration controlPoll;
    private final int threads;

    private final Map<QueueId, QueueEntry> entries = new ConcurrentHashMap<>();
    private final Map<QueueId, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Where each queued message's data starts in its file (behind the envelope it was accepted with). */
    private final Map<QueueId, Long> offsets = new ConcurrentHashMap<>();
    /** Due times; may hold stale items (a message rescheduled or gone), which are skipped when taken. */
    private final PriorityQueue<Due> schedule = new PriorityQueue<>();
    private ExecutorService workers;
    private Thread dispatcher;
    private volatile boolean closed;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private final AtomicLong bounced = new AtomicLong();
    private final AtomicLong deadCount = new AtomicLong();

    private record Due(Instant at, QueueId id) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : id.value().compareTo(o.id.value());
        }
    }

    /** The recipients of one message that go in one SMTP transaction. */
    private record Group(String account, boolean forwarded, EmailAddress mailFrom) {
    }

    private FileSpool(Spool.Builder b, SpoolFiles files, FileLock dirLock) {
        this.files = files;
        this.dirLock = dirLock;
        this.config = b.config;
        this.pipeline = b.pipeline;
        this.clock = b.clock;
        this.jitter = b.jitter;
        this.rateLimitRecheck = b.rateLimitRecheck;
        this.controlPoll = b.controlPoll;
        this.threads = b.threads >= 0 ? b.threads : Math.max(1, b.config.global().maxConnections());
    }

    static FileSpool open(Spool.Builder b) {
        Path dir = b.directory != null ? b.directory : b.config.global().spoolDir();
        SpoolFiles files = SpoolFiles.create(dir);
        FileLock lock = files.tryLock().orElseThrow(() -> new SpoolException(files.root,
                "the spool is owned by another running process, or by another Spool of this one (spool.lock is held)", null));
        FileSpool spool = new FileSpool(b, files, lock);
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            SpoolFiles.release(lock);
            throw e instanceof SpoolException se ? se : new SpoolException(files.root, "recovery failed: " + e, e);
        }
        spool.start();
        return spool;
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Brings the directory to a consistent state after any crash: unacknowledged files are removed, interrupted
     * moves finished, damaged entries moved to dead/ with a reason, every queued message scheduled.
     */
    private void recover() throws IOException {
        int leftovers = 0;
        for (Path p : files.files(files.incoming, "")) {
            Files.deleteIfExists(p);
            leftovers++;
        }
        for (Path p : files.files(files.queue, SpoolFiles.TMP)) {
            // an interrupted state update: the previous state file is still in place and valid
            Files.deleteIfExists(p);
            leftovers++;
        }
        files.upgradeLegacy(files.queue);
        files.upgradeLegacy(files.dead);
        int corrupt = 0;
        for (Path msgFile : files.files(files.queue, SpoolFiles.MSG)) {
            QueueId id = SpoolFiles.idOf(msgFile, SpoolFiles.MSG);
            QueueEntry e;
            long offset;
            try {
                offset = EntryFormat.readHeader(msgFile).offset();
                e = files.readEntry(files.queue, id);
            } catch (IOException | IllegalArgumentException ex) {
                files.moveCorruptToDead(id, "unreadable envelope: " + ex.getMessage());
                log.warn("spool entry {} is damaged and was moved to {}: {}", id, files.dead, ex.getMessage());
                corrupt++;
                continue;
            }
            long dataSize = Files.size(msgFile) - offset;
            if (dataSize != e.size()) {
                files.moveCorruptToDead(id, "the message has " + dataSize + " bytes, the envelope says " + e.size());
                log.warn("spool entry {} has message data of the wrong size; moved to {}", id, files.dead);
                corrupt++;
                continue;
            }
            if (e.dead()) {
                files.moveToDead(e);
                continue;
            }
            entries.put(id, e);
            offsets.put(id, offset);
            if (e.pending().isEmpty()) {
                finish(e);
            } else {
                schedule(id, e.nextAttempt());
            }
        }
        for (Path envFile : files.files(files.queue, SpoolFiles.ENV)) {
            QueueId id = SpoolFiles.idOf(envFile, SpoolFiles.ENV);
            if (Files.exists(files.msg(files.queue, id))) {
                continue;
            }
            if (Files.exists(files.msg(files.dead, id))) {
                // a move to dead/ was interrupted between its two renames
                SpoolFiles.move(envFile, files.env(files.dead, id));
                SpoolFiles.fsyncDir(files.dead);
            } else {
                // the removal of a delivered message was interrupted: its message file goes first
                Files.deleteIfExists(envFile);
                leftovers++;
            }
        }
        SpoolFiles.fsyncDir(files.queue);
        if (leftovers > 0 || corrupt > 0 || !entries.isEmpty()) {
            log.debug("spool {} recovered: {} queued, {} unacknowledged leftovers removed, {} damaged moved to dead/",
                    files.root, entries.size(), leftovers, corrupt);
        }
    }

    private void start() {
        if (threads == 0) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ssmtp-mailer-spool-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        workers = pool;
        dispatcher = new Thread(this::dispatchLoop, "ssmtp-mailer-spool-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    // ---------------------------------------------------------------- accepting

    @Override
    public QueueId accept(EmailAddress sender, List<InboundDecision> recipients, InputStream data) throws IOException {
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(data, "data");
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one accepted recipient");
        }
        List<QueueRecipient> list = new ArrayList<>(recipients.size());
        for (InboundDecision d : recipients) {
            if (!d.accepted()) {
                throw new IllegalArgumentException("recipient " + d.recipient() + " was refused (" + d.rule() + ")");
            }
            if (d.submission().isPresent()) {
                OutboundRoute r = d.submission().get();
                list.add(new QueueRecipient(d.recipient(), d.deliverTo().orElseThrow(), r.account().displayName(), false,
                        r.envelopeSender(), RecipientState.PENDING, 0, ""));
            } else {
                list.add(new QueueRecipient(d.recipient(), d.deliverTo().orElseThrow(), d.account().orElseThrow().displayName(),
                        true, null, RecipientState.PENDING, 0, ""));
            }
        }
        if (closed) {
            throw new IOException("the spool is closed");
        }
        return store(sender, list, true, data::transferTo);
    }

    @Override
    public QueueId submit(OutboundRoute route, List<EmailAddress> recipients, MessageBody body) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(body, "body");
        if (closed) {
            throw new IllegalStateException("the spool is closed");
        }
        List<QueueRecipient> list = new Envelope(route.envelopeSender(), recipients).recipients().stream()
                .map(r -> new QueueRecipient(r, r, route.account().displayName(), false, route.envelopeSender(),
                        RecipientState.PENDING, 0, ""))
                .toList();
        try {
            return store(route.originalSender(), list, false, body::writeTo);
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot store the message: " + e, e);
        }
    }

    @FunctionalInterface
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * The durable accept: the envelope, then the data, into one file in incoming/ (the envelope's size field is
     * filled in after the data, it has a fixed width); one fsync; a rename into queue/ (the commit); an fsync of
     * queue/ that concurrent accepts share. Only then is the id returned.
     */
    private QueueId store(EmailAddress sender, List<QueueRecipient> recipients, boolean rewriteFrom, Content content)
            throws IOException {
        QueueId id = newId();
        Path tmp = files.msg(files.incoming, id);
        Path msg = files.msg(files.queue, id);
        List<Path> written = new ArrayList<>(2);
        try {
            Instant now = clock.instant();
            QueueEntry entry = new QueueEntry(id, now, sender, 0, now, rewriteFrom, recipients, null);
            byte[] header = EntryFormat.encodeHeader(entry);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                written.add(tmp);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
                out.write(header);
                content.writeTo(out);
                out.flush();
                entry = new QueueEntry(id, now, sender, ch.size() - header.length, now, rewriteFrom, recipients, null);
                byte[] sized = EntryFormat.encodeHeader(entry);
                if (sized.length != header.length) {
                    throw new IOException("message too large for the spool: " + entry.size() + " bytes");
                }
                ch.position(0);
                SpoolFiles.writeFully(ch, sized);
                ch.force(true);
            }
            SpoolFiles.move(tmp, msg);
            written.add(msg);
            files.sync(files.queue);
            entries.put(id, entry);
            offsets.put(id, (long) header.length);
            accepted.incrementAndGet();
            log.debug("spooled {} from <{}> for {} recipient(s), {} bytes", id, sender == null ? "" : sender,
                    recipients.size(), entry.size());
            schedule(id, entry.nextAttempt());
            return id;
        } catch (IOException | RuntimeException e) {
            // not acknowledged: take back every file this call wrote, so that the client's retry is no duplicate
            for (int i = written.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(written.get(i));
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private QueueId newId() {
        // time first, so that ids sort roughly by arrival; 8 random base-36 characters keep them unique
        StringBuilder b = new StringBuilder(Long.toString(clock.millis(), 36).toUpperCase(Locale.ROOT)).append('-');
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) {
            b.append(Character.toUpperCase(Character.forDigit(r.nextInt(36), 36)));
        }
        return new QueueId(b.toString());
    }

    // ---------------------------------------------------------------- scheduling

    private void schedule(QueueId id, Instant at) {
        synchronized (schedule) {
            schedule.add(new Due(at, id));
            schedule.notifyAll();
        }
    }

    private List<QueueId> takeDue(Instant now) {
        List<QueueId> due = new ArrayList<>();
        synchronized (schedule) {
            while (!schedule.isEmpty() && !schedule.peek().at().isAfter(now)) {
                QueueId id = schedule.poll().id();
                if (!due.contains(id)) {
                    due.add(id);
                }
            }
        }
        return due;
    }

    private void dispatchLoop() {
        Instant lastPoll = Instant.MIN;
        while (!closed) {
            try {
                Instant now = clock.instant();
                if (lastPoll == Instant.MIN || !now.isBefore(lastPoll.plus(controlPoll))) {
                    applyRequests();
                    lastPoll = now;
                }
                for (QueueId id : takeDue(now)) {
                    workers.execute(() -> runAttempt(id));
                }
                synchronized (schedule) {
                    long waitMs = controlPoll.toMillis();
                    if (!schedule.isEmpty()) {
                        waitMs = Math.min(waitMs, Duration.between(clock.instant(), schedule.peek().at()).toMillis());
                    }
                    if (waitMs > 0 && !closed) {
                        schedule.wait(waitMs);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("spool dispatcher: {}", e.toString(), e);
            }
        }
    }

    private void runAttempt(QueueId id) {
        if (closed) {
            return; // stays on disk, scheduled again by the next open
        }
        try {
            attempt(id);
        } catch (RuntimeException e) {
            log.warn("delivery attempt of {} failed unexpectedly; retrying later: {}", id, e.toString(), e);
            schedule(id, clock.instant().plus(config.global().retryMinBackoff()));
        }
    }

    @Override
    public int runDue() {
        if (closed) {
            throw new IllegalStateException("the spool is closed");
        }
        applyRequests();
        int n = 0;
        for (QueueId id : takeDue(clock.instant())) {
            if (attempt(id)) {
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- delivering

    private ReentrantLock lockOf(QueueId id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    /** @return whether the message was attempted (false: gone, not due, or in flight elsewhere) */
    private boolean attempt(QueueId id) {
        ReentrantLock lock = lockOf(id);
        if (!lock.tryLock()) {
            return false; // in flight on another thread, which reschedules it
        }
        try {
            QueueEntry e = entries.get(id);
            if (e == null) {
                return false;
            }
            Instant now = clock.instant();
            if (e.nextAttempt().isAfter(now)) {
                schedule(id, e.nextAttempt());
                return false;
            }
            deliver(e, now);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(QueueEntry e, Instant now) {
        RelayConfig cfg = config;
        GlobalSettings g = cfg.global();
        List<QueueRecipient> rcpts = new ArrayList<>(e.recipients());
        Map<Group, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < rcpts.size(); i++) {
            QueueRecipient r = rcpts.get(i);
            if (r.state() == RecipientState.PENDING) {
                groups.computeIfAbsent(new Group(r.account().toLowerCase(Locale.ROOT), r.forwarded(), r.mailFrom()),
                        k -> new ArrayList<>()).add(i);
            }
        }
        boolean rateLimited = false;
        List<Integer> deferredNow = new ArrayList<>();
        List<QueueRecipient> failedNow = new ArrayList<>();
        Map<String, String> remoteMta = new HashMap<>();
        int left = groups.size();
        for (Map.Entry<Group, List<Integer>> ge : groups.entrySet()) {
            left--;
            Group group = ge.getKey();
            List<Integer> idx = ge.getValue();
            Optional<DomainConfig> account = pipeline.account(AccountId.of(rcpts.get(idx.get(0)).account()));
            if (account.isEmpty()) {
                String why = "account " + rcpts.get(idx.get(0)).account() + " is not in the configuration";
                log.warn("spooled message {}: {}; it stays queued until the account returns or the message expires", e.id(), why);
                for (int i : idx) {
                    rcpts.set(i, rcpts.get(i).attempted(RecipientState.PENDING, "local: " + why));
                    deferredNow.add(i);
                }
                continue;
            }
            DomainConfig acc = account.get();
            EmailAddress mailFrom = group.forwarded() ? accountAddress(acc, e.sender()) : group.mailFrom();
            List<EmailAddress> to = idx.stream().map(i -> rcpts.get(i).deliverTo()).toList();
            Envelope envelope = new Envelope(mailFrom, to);
            Attempt attempt = pipeline.attempt(acc, envelope, body(e, group, acc, envelope), RateLimitWait.NONE);
            if (!(attempt instanceof Attempt.Sent sent)) {
                log.debug("spooled message {}: account {} is at its rate limit; waiting in the spool", e.id(), group.account());
                rateLimited = true;
                continue;
            }
            remoteMta.put(group.account(), acc.smtpServer());
            for (int i : idx) {
                QueueRecipient r = rcpts.get(i);
                RecipientResult res = sent.result(r.deliverTo());
                String reply = reply(res);
                switch (res.status()) {
                    case DELIVERED -> {
                        rcpts.set(i, r.attempted(RecipientState.DELIVERED, reply));
                        delivered.incrementAndGet();
                    }
                    case TEMPORARY_FAILURE -> {
                        rcpts.set(i, r.attempted(RecipientState.PENDING, reply));
                        deferredNow.add(i);
                    }
                    case PERMANENT_FAILURE -> {
                        QueueRecipient failed = r.attempted(RecipientState.FAILED, reply);
                        rcpts.set(i, failed);
                        failedNow.add(failed);
                    }
                }
            }
            log.debug("spooled message {} via {}: {}", e.id(), group.account(), sent.results().stream()
                    .map(r -> r.recipient() + "=" + r.status()).toList());
            if (left > 0) {
                // a later group may take long or the process may die: what was delivered must not be sent again
                persist(e.withRecipients(rcpts, e.nextAttempt()));
            }
        }

        Instant deadline = e.created().plus(g.maxQueueLifetime());
        if (!deferredNow.isEmpty() && !now.isBefore(deadline)) {
            for (int i : deferredNow) {
                QueueRecipient r = rcpts.get(i);
                QueueRecipient failed = r.with(RecipientState.FAILED, "gave up after " + g.maxQueueLifetime()
                        + " in the queue; last reply: " + r.lastReply());
                rcpts.set(i, failed);
                failedNow.add(failed);
            }
            deferredNow.clear();
        }
        deferred.addAndGet(deferredNow.size());
        if (!failedNow.isEmpty()) {
            bounce(e, failedNow, cfg, remoteMta, now);
        }

        QueueEntry updated = e.withRecipients(rcpts, e.nextAttempt());
        if (updated.pending().isEmpty()) {
            finish(updated);
            return;
        }
        Instant next;
        if (rateLimited && deferredNow.isEmpty()) {
            next = now.plus(rateLimitRecheck);
        } else {
            // a failing upstream gets its backoff even when another account's group was only rate-limited
            int failures = updated.pending().stream().mapToInt(QueueRecipient::attempts).max().orElse(1);
            Duration delay = new Backoff(g.retryMinBackoff(), g.retryMaxBackoff()).delay(failures, jitter.getAsDouble());
            next = now.plus(delay);
            if (next.isAfter(deadline)) {
                next = deadline; // one last attempt at the end of the lifetime
            }
        }
        updated = updated.withNextAttempt(next);
        persist(updated);
        if (!deferredNow.isEmpty()) {
            log.debug("spooled message {}: {} recipient(s) deferred, next attempt {}", e.id(), deferredNow.size(), next);
        }
        schedule(e.id(), next);
    }

    private MessageBody body(QueueEntry e, Group group, DomainConfig acc, Envelope envelope) {
        RawMessage raw = RawMessage.of(envelope, files.msg(files.queue, e.id()), offsetOf(e.id()));
        if (group.forwarded()) {
            return acc.forwardFromRewrite() ? raw.bodyWithFrom(envelope.sender(), true) : raw.body();
        }
        EmailAddress mailFrom = group.mailFrom();
        boolean rewrite = e.rewriteFrom() && mailFrom != null && !mailFrom.equals(e.sender());
        return rewrite ? raw.bodyWithFrom(mailFrom, false) : raw.body();
    }

    private long offsetOf(QueueId id) {
        Long offset = offsets.get(id);
        if (offset != null) {
            return offset;
        }
        try {
            long read = EntryFormat.readHeader(files.msg(files.queue, id)).offset();
            offsets.put(id, read);
            return read;
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot read the message file of " + id + ": " + e, e);
        }
    }

    /** Writes the state; on failure the message stays scheduled from memory, and a crash may resend (logged). */
    private void persist(QueueEntry updated) {
        entries.put(updated.id(), updated);
        try {
            files.writeEnv(files.queue, updated);
        } catch (IOException ex) {
            log.warn("cannot write the state of spooled message {} ({}); after a crash its delivered recipients may get it again",
                    updated.id(), ex.toString());
        }
    }

    /** Ends a message with no pending recipient: deleted when all were delivered, else moved to dead/. */
    private void finish(QueueEntry e) {
        List<QueueRecipient> failed = e.recipients().stream().filter(r -> r.state() == RecipientState.FAILED).toList();
        try {
            if (failed.isEmpty()) {
                files.remove(e.id()); // no fsync: a crash just now may send it once more (at-least-once)
                log.debug("spooled message {} delivered to all {} recipient(s)", e.id(), e.recipients().size());
            } else {
                String reason = failed.size() + " of " + e.recipients().size() + " recipient(s) failed; first: <"
                        + failed.get(0).original() + ">: " + failed.get(0).lastReply();
                files.moveToDead(e.dead(reason));
                deadCount.incrementAndGet();
                log.warn("spooled message {} moved to dead letters: {}", e.id(), reason);
            }
        } catch (IOException ex) {
            log.warn("cannot remove finished spool message {} ({}); it will be finished on the next open", e.id(), ex.toString());
        }
        entries.remove(e.id());
        offsets.remove(e.id());
        locks.remove(e.id());
    }

    private void bounce(QueueEntry e, List<QueueRecipient> failed, RelayConfig cfg, Map<String, String> remoteMta, Instant now) {
        List<QueueRecipient> forwarded = failed.stream().filter(QueueRecipient::forwarded).toList();
        if (forwarded.isEmpty()) {
            return;
        }
        if (e.sender() == null) {
            log.debug("no bounce for {}: null sender", e.id());
            return;
        }
        try {
            byte[] headers = Bounces.headers(files.msg(files.queue, e.id()), offsetOf(e.id()));
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
                EmailAddress from = acc.map(d -> accountAddress(d, null)).orElse(null);
                if (from == null) {
                    log.warn("no bounce for {}: account {} has no address to send it from", e.id(), a.getKey());
                    continue;
                }
                byte[] report = Bounces.build(cfg.global().defaultHostname(), from, e.sender(), e, a.getValue(),
                        remoteMta.getOrDefault(a.getKey().toLowerCase(Locale.ROOT), acc.get().smtpServer()), headers, now);
                QueueRecipient to = new QueueRecipient(e.sender(), e.sender(), a.getKey(), false, null,
                        RecipientState.PENDING, 0, "");
                QueueId id = store(null, List.of(to), false, out -> out.write(report));
                bounced.incrementAndGet();
                log.debug("bounce {} queued to <{}> for {} failed recipient(s) of {}", id, e.sender(), a.getValue().size(), e.id());
            }
        } catch (IOException ex) {
            log.warn("cannot queue the bounce for {} to <{}>: {}", e.id(), e.sender(), ex.toString());
        }
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
        StringBuilder b = new StringBuilder();
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

    // ---------------------------------------------------------------- control

    /** Applies the requests other processes left in control/ (see {@link QueueControl}). */
    private void applyRequests() {
        List<Path> requests;
        try {
            requests = files.files(files.control, "");
        } catch (SpoolException e) {
            log.warn("cannot read spool requests: {}", e.getMessage());
            return;
        }
        for (Path p : requests) {
            String name = p.getFileName().toString();
            try {
                if (name.equals("retry.ALL")) {
                    retryAll();
                } else if (name.startsWith("retry.")) {
                    retryNow(new QueueId(name.substring("retry.".length())));
                } else if (name.startsWith("purge.")) {
                    purge(new QueueId(name.substring("purge.".length())));
                } else {
                    log.warn("ignoring unknown spool request {}", p);
                }
            } catch (IllegalArgumentException e) {
                log.warn("ignoring malformed spool request {}: {}", p, e.getMessage());
            }
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.warn("cannot remove spool request {}: {}", p, e.toString());
            }
        }
    }

    @Override
    public List<QueueEntry> list() {
        List<QueueEntry> out = new ArrayList<>(entries.values());
        out.sort(Comparator.comparing(QueueEntry::created).thenComparing(e -> e.id().value()));
        out.addAll(files.entries(files.dead));
        return out;
    }

    @Override
    public Optional<QueueEntry> show(QueueId id) {
        QueueEntry e = entries.get(id);
        if (e != null) {
            return Optional.of(e);
        }
        return SpoolAdmin.read(files, files.dead, id);
    }

    @Override
    public boolean retryNow(QueueId id) {
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            QueueEntry e = entries.get(id);
            if (e == null) {
                locks.remove(id);
                return false;
            }
            Instant now = clock.instant();
            persist(e.withNextAttempt(now));
            schedule(id, now);
            log.debug("spooled message {} made due now", id);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int retryAll() {
        int n = 0;
        for (QueueId id : List.copyOf(entries.keySet())) {
            if (retryNow(id)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean purge(QueueId id) {
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            QueueEntry e = entries.get(id);
            if (e != null) {
                files.moveToDead(e.dead(PURGED));
                entries.remove(id);
                offsets.remove(id);
                deadCount.incrementAndGet();
                log.warn("spooled message {} purged by operator (kept in {})", id, files.dead);
                return true;
            }
            if (Files.exists(files.msg(files.dead, id)) || Files.exists(files.env(files.dead, id))) {
                files.delete(files.dead, id);
                log.debug("dead letter {} deleted", id);
                return true;
            }
            return false;
        } catch (IOException ex) {
            throw new SpoolException(files.root, "cannot purge " + id + ": " + ex, ex);
        } finally {
            lock.unlock();
            locks.remove(id);
        }
    }

    @Override
    public QueueStats stats() {
        Instant now = clock.instant();
        Duration oldest = entries.values().stream().map(QueueEntry::created).min(Comparator.naturalOrder())
                .map(c -> Duration.between(c, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        return new QueueStats(accepted.get(), delivered.get(), deferred.get(), bounced.get(), deadCount.get(),
                entries.size(), oldest);
    }

    @Override
    public void reconfigure(RelayConfig newConfig) {
        this.config = Objects.requireNonNull(newConfig, "config");
    }

    @Override
    public Path directory() {
        return files.root;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (schedule) {
            schedule.notifyAll();
        }
        try {
            if (dispatcher != null) {
                dispatcher.join();
            }
            if (workers != null) {
                workers.shutdown();
                // attempts in flight finish and write their state; queued ones see "closed" and return at once
                while (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                    log.debug("waiting for spool deliveries in flight");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            SpoolFiles.release(dirLock);
        }
    }

    @Override
    public String toString() {
        return "Spool[" + files.root + ", " + entries.size() + " queued]";
    }
}
