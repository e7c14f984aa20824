package dev.ssmtpmailer;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.mapping.Route;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.message.RawMessage;
import dev.ssmtpmailer.message.RelayException;
import dev.ssmtpmailer.policy.OutboundRoute;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.queue.SpoolException;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Each {@code send} takes these steps, in this order: the policy decides whether the sender may send and
 * to whom, and picks the upstream account ({@link RelayPolicy}); the sender alias is rewritten to its
 * canonical address in {@code MAIL FROM} and {@code From:} ({@link MappingResolver}); the account's rate limit
 * is taken ({@link RateLimiter}); the message goes out on a pooled, authenticated connection
 * ({@link SmtpRelayClient}).
 *
 * <p>{@code submit} is the durable way: the policy is checked at once (a refused sender throws and nothing is
 * queued), then the message is written to the {@link Spool} with fsync and the call returns its
 * {@link QueueId}; the spool's workers deliver it with retries, and a message that cannot be delivered ends in
 * the spool's dead-letter area. The spool is the one given to {@link Builder#spool(Spool)}, else one the relay
 * opens at the global {@code spool_dir} on the first {@code submit} (or {@link #spool()}) and owns: its
 * workers use the relay's SMTP client and rate limiter, follow {@link #reconfigure}, and stop in
 * {@link #close()} (attempts in flight finish and their state is written; queued messages stay on disk for
 * the next start).
 *
 * <p>A {@code Relay} is thread-safe. It owns its SMTP connections and its async executor: close it when done.
 */
public final class Relay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final SmtpRelayClient client;
    private final boolean ownsClient;
    private final RateLimiter rateLimiter;
    private final ThreadPoolExecutor executor;
    private final Duration drainTimeout;
    private final RelayListener listener;
    private final Spool givenSpool;
    private final Object spoolLock = new Object();
    private Spool ownedSpool;
    private volatile State state;
    private volatile boolean closed;

    /** The parts of the relay that follow the configuration; replaced as a whole on {@link #reconfigure}. */
    private record State(RelayConfig config, MappingResolver resolver, RelayPolicy policy) {
        static State of(RelayConfig config) {
            MappingResolver resolver = MappingResolver.create(config);
            return new State(config, resolver, RelayPolicy.create(config, resolver));
        }
    }

    private Relay(Builder b) {
        this.state = State.of(b.config);
        this.ownsClient = b.client == null;
        this.client = b.client != null ? b.client
                : SmtpRelayClient.create(b.config.global(), b.tokenProvider != null ? b.tokenProvider : TokenProvider.create());
        this.rateLimiter = b.rateLimiter != null ? b.rateLimiter : RateLimiter.create(b.config);
        this.drainTimeout = b.drainTimeout;
        this.listener = RelayListener.of(b.listeners);
        this.givenSpool = b.spool;
        int threads = b.asyncThreads > 0 ? b.asyncThreads : b.config.global().maxConnections();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(b.asyncQueueCapacity), new NamedThreads());
        this.executor.allowCoreThreadTimeOut(true);
    }

    /**
     * @param config a validated configuration
     * @return a relay with the default SMTP client, rate limiter and token provider
     */
    public static Relay create(RelayConfig config) {
        return builder(config).build();
    }

    /**
     * @param config a validated configuration
     * @return a builder, to replace parts (Spring uses it to inject its beans)
     */
    public static Builder builder(RelayConfig config) {
        return new Builder(config);
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
     * Sends on the relay's executor. Every failure (policy, rate limit, delivery, a closed relay) completes the
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
     * The spool behind {@link #submit}: the one given to the builder, else the relay's own, opened (and
     * recovered) at the global {@code spool_dir} on first use. The inbound server hands it its messages.
     *
     * @return the spool
     * @throws SpoolException if the relay's own spool cannot be opened (e.g. another process owns the directory)
     * @throws IllegalStateException if the relay is closed
     */
    public Spool spool() {
        if (givenSpool != null) {
            return givenSpool;
        }
        synchronized (spoolLock) {
            if (closed) {
                throw new IllegalStateException("relay is closed");
            }
            if (ownedSpool == null) {
                ownedSpool = Spool.builder(state.config()).client(client).rateLimiter(rateLimiter).open();
            }
            return ownedSpool;
        }
    }

    private OutboundRoute authorize(EmailAddress sender, List<EmailAddress> recipients) {
        if (closed) {
            throw new IllegalStateException("relay is closed");
        }
        return state.policy().authorizeOutbound(sender, recipients);
    }

    /**
     * Applies a new configuration to the running relay: new mappings, users and accounts take effect for the
     * next message; connections of accounts that changed or disappeared are closed once idle; rate-limit
     * levels of remaining accounts are kept. Messages in flight finish with the configuration they started with.
     *
     * @param config the new, validated configuration
     */
    public void reconfigure(RelayConfig config) {
        Objects.requireNonNull(config, "config");
        State next = State.of(config);
        rateLimiter.reconfigure(config);
        client.retainAccounts(config.domains());
        state = next;
        synchronized (spoolLock) {
            if (ownedSpool != null) {
                ownedSpool.reconfigure(config);
            }
        }
        log.debug("configuration replaced: {} domains, {} mappings, {} users",
                config.domains().size(), config.mappings().size(), config.users().size());
    }

    /** @return the configuration in force */
    public RelayConfig config() {
        return state.config();
    }

    /** @return the mapping resolver of the configuration in force */
    public MappingResolver mappings() {
        return state.resolver();
    }

    /** @return the rate limiter (for its trigger counts) */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /**
     * Stops taking new messages, waits (up to the drain timeout, default 60 s) for asynchronous sends already
     * accepted, stops the relay's own spool (its attempts in flight finish and write their state), then closes
     * the SMTP connections. A spool given to the builder is left running. An asynchronous send that could not finish in time completes
     * exceptionally: it is never dropped silently.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> never = executor.shutdownNow();
                for (Runnable r : never) {
                    if (r instanceof AsyncSend s) {
                        s.future.completeExceptionally(new RelayException("relay closed before this message was sent"));
                    }
                }
                log.warn("relay closed with {} asynchronous sends not started and others still running after {}",
                        never.size(), drainTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Spool spool;
            synchronized (spoolLock) {
                spool = ownedSpool;
            }
            try {
                if (spool != null) {
                    spool.close();
                }
            } finally {
                if (ownsClient) {
                    client.close();
                }
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("relay is closed");
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

    /** The steps of design section 3, one line each. Accepted asynchronous work runs here even while closing. */
    private DeliveryReport deliver(EmailAddress sender, List<EmailAddress> recipients, Function<EmailAddress, MessageBody> bodyFor) {
        State s = state;
        OutboundRoute route = s.policy().authorizeOutbound(sender, recipients);
        String account = route.account().displayName();
        try {
            rateLimiter.acquire(route.account());
        } catch (RateLimitException e) {
            listener.rateLimited(account);
            throw e;
        }
        Envelope envelope = new Envelope(route.envelopeSender(), recipients);
        long start = System.nanoTime();
        List<RecipientResult> results = client.send(route.account(), envelope, bodyFor.apply(route.envelopeSender()));
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        DeliveryReport report = new DeliveryReport(sender, route.envelopeSender(), account,
                route.mapping().map(Route::mappingName).orElse(null), results);
        listener.attempted(account, latency, results);
        if (!report.allDelivered()) {
            log.debug("{} -> {}: {} of {} recipients failed via {}", sender, route.envelopeSender(),
                    report.failed().size(), results.size(), report.account());
            throw new DeliveryException(report);
        }
        log.debug("{} -> {}: delivered to {} recipients via {}", sender, route.envelopeSender(), results.size(), report.account());
        return report;
    }

    private CompletableFuture<DeliveryReport> async(Supplier<DeliveryReport> work) {
        CompletableFuture<DeliveryReport> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new IllegalStateException("relay is closed"));
            return future;
        }
        try {
            executor.execute(new AsyncSend(future, work));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(closed ? new IllegalStateException("relay is closed")
                    : new RelayException("asynchronous send queue is full (" + executor.getQueue().size() + " waiting)", e));
        }
        return future;
    }

    /** A queued asynchronous send; kept as a type so that {@link #close()} can fail the ones never started. */
    private static final class AsyncSend implements Runnable {
        final CompletableFuture<DeliveryReport> future;
        final Supplier<DeliveryReport> work;

        AsyncSend(CompletableFuture<DeliveryReport> future, Supplier<DeliveryReport> work) {
            this.future = future;
            this.work = work;
        }

        @Override
        public void run() {
            try {
                future.complete(work.get());
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }
    }

    private static final class NamedThreads implements ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "ssmtp-mailer-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /** Builds a {@link Relay}; every part not given is created from the configuration. */
    public static final class Builder {
        private final RelayConfig config;
        private SmtpRelayClient client;
        private RateLimiter rateLimiter;
        private TokenProvider tokenProvider;
        private Duration drainTimeout = Duration.ofSeconds(60);
        private int asyncThreads;
        private int asyncQueueCapacity = 10_000;
        private final List<RelayListener> listeners = new ArrayList<>();
        private Spool spool;

        private Builder(RelayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param client an SMTP client to use instead of the default; the relay does not close it
         * @return this
         */
        public Builder smtpClient(SmtpRelayClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** @param rateLimiter a rate limiter to use instead of the default @return this */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /** @param tokenProvider the XOAUTH2 token source of the default SMTP client @return this */
        public Builder tokenProvider(TokenProvider tokenProvider) {
            this.tokenProvider = Objects.requireNonNull(tokenProvider, "tokenProvider");
            return this;
        }

        /**
         * @param timeout how long {@link Relay#close()} waits for asynchronous sends; must be positive
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder drainTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("drain timeout must be positive, was " + timeout);
            }
            this.drainTimeout = timeout;
            return this;
        }

        /**
         * @param threads threads for {@code sendAsync}; default the global {@code max_connections}
         * @param queueCapacity asynchronous sends that may wait for a thread, default 10,000
         * @return this
         * @throws IllegalArgumentException if either is not positive
         */
        public Builder async(int threads, int queueCapacity) {
            if (threads <= 0 || queueCapacity <= 0) {
                throw new IllegalArgumentException("async threads and queue capacity must be positive, were "
                        + threads + " and " + queueCapacity);
            }
            this.asyncThreads = threads;
            this.asyncQueueCapacity = queueCapacity;
            return this;
        }

        /**
         * Adds a listener that hears every outcome (for metrics); may be called more than once, listeners are
         * called in the order added.
         *
         * @param listener the listener
         * @return this
         */
        public Builder listener(RelayListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param spool the spool {@link Relay#submit} writes to, instead of one the relay opens at the global
         *        {@code spool_dir}; the relay does not close or reconfigure it
         * @return this
         */
        public Builder spool(Spool spool) {
            this.spool = Objects.requireNonNull(spool, "spool");
            return this;
        }

        /** @return the relay, ready to send */
        public Relay build() {
            return new Relay(this);
        }
    }
}
