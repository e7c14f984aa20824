package dev.ssmtpmailer;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.Attempt;
import dev.ssmtpmailer.delivery.DeliveryPipeline;
import dev.ssmtpmailer.delivery.RateLimitWait;
import dev.ssmtpmailer.internal.CloseState;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.mapping.Route;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.message.RawMessage;
import dev.ssmtpmailer.policy.OutboundRoute;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.queue.SpoolException;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay: send messages as local aliases through upstream accounts. Start here.
 *
 * <pre>{@code
 * try (Relay relay = Relay.create(config)) {
 *     DeliveryReport report = relay.send(RelayMessage.builder()
 *             .from("contact-general@mailer.domain1.com").to("test@example.com")
 *             .subject("Test Email").text("This is a test email from the relay system").build());
 * }
 * }</pre>
 *
 * <p>Each {@code send} goes through the {@link DeliveryPipeline}, the same one the spool's workers use: the
 * policy decides whether the sender may send and to whom, and picks the upstream account ({@link RelayPolicy});
 * the sender alias is rewritten to its canonical address in {@code MAIL FROM} and {@code From:}
 * ({@link MappingResolver}); the account's rate limit is taken ({@link RateLimiter}); the message goes out on a
 * pooled, authenticated connection ({@link SmtpRelayClient}); the outcome is classified and reported to the
 * listeners.
 *
 * <p>The parts come from a {@link RelayAssembly}: {@link #create(RelayConfig)} makes one of default parts that
 * the relay owns, {@link RelayAssembly.Builder#relay()} one of given parts that it owns, and
 * {@link #create(RelayAssembly)} shares one that its creator owns.
 *
 * <p>{@code submit} is the durable way: the policy is checked at once (a refused sender throws and nothing is
 * queued), then the message is written to the {@link Spool} with fsync and the call returns its
 * {@link QueueId}; the spool's workers deliver it with retries, and a message that cannot be delivered ends in
 * the spool's dead-letter area. The spool is the assembly's ({@link RelayAssembly#spool()}): one given to its
 * builder, else one it opens at the global {@code spool_dir} on the first {@code submit} (or {@link #spool()});
 * its workers deliver through the same pipeline, follow {@link #reconfigure}, and stop when the assembly closes
 * (attempts in flight finish and their state is written; queued messages stay on disk for the next start).
 *
 * <p>A {@code Relay} is thread-safe. Close it when done: a relay that owns its assembly closes it (its SMTP
 * connections, its async executor, its spool).
 */
public final class Relay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);
    /** The refusal of a use after close, by the relay, its assembly and its asynchronous sends alike. */
    static final String CLOSED = "relay is closed";

    private final RelayAssembly parts;
    private final boolean ownsParts;
    private final CloseState closeState = new CloseState(CLOSED);

    private Relay(RelayAssembly parts, boolean ownsParts) {
        this.parts = Objects.requireNonNull(parts, "parts");
        this.ownsParts = ownsParts;
    }

    /**
     * @param config a validated configuration
     * @return a relay on an assembly of default parts (SMTP client, rate limiter, token provider), which it owns
     */
    public static Relay create(RelayConfig config) {
        return owning(RelayAssembly.create(config));
    }

    /**
     * @param parts the assembly whose parts the relay uses; its creator closes it ({@link #close()} only stops
     *        this relay taking messages)
     * @return a relay on those parts
     */
    public static Relay create(RelayAssembly parts) {
        return new Relay(parts, false);
    }

    /** A relay that closes {@code parts} when it is closed. */
    static Relay owning(RelayAssembly parts) {
        return new Relay(parts, true);
    }

    /**
     * Sends a message and waits for the upstream server's answer.
     *
     * @param message the message; its sender must be allowed by a mapping or a user
     * @return the report, when every recipient was accepted
     * @throws dev.ssmtpmailer.policy.PolicyException if the sender or a recipient is not allowed (nothing was sent)
     * @throws dev.ssmtpmailer.ratelimit.RateLimitException if the account's rate limit is exhausted beyond the wait
     *         bound (nothing was sent; {@code retryAfter()} says when to try)
     * @throws DeliveryException if at least one recipient was not accepted; its report says which ones were
     * @throws IllegalStateException if the relay is closed
     */
    public DeliveryReport send(RelayMessage message) {
        Objects.requireNonNull(message, "message");
        ensureOpen();
        return deliver(message);
    }

    /**
     * Sends a message whose bytes are already complete (forwarding, or an application that builds its own
     * MIME). The bytes go out unchanged, except the {@code From:} header when the envelope sender is an alias
     * that a mapping rewrites.
     *
     * @param message the envelope and bytes
     * @return the report, when every recipient was accepted
     * @throws dev.ssmtpmailer.policy.PolicyException if the sender or a recipient is not allowed
     * @throws dev.ssmtpmailer.ratelimit.RateLimitException if the account's rate limit is exhausted beyond the wait bound
     * @throws DeliveryException if at least one recipient was not accepted
     * @throws IllegalStateException if the relay is closed
     */
    public DeliveryReport send(RawMessage message) {
        Objects.requireNonNull(message, "message");
        ensureOpen();
        return deliver(message);
    }

    /**
     * Sends on the assembly's executor ({@link RelayAssembly.Builder#async}). Every failure (policy, rate limit, delivery, a closed relay) completes the
     * future exceptionally with the same exception {@link #send(RelayMessage)} would throw; none is only logged.
     *
     * @param message the message
     * @return the report, or the failure
     */
    public CompletableFuture<DeliveryReport> sendAsync(RelayMessage message) {
        Objects.requireNonNull(message, "message");
        return async(() -> deliver(message));
    }

    /**
     * Like {@link #sendAsync(RelayMessage)} for a raw message.
     *
     * @param message the envelope and bytes
     * @return the report, or the failure
     */
    public CompletableFuture<DeliveryReport> sendAsync(RawMessage message) {
        Objects.requireNonNull(message, "message");
        if (message.envelope().sender() == null) {
            throw new IllegalArgumentException("a raw message sent through the relay needs an envelope sender");
        }
        return async(() -> deliver(message));
    }

    /**
     * Spools a message for durable delivery: when this returns, the message is on disk (fsynced) and the
     * spool's workers deliver it, retrying temporary failures until {@code max_queue_lifetime}.
     *
     * @param message the message; its sender must be allowed by a mapping or a user
     * @return the id of the spooled message ({@code ssmtp-mailer queue show ID})
     * @throws dev.ssmtpmailer.policy.PolicyException if the sender or a recipient is not allowed (nothing was queued)
     * @throws SpoolException if the spool cannot be opened or the message cannot be stored (nothing was queued)
     * @throws IllegalStateException if the relay is closed
     */
    public QueueId submit(RelayMessage message) {
        Objects.requireNonNull(message, "message");
        OutboundRoute route = authorize(message.from(), message.recipients());
        return spool().submit(route, message.recipients(),
                message.withFrom(route.envelopeSender()).toMessageBody(route.envelopeSender().domain()));
    }

    /**
     * Like {@link #submit(RelayMessage)} for a message whose bytes are complete; they are spooled unchanged,
     * except the {@code From:} header when the envelope sender is an alias that a mapping rewrites.
     *
     * @param message the envelope and bytes; it may be closed once this returns
     * @return the id of the spooled message
     * @throws dev.ssmtpmailer.policy.PolicyException if the sender or a recipient is not allowed (nothing was queued)
     * @throws SpoolException if the spool cannot be opened or the message cannot be stored (nothing was queued)
     * @throws IllegalArgumentException if the envelope has the null sender
     * @throws IllegalStateException if the relay is closed
     */
    public QueueId submit(RawMessage message) {
        Objects.requireNonNull(message, "message");
        Envelope envelope = message.envelope();
        if (envelope.sender() == null) {
            throw new IllegalArgumentException("a raw message sent through the relay needs an envelope sender");
        }
        OutboundRoute route = authorize(envelope.sender(), envelope.recipients());
        EmailAddress canonical = route.envelopeSender();
        return spool().submit(route, envelope.recipients(),
                canonical.equals(envelope.sender()) ? message.body() : message.bodyWithFrom(canonical, false));
    }

    /**
     * The spool behind {@link #submit}: the assembly's ({@link RelayAssembly#spool()}), opened (and recovered)
     * at the global {@code spool_dir} on first use unless one was given. The inbound server hands it its messages.
     *
     * @return the spool
     * @throws SpoolException if the spool cannot be opened (e.g. another process owns the directory)
     * @throws IllegalStateException if the relay is closed
     */
    public Spool spool() {
        ensureOpen();
        return parts.spool();
    }

    private OutboundRoute authorize(EmailAddress sender, List<EmailAddress> recipients) {
        ensureOpen();
        return parts.pipeline().route(sender, recipients);
    }

    /**
     * Applies a new configuration to the running relay (through its assembly): new mappings, users and accounts
     * take effect for the next message; connections of accounts that changed or disappeared are closed once
     * idle; rate-limit levels of remaining accounts are kept. Messages in flight finish with the configuration
     * they started with. What the parts were built with stays ({@code spool_dir}, the client's connection
     * settings: see {@link RelayAssembly#reconfigure}).
     *
     * @param config the new, validated configuration
     */
    public void reconfigure(RelayConfig config) {
        parts.reconfigure(config);
    }

    /** @return the configuration in force */
    public RelayConfig config() {
        return parts.config();
    }

    /** @return the mapping resolver of the configuration in force */
    public MappingResolver mappings() {
        return parts.mappings();
    }

    /** @return the rate limiter (for its trigger counts) */
    public RateLimiter rateLimiter() {
        return parts.rateLimiter();
    }

    /**
     * Stops taking new messages. A relay that owns its assembly then closes it: waits (up to the drain timeout,
     * default 60 s) for asynchronous sends already accepted, stops its spool (attempts in flight finish and write
     * their state), closes its SMTP connections. An asynchronous send that could not finish in time completes
     * exceptionally: it is never dropped silently. Given parts are left running.
     */
    @Override
    public void close() {
        if (closeState.markClosed() && ownsParts) {
            parts.close();
        }
    }

    private void ensureOpen() {
        if (closeState.isClosed() || parts.isClosed()) {
            throw closeState.refusal();
        }
    }

    private DeliveryReport deliver(RelayMessage message) {
        return deliver(message.from(), message.recipients(),
                canonical -> message.withFrom(canonical).toMessageBody(canonical.domain()));
    }

    private DeliveryReport deliver(RawMessage message) {
        Envelope envelope = message.envelope();
        if (envelope.sender() == null) {
            throw new IllegalArgumentException("a raw message sent through the relay needs an envelope sender");
        }
        return deliver(envelope.sender(), envelope.recipients(),
                canonical -> canonical.equals(envelope.sender()) ? message.body() : message.bodyWithFrom(canonical, false));
    }

    /** Route, then one attempt; accepted asynchronous work runs here even while closing. */
    private DeliveryReport deliver(EmailAddress sender, List<EmailAddress> recipients, Function<EmailAddress, MessageBody> bodyFor) {
        DeliveryPipeline pipeline = parts.pipeline();
        OutboundRoute route = pipeline.route(sender, recipients);
        Envelope envelope = new Envelope(route.envelopeSender(), recipients);
        // BOUNDED waits for a near token or throws RateLimitException: it never returns RateLimited
        Attempt.Sent sent = (Attempt.Sent) pipeline.attempt(route.account(), envelope,
                bodyFor.apply(route.envelopeSender()), RateLimitWait.BOUNDED);
        DeliveryReport report = new DeliveryReport(sender, route.envelopeSender(), sent.account(),
                route.mapping().map(Route::mappingName).orElse(null), sent.results());
        if (!report.allDelivered()) {
            log.debug("{} -> {}: {} of {} recipients failed via {}", sender, route.envelopeSender(),
                    report.failed().size(), report.recipients().size(), report.account());
            throw new DeliveryException(report);
        }
        log.debug("{} -> {}: delivered to {} recipients via {}", sender, route.envelopeSender(),
                report.recipients().size(), report.account());
        return report;
    }

    private CompletableFuture<DeliveryReport> async(Supplier<DeliveryReport> work) {
        if (closeState.isClosed()) {
            return CompletableFuture.failedFuture(closeState.refusal());
        }
        return parts.runAsync(work);
    }
}
