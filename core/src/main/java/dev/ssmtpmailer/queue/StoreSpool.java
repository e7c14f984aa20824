package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.internal.CloseState;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.policy.OutboundRoute;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Spool}: a {@link QueueStore} (the file store unless the builder names another), a {@link Dispatcher}
 * whose workers run {@link DeliveryAttempt}s, {@link BounceSender} and the counters. This class only wires them and
 * turns the public calls into store calls; the queue control calls are those of {@link StoreControl}.
 */
final class StoreSpool extends StoreControl implements Spool {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final boolean ownsStore;
    private final Dispatcher dispatcher;
    private volatile RelayConfig config;
    private final CloseState closeState = new CloseState("the spool is closed");

    private StoreSpool(Spool.Builder b, QueueStore store, boolean ownsStore) {
        super(store, b.clock, new SpoolCounters());
        this.ownsStore = ownsStore;
        this.config = b.config;
        SpoolContext ctx = new SpoolContext(store, clock, b.pipeline, new BounceSender(store, b.pipeline, counters),
                counters, () -> config, b.jitter);
        this.dispatcher = new Dispatcher(ctx, b);
        store.onWakeUp(dispatcher::wakeUp);
    }

    static Spool open(Spool.Builder b) {
        boolean own = b.store == null;
        QueueStore store = own ? FileQueueStore.open(b.config.global().spoolDir()) : b.store;
        StoreSpool spool = new StoreSpool(b, store, own);
        spool.dispatcher.start();
        return spool;
    }

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
            Optional<OutboundRoute> submission = d.submission();
            list.add(submission.isPresent()
                    ? new QueueRecipient(d.recipient(), d.deliverTo().orElseThrow(), submission.get().account().displayName(),
                            false, submission.get().envelopeSender(), RecipientState.PENDING, 0, "")
                    : new QueueRecipient(d.recipient(), d.deliverTo().orElseThrow(), d.account().orElseThrow().displayName(),
                            true, null, RecipientState.PENDING, 0, ""));
        }
        if (closeState.isClosed()) {
            throw new IOException("the spool is closed");
        }
        return store(new NewMessage(sender, list, true, clock.instant()), MessageContent.of(data));
    }

    @Override
    public QueueId submit(OutboundRoute route, List<EmailAddress> recipients, MessageBody body) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(body, "body");
        closeState.requireOpen();
        List<QueueRecipient> list = new Envelope(route.envelopeSender(), recipients).recipients().stream()
                .map(r -> new QueueRecipient(r, r, route.account().displayName(), false, route.envelopeSender(),
                        RecipientState.PENDING, 0, ""))
                .toList();
        try {
            return store(new NewMessage(route.originalSender(), list, false, clock.instant()), body::writeTo);
        } catch (IOException e) {
            throw failure("cannot store the message: " + e, e);
        }
    }

    private QueueId store(NewMessage message, MessageContent content) throws IOException {
        QueueEntry e = store.accept(message, content);
        counters.accepted.incrementAndGet();
        if (log.isDebugEnabled()) { // per message: no argument array or boxing unless it is logged
            log.debug("spooled {} from <{}> for {} recipient(s), {} bytes", e.id(), e.sender() == null ? "" : e.sender(),
                    e.recipients().size(), e.size());
        }
        return e.id();
    }

    private SpoolException failure(String message, Throwable cause) {
        return store instanceof FileQueueStore f ? new SpoolException(f.directory(), message, cause)
                : new SpoolException(store.toString(), message, cause);
    }

    @Override
    public int runDue() {
        closeState.requireOpen();
        return dispatcher.runDue();
    }

    @Override
    public void reconfigure(RelayConfig newConfig) {
        this.config = Objects.requireNonNull(newConfig, "config");
    }

    @Override
    public Optional<Path> directory() {
        return store instanceof FileQueueStore f ? Optional.of(f.directory()) : Optional.empty();
    }

    @Override
    public boolean purge(QueueId id) {
        boolean found = super.purge(id);
        if (found && store.show(id).map(QueueEntry::dead).orElse(false)) {
            counters.dead.incrementAndGet();
        }
        return found;
    }

    @Override
    public void close() {
        if (!closeState.markClosed()) {
            return; // closed already, or closing on another thread
        }
        try {
            dispatcher.close();
        } finally {
            if (ownsStore) {
                store.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Spool[" + store + "]";
    }
}
