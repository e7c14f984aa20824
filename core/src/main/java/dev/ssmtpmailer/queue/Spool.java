package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.QueueBackendSettings;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.DeliveryPipeline;
import dev.ssmtpmailer.delivery.RateLimitWait;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.policy.OutboundRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The durable spool, by default under the global {@code spool_dir}: messages are stored durably (fsync) before
 * they are acknowledged, then delivered by worker threads through the upstream accounts, one state per
 * recipient, with retries, a dead-letter area and bounces. The storage is a {@link QueueStore}: the file store,
 * or another given to {@link Builder#store}. Start here:
 *
 * <pre>{@code
 * try (Spool spool = Spool.open(config, pipeline)) {   // usually RelayAssembly opens it
 *     QueueId id = spool.accept(sender, acceptedRecipients, dataStream);   // the inbound server, then 250
 * }
 * }</pre>
 *
 * <h2>Delivery</h2>
 * Pending recipients of a message are grouped by account (and envelope sender); each group is one SMTP
 * transaction, one {@link DeliveryPipeline#attempt} (rate limit, send, classify, listeners); while recipients
 * remain, the state is written durably after each, so a recipient that has the message never gets it again. A message delivered to every recipient is
 * removed without a final write or fsync: a crash in that instant sends it once more (at-least-once, like
 * Postfix; see {@code docs/queue.md}). Forwarded mail leaves with the account as envelope sender and its
 * bytes unchanged, or with {@code From:} rewritten to the account when the domain says
 * {@code forward_from_rewrite = true}. Outbound mail leaves with its canonical sender. Before each transaction
 * the account's rate limit is tried without waiting ({@link RateLimitWait#NONE}); a refused message waits in
 * the spool and is tried again shortly, without counting an attempt.
 *
 * <h2>Failures</h2>
 * A temporary failure is retried after an exponential backoff with jitter between {@code retry_min_backoff}
 * and {@code retry_max_backoff}; a recipient still failing at {@code max_queue_lifetime}, or failing
 * permanently, is given up: for forwarded mail an RFC 3464 bounce goes to the original sender through the same
 * account (never for a null sender or an automatic message), and the message goes to the dead-letter area once
 * no recipient is pending.
 *
 * <h2>Threads and time</h2>
 * With {@code threads > 0} a dispatcher thread claims due messages from the store (under a lease, see
 * {@link QueueStore}) and hands them to that many workers; with {@code threads(0)} nothing runs in the
 * background and the caller drives {@link #runDue()} (tests, with a fake clock). {@link #close()} stops taking
 * work, lets attempts in flight finish (their state is written), gives back messages claimed but not started,
 * and closes the file store (releasing the directory lock). Only one process owns a spool directory at a time;
 * a shared store may be claimed from by several spools, each with its own {@linkplain Builder#claimAs owner}.
 */
public interface Spool extends InboundQueue, QueueControl, AutoCloseable {

    /**
     * Opens (creating if needed) and recovers the spool at the global {@code spool_dir}, with
     * {@code max_connections} worker threads on the system clock.
     *
     * @param config the configuration (spool directory, retry settings)
     * @param pipeline how the workers deliver: account lookup, rate limit, SMTP client, listeners
     * @return the running spool
     * @throws SpoolException if the directory cannot be created, read or locked (another process owns it)
     */
    static Spool open(RelayConfig config, DeliveryPipeline pipeline) {
        return builder(config, pipeline).open();
    }

    /**
     * @param config the configuration (spool directory, retry settings, accounts)
     * @param pipeline how the workers deliver: its account lookup, rate limiter, SMTP client and listeners; the
     *        spool never closes or reconfigures it. The composition root ({@code dev.ssmtpmailer.RelayAssembly})
     *        hands its one pipeline here
     * @return a builder, to set the store, the clock and the threads
     * @throws NullPointerException if an argument is {@code null}
     */
    static Builder builder(RelayConfig config, DeliveryPipeline pipeline) {
        return new Builder(config, pipeline);
    }

    /**
     * Stores an outbound message whose bytes are final (already rendered with the canonical {@code From:}), for
     * {@code Relay.submit}: durable when this returns.
     *
     * @param route the policy's route: envelope sender and account
     * @param recipients the envelope recipients
     * @param body the message bytes; written once, into the spool
     * @return the id of the spooled message
     * @throws SpoolException if the message could not be stored (nothing is queued)
     * @throws IllegalStateException if the spool is closed
     */
    QueueId submit(OutboundRoute route, List<EmailAddress> recipients, MessageBody body);

    /**
     * Runs, on the calling thread, every attempt that is due now on the spool's clock, after applying pending
     * control requests. Attempts in flight on worker threads are skipped.
     *
     * @return how many messages were attempted
     * @throws IllegalStateException if the spool is closed
     */
    int runDue();

    /**
     * Applies a new configuration: accounts are looked up in it from the next attempt on; retry settings apply
     * to the next schedule. The directory does not change.
     *
     * @param config the new configuration
     */
    void reconfigure(RelayConfig config);

    /**
     * @return the spool directory of the file store; empty when the spool runs on another {@link QueueStore}
     *     (a database), which has no directory
     */
    Optional<Path> directory();

    /**
     * Stops the dispatcher, waits for attempts in flight (bounded by the SMTP timeouts), releases the lock.
     * Queued messages stay on disk for the next {@link #open}.
     */
    @Override
    void close();

    /** Configures and opens a {@link Spool}. */
    final class Builder {
        final RelayConfig config;
        final DeliveryPipeline pipeline;
        InstantSource clock = InstantSource.system();
        int threads = -1;
        DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
        Duration controlPoll = Duration.ofSeconds(1);
        QueueStore store;
        Duration leaseDuration = Duration.ofMinutes(5);
        String owner = "spool-" + ProcessHandle.current().pid() + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

        private Builder(RelayConfig config, DeliveryPipeline pipeline) {
            this.config = Objects.requireNonNull(config, "config");
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        }

        /** @param clock the clock of schedules and ages; tests pass a fake one @return this */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param threads worker threads, default the global {@code max_connections}; 0 runs nothing in the
         *        background (call {@link Spool#runDue()})
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must not be negative, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param store the store to keep the messages in instead of the file store at the spool directory (a
         *        database shared by several relay processes); opened by the caller, not closed by the spool
         * @return this
         */
        public Builder store(QueueStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets who claims and for how long: every {@link QueueStore#claim} and {@link QueueStore#renew} of this
         * spool passes both. They matter for a store that several processes share; the file store's directory lock
         * keeps it to one process anyway.
         *
         * @param owner the name under which this spool claims messages from its store (logs; a shared store's
         *        lease table), default {@code spool-PID-RANDOM}; unique among the processes sharing a store
         * @param leaseDuration how long a claimed message stays with this spool before another one may take it
         *        over, default 5 minutes; renewed while its attempt runs, so it only matters when a process stalls
         *        or dies
         * @return this
         * @throws IllegalArgumentException if the owner is blank or the duration not positive or longer than
         *         {@link QueueBackendSettings#MAX_LEASE} (a day)
         */
        public Builder claimAs(String owner, Duration leaseDuration) {
            if (Objects.requireNonNull(owner, "owner").isBlank()) {
                throw new IllegalArgumentException("owner must not be blank");
            }
            this.leaseDuration = positive("lease duration", leaseDuration);
            if (leaseDuration.compareTo(QueueBackendSettings.MAX_LEASE) > 0) {
                throw new IllegalArgumentException("lease duration must be at most 1d, was " + leaseDuration);
            }
            this.owner = owner;
            return this;
        }

        /**
         * Opens the store (the file store: creates the directory layout if needed, takes the directory lock and
         * recovers what a previous run left) and starts the workers.
         *
         * @return the running spool
         * @throws SpoolException if the directory cannot be created, read or locked
         */
        public Spool open() {
            return StoreSpool.open(this);
        }

        /** Test hook: values in [0, 1) that spread retries (0.5 = the nominal backoff); default random. */
        Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /** Test hook: how often the dispatcher looks for requests of other processes; default 1 s. */
        Builder controlPoll(Duration interval) {
            this.controlPoll = positive("control poll interval", interval);
            return this;
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d;
        }
    }
}
