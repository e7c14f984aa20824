package dev.ssmtpmailer.server;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.Spool;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole "local mailer server" in one object, as {@code ssmtp-mailer serve} and the Spring starter run it:
 * the durable spool at {@code spool_dir} with its delivery workers, and the inbound {@link RelayServer} in
 * front of it.
 *
 * <pre>{@code
 * try (MailerService mailer = MailerService.start(config)) {
 *     mailer.awaitClose();
 * }
 * }</pre>
 *
 * <p>Its parts come from one {@link RelayAssembly}: the spool's workers, {@link #relay()} and the listener's
 * {@code RCPT TO} policy all use the assembly's client, rate limiter, listeners and policy. Start order: the
 * assembly's parts, its spool (recovering what a crash left), then the listener, so that nothing is
 * acknowledged before the spool can take it. {@link #close()} goes the other way: the listener stops taking
 * messages and lets those in {@code DATA} be spooled, then an assembly the service owns closes (asynchronous
 * sends drain, the workers finish the attempts in flight, the SMTP connections close); the spool keeps every
 * message not yet delivered for the next start.
 */
public final class MailerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailerService.class);

    private final RelayAssembly parts;
    private final boolean ownsParts;
    private final Spool spool;
    private final Relay relay;
    private final RelayServer server;
    /** What the listener, the spool and the client were made with: what a reload's start-only keys are compared with. */
    private final RelayConfig started;
    /** Start-only keys whose value the caller gave in code ({@link Builder#givenInCode}): never named. */
    private final Set<String> givenInCode;
    private final CountDownLatch closed = new CountDownLatch(1);

    private MailerService(RelayAssembly parts, boolean ownsParts, Spool spool, RelayServer server,
                          Set<String> givenInCode) {
        this.parts = parts;
        this.givenInCode = givenInCode;
        this.ownsParts = ownsParts;
        this.spool = spool;
        this.relay = Relay.create(parts);
        this.server = server;
        this.started = parts.config();
    }

    /**
     * Opens the spool, starts the delivery workers and the listener, all with the defaults.
     *
     * @param config a validated configuration with a local domain and at least one upstream account
     * @return the running service
     * @throws ServerException if the listener cannot start (the spool and the client are closed again)
     * @throws dev.ssmtpmailer.queue.SpoolException if the spool directory cannot be opened or is locked by
     *         another process
     */
    public static MailerService start(RelayConfig config) {
        return builder(config).start();
    }

    /**
     * @param config a validated configuration
     * @return a builder on an assembly of default parts, which the service owns
     */
    public static Builder builder(RelayConfig config) {
        return builder(RelayAssembly.builder(config));
    }

    /**
     * @param parts the parts to assemble (an SMTP client, a rate limiter, spool settings of one's own...); the
     *        service builds the assembly and owns it
     * @return a builder
     */
    public static Builder builder(RelayAssembly.Builder parts) {
        return new Builder(Objects.requireNonNull(parts, "parts"), null);
    }

    /**
     * @param parts an assembly to share (an application that also sends through it); the service never closes it
     * @return a builder
     */
    public static Builder builder(RelayAssembly parts) {
        return new Builder(null, Objects.requireNonNull(parts, "parts"));
    }

    /** @return the listener (its port, whether it offers STARTTLS) */
    public RelayServer server() {
        return server;
    }

    /**
     * The application side of the same relay: {@code send}, {@code sendAsync}, and {@code submit} into this
     * service's spool (a spool directory has one owner process, so an application that runs the server must
     * submit through this relay rather than open a second spool). Closed by {@link #close()}.
     *
     * @return the relay on this service's assembly: its spool, SMTP client, rate limiter and listeners
     */
    public Relay relay() {
        return relay;
    }

    /** @return the port the listener is bound to */
    public int port() {
        return server.port();
    }

    /** @return the spool: list, show, retry, purge, counters */
    public QueueControl queue() {
        return spool;
    }

    /**
     * Applies a new configuration through the assembly: mappings, users, trusted networks and
     * {@code user_from_mismatch} at the next {@code RCPT TO} (the listener follows the assembly's policy); accounts,
     * rate limits and retry settings at the next delivery attempt; a changed server certificate in {@code ssl_dir}
     * at the next {@code STARTTLS} ({@link #reloadCertificate()}). The keys read at start only stay as they were
     * started: the listening address and port, the {@code server_*} limits, {@code spool_dir}, the queue backend,
     * the SMTP client's connection settings and the others docs/configuration.md#reloading lists; each one whose new
     * value differs from the one the service started with is logged at WARN ("listen_port changed: ... needs a
     * restart") and returned, at every reload until a restart (and none once the value is back to the started one).
     * A listening address {@linkplain RelayServer.Builder#listen given in code} ({@code serve --listen}) wins over
     * {@code listen_address} and {@code listen_port}: they are not named, nor are the keys {@linkplain
     * Builder#givenInCode given in code} ({@code serve --log-stdout}: {@code log_file}).
     *
     * @param config the new, validated configuration
     * @return the names of the changed keys that wait for a restart, empty when everything applied
     */
    public List<String> reconfigure(RelayConfig config) {
        Objects.requireNonNull(config, "config");
        List<String> waiting = StartOnlyKeys.changed(started, config).stream()
                .filter(key -> !server.listenGiven() || !key.startsWith("listen_"))
                .filter(key -> !givenInCode.contains(key)).toList();
        parts.reconfigure(config);
        server.reconfigure(config);
        server.reloadCertificate(config.global().sslDir());
        for (String key : waiting) {
            LOG.warn("{} changed: it is read at start only and needs a restart; the running value stays", key);
        }
        return waiting;
    }

    /**
     * Reads the server certificate in {@code ssl_dir} again (SIGHUP after a renewal, which changes no key); see
     * {@link RelayServer#reloadCertificate}.
     *
     * @return whether a new certificate is in use
     */
    public boolean reloadCertificate() {
        return server.reloadCertificate(parts.config().global().sslDir());
    }

    /**
     * Blocks until {@link #close()} is called from another thread (the CLI's {@code serve} waits here).
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops the listener, then the relay (even when stopping the listener throws); an assembly the service owns
     * then closes: asynchronous sends, the delivery workers, the SMTP connections. The spool stays on disk. Logs how many messages stay in it, or,
     * when the spool cannot count them (its recovery failed), that the number is unknown and why.
     */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            try {
                server.close();
            } finally {
                relay.close();
            }
        } finally {
            try {
                if (ownsParts) {
                    parts.close();
                }
                logDepth();
            } finally {
                closed.countDown();
            }
        }
    }

    /** The "stopped" line; counting must not make a close throw (a spool whose recovery failed cannot count). */
    private void logDepth() {
        int depth;
        try {
            depth = spool.stats().depth();
        } catch (RuntimeException e) {
            LOG.warn("stopped; how many messages stay in the spool is unknown: {}", e.getMessage());
            return;
        }
        LOG.info("stopped; {} messages stay in the spool", depth);
    }

    /** Builds and starts a {@link MailerService}. */
    public static final class Builder {
        private final RelayAssembly.Builder partsBuilder;
        private final RelayAssembly givenParts;
        private UnaryOperator<RelayServer.Builder> serverSettings = b -> b;
        private Set<String> givenInCode = Set.of();

        private Builder(RelayAssembly.Builder partsBuilder, RelayAssembly givenParts) {
            this.partsBuilder = partsBuilder;
            this.givenParts = givenParts;
        }

        /** @param settings adjusts the listener (address, limits, TLS) before it starts @return this */
        public Builder server(UnaryOperator<RelayServer.Builder> settings) {
            this.serverSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * @param keys start-only keys whose value the caller gives in code instead of the configuration
         *     ({@code serve --log-stdout}: {@code log_file}); a reload that changes one is not named, since a restart
         *     would not apply it either
         * @return this
         */
        public Builder givenInCode(String... keys) {
            this.givenInCode = Set.of(keys);
            return this;
        }

        /**
         * @return the running service
         * @throws ServerException if the listener cannot start (an assembly the service owns is closed again)
         * @throws dev.ssmtpmailer.queue.SpoolException if the spool cannot be opened
         */
        public MailerService start() {
            boolean owns = givenParts == null;
            RelayAssembly parts = owns ? partsBuilder.build() : givenParts;
            try {
                Spool spool = parts.spool(); // open and recover before the listener acknowledges anything
                RelayServer server = serverSettings.apply(RelayServer.builder(parts.config(), spool)
                        .policySource(parts::policy)).build().start();
                return new MailerService(parts, owns, spool, server, givenInCode);
            } catch (RuntimeException e) {
                if (owns) {
                    parts.close();
                }
                throw e;
            }
        }
    }
}
