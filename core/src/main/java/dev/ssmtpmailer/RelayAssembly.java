package dev.ssmtpmailer;

import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.DeliveryPipeline;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.internal.CloseState;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.queue.SpoolException;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place where the relay's parts are made and joined. It owns the SMTP client,
 * the rate limiter, the token provider, the listeners, the routing (mapping resolver and policy), the
 * {@link DeliveryPipeline} built from them, the executor of asynchronous sends and, once asked for, the spool.
 * {@link Relay}, the inbound server's {@code MailerService}, the CLI and the Spring auto-configuration all take
 * their parts from an assembly; none of them wires a part itself.
 *
 * <pre>{@code
 * try (RelayAssembly parts = RelayAssembly.builder(config).listener(metrics).build()) {
 *     Relay relay = Relay.create(parts);          // shares every part; closing the assembly ends it
 *     ...
 * }
 * Relay relay = RelayAssembly.builder(config).smtpClient(myClient).relay();   // a relay that owns its assembly
 * }</pre>
 *
 * <p>Every part not given to the builder is created from the configuration, and then belongs to the assembly:
 * {@link #close()} closes it. A given part is used as it is (that same instance, everywhere) and is never
 * closed; the application that made it closes it. A given mapping resolver or policy is kept across
 * {@link #reconfigure}; default ones are rebuilt from each new configuration.
 *
 * <p>Thread-safe.
 */
public final class RelayAssembly implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayAssembly.class);

    private final SmtpRelayClient client;
    private final boolean ownsClient;
    private final RateLimiter rateLimiter;
    private final RelayListener listener;
    private final DeliveryPipeline pipeline;
    private final AsyncSends async;
    private final Duration drainTimeout;
    private final Spool givenSpool;
    private final UnaryOperator<Spool.Builder> spoolSettings;
    private final Object spoolLock = new Object();
    private Spool ownedSpool;
    private final CloseState closeState = new CloseState(Relay.CLOSED);

    private RelayAssembly(Builder b) {
        RelayConfig config = b.config;
        this.ownsClient = b.client == null;
        this.client = b.client != null ? b.client
                : SmtpRelayClient.create(config.global(), b.tokenProvider != null ? b.tokenProvider : TokenProvider.create());
        this.rateLimiter = b.rateLimiter != null ? b.rateLimiter : RateLimiter.create(config);
        this.listener = RelayListener.of(b.listeners);
        this.pipeline = DeliveryPipeline.create(config, routing(b.mappings, b.policy), client, rateLimiter, listener);
        this.async = new AsyncSends(b.asyncThreads > 0 ? b.asyncThreads : config.global().maxConnections(), b.asyncQueueCapacity);
        this.drainTimeout = b.drainTimeout;
        this.givenSpool = b.spool;
        this.spoolSettings = b.spoolSettings;
    }

    /** The routing of each configuration: given parts as they are, default ones made from the configuration. */
    private static Function<RelayConfig, DeliveryPipeline.Routing> routing(MappingResolver mappings, RelayPolicy policy) {
        if (mappings == null && policy == null) {
            return DeliveryPipeline.Routing::of;
        }
        return config -> {
            MappingResolver m = mappings != null ? mappings : MappingResolver.create(config);
            return new DeliveryPipeline.Routing(config, m, policy != null ? policy : RelayPolicy.create(config, m));
        };
    }

    /**
     * @param config a validated configuration
     * @return an assembly of default parts
     */
    public static RelayAssembly create(RelayConfig config) {
        return builder(config).build();
    }

    /**
     * @param config a validated configuration
     * @return a builder, to give parts of one's own (Spring gives its beans)
     */
    public static Builder builder(RelayConfig config) {
        return new Builder(config);
    }

    /** @return the configuration in force */
    public RelayConfig config() {
        return pipeline.routing().config();
    }

    /** @return the alias resolver in force */
    public MappingResolver mappings() {
        return pipeline.routing().mappings();
    }

    /** @return the relay policy in force (outbound senders, inbound {@code RCPT TO}) */
    public RelayPolicy policy() {
        return pipeline.routing().policy();
    }

    /** @return the SMTP client every delivery goes through */
    public SmtpRelayClient smtpClient() {
        return client;
    }

    /** @return the rate limiter every delivery takes its token from */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** @return the listeners, as one that tells each of them in the order they were added */
    public RelayListener listener() {
        return listener;
    }

    /** @return the delivery pipeline that {@link Relay} and the spool share */
    public DeliveryPipeline pipeline() {
        return pipeline;
    }

    /**
     * The spool: the one given to the builder, else the assembly's own, opened (and recovered) at the global
     * {@code spool_dir} on first use with the {@linkplain Builder#spoolSettings settings} given, delivering
     * through {@link #pipeline()}.
     *
     * @return the spool
     * @throws SpoolException if the assembly's spool cannot be opened (e.g. another process owns the directory)
     * @throws IllegalStateException if the assembly is closed
     */
    public Spool spool() {
        if (givenSpool != null) {
            return givenSpool;
        }
        synchronized (spoolLock) {
            closeState.requireOpen();
            if (ownedSpool == null) {
                ownedSpool = spoolSettings.apply(Spool.builder(config(), pipeline)).open();
            }
            return ownedSpool;
        }
    }

    /**
     * Applies a new configuration: the routing (unless given), the rate limiter's limits, the client's accounts
     * (connections of accounts that changed or went are closed once idle) and the assembly's own spool's retry,
     * lifetime and bounce settings. Messages in flight finish with the configuration they started with. A given
     * spool is left alone. What the parts were built with stays: {@code spool_dir} and the queue backend, the
     * client's connection settings ({@code max_connections}, the timeouts, {@code ca_dir}, {@code default_hostname}
     * as its EHLO name); {@code MailerService.reconfigure} names each such key a new configuration changes.
     *
     * @param config the new, validated configuration
     */
    public void reconfigure(RelayConfig config) {
        Objects.requireNonNull(config, "config");
        rateLimiter.reconfigure(config);
        client.retainAccounts(config.domains());
        pipeline.reconfigure(config);
        synchronized (spoolLock) {
            if (ownedSpool != null) {
                ownedSpool.reconfigure(config);
            }
        }
        log.debug("configuration replaced: {} domains, {} mappings, {} users",
                config.domains().size(), config.mappings().size(), config.users().size());
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closeState.isClosed();
    }

    /** Runs a send on the assembly's executor; see {@link Relay#sendAsync(RelayMessage)}. */
    <T> CompletableFuture<T> runAsync(Supplier<T> work) {
        return async.run(work);
    }

    /**
     * Closes what the assembly owns, in this order: it stops taking asynchronous sends and waits up to the drain
     * timeout (default 60 s) for those accepted (one never started then fails, it is not dropped), stops its own
     * spool (attempts in flight finish and write their state; queued messages stay on disk), and closes its own
     * SMTP client. Given parts are left as they are.
     */
    @Override
    public void close() {
        if (!closeState.markClosed()) {
            return; // closed already, or closing on another thread
        }
        try {
            async.drain(drainTimeout);
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

    /** Gives parts to a {@link RelayAssembly}; every part not given is created from the configuration. */
    public static final class Builder {
        private final RelayConfig config;
        private SmtpRelayClient client;
        private RateLimiter rateLimiter;
        private TokenProvider tokenProvider;
        private MappingResolver mappings;
        private RelayPolicy policy;
        private final List<RelayListener> listeners = new ArrayList<>();
        private Duration drainTimeout = Duration.ofSeconds(60);
        private int asyncThreads;
        private int asyncQueueCapacity = 10_000;
        private Spool spool;
        private UnaryOperator<Spool.Builder> spoolSettings = UnaryOperator.identity();

        private Builder(RelayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** @param client the SMTP client to use instead of the default; never closed by the assembly @return this */
        public Builder smtpClient(SmtpRelayClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** @param rateLimiter the rate limiter to use instead of the default @return this */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /**
         * @param tokenProvider the XOAUTH2 token source of the default SMTP client (ignored when a client is
         *        given), instead of {@link TokenProvider#create()}
         * @return this
         */
        public Builder tokenProvider(TokenProvider tokenProvider) {
            this.tokenProvider = Objects.requireNonNull(tokenProvider, "tokenProvider");
            return this;
        }

        /**
         * @param mappings the alias resolver to use instead of one made from the configuration; the default
         *        policy uses it too. Kept across {@link RelayAssembly#reconfigure}
         * @return this
         */
        public Builder mappingResolver(MappingResolver mappings) {
            this.mappings = Objects.requireNonNull(mappings, "mappings");
            return this;
        }

        /**
         * @param policy the relay policy to use instead of the default (for {@code Relay.send}, {@code submit}
         *        and the inbound server's {@code RCPT TO}); kept across {@link RelayAssembly#reconfigure}
         * @return this
         */
        public Builder policy(RelayPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Adds a listener that hears every attempt, direct or spooled, and every rate-limit refusal (for
         * metrics); may be called more than once, listeners are called in the order added.
         *
         * @param listener the listener
         * @return this
         */
        public Builder listener(RelayListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param timeout how long {@link RelayAssembly#close()} waits for asynchronous sends; must be positive
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
         * @param spool the spool to use instead of one the assembly opens at the global {@code spool_dir}; never
         *        closed or reconfigured by the assembly
         * @return this
         */
        public Builder spool(Spool spool) {
            this.spool = Objects.requireNonNull(spool, "spool");
            return this;
        }

        /**
         * @param settings adjusts the spool the assembly opens (threads, clock, store) before it opens; its
         *        pipeline is always the assembly's
         * @return this
         */
        public Builder spoolSettings(UnaryOperator<Spool.Builder> settings) {
            this.spoolSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** @return the assembly; close it when done */
        public RelayAssembly build() {
            return new RelayAssembly(this);
        }

        /** @return a relay on a new assembly of these parts, which closing the relay closes */
        public Relay relay() {
            return Relay.owning(build());
        }
    }
}
