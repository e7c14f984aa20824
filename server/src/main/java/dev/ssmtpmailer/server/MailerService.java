package dev.ssmtpmailer.server;

import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.util.Objects;
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
 * <p>Start order: SMTP client, rate limiter, spool (recovering what a crash left), then the listener, so that
 * nothing is acknowledged before the spool can take it. {@link #close()} goes the other way: the listener
 * stops taking messages and lets those in {@code DATA} be spooled, the workers finish the attempts in flight,
 * the SMTP connections close; the spool keeps every message not yet delivered for the next start.
 */
public final class MailerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailerService.class);

    private final SmtpRelayClient client;
    private final boolean ownsClient;
    private final Spool spool;
    private final RelayServer server;
    private final CountDownLatch closed = new CountDownLatch(1);

    private MailerService(SmtpRelayClient client, boolean ownsClient, Spool spool, RelayServer server) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.spool = spool;
        this.server = server;
    }

    /**
     * Opens the spool, starts the delivery workers and the listener, all with the defaults.
     *
     * @param config a validated configuration with a local domain and at least one upstream account
     * @return the running service
     * @throws ServerException if the listener cannot start (the spool is closed again)
     * @throws dev.ssmtpmailer.queue.SpoolException if the spool directory cannot be opened or is locked by
     *         another process
     */
    public static MailerService start(RelayConfig config) {
        return builder(config).start();
    }

    /**
     * @param config a validated configuration
     * @return a builder, to replace the SMTP client or rate limiter, or to adjust the spool and the listener
     */
    public static Builder builder(RelayConfig config) {
        return new Builder(config);
    }

    /** @return the listener (its port, whether it offers STARTTLS) */
    public RelayServer server() {
        return server;
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
     * Applies a new configuration: mappings, users and trusted networks at the next {@code RCPT TO}; accounts
     * and retry settings at the next delivery attempt. The listening address, limits and spool directory stay.
     *
     * @param config the new, validated configuration
     */
    public void reconfigure(RelayConfig config) {
        Objects.requireNonNull(config, "config");
        client.retainAccounts(config.domains());
        spool.reconfigure(config);
        server.reconfigure(config);
    }

    /**
     * Blocks until {@link #close()} is called from another thread (the CLI's {@code serve} waits here).
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops the listener, then the delivery workers, then the SMTP connections; the spool stays on disk. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            server.close();
        } finally {
            try {
                spool.close();
            } finally {
                if (ownsClient) {
                    client.close();
                }
                closed.countDown();
                LOG.info("stopped; {} messages stay in the spool", spool.stats().depth());
            }
        }
    }

    /** Builds and starts a {@link MailerService}. */
    public static final class Builder {
        private final RelayConfig config;
        private SmtpRelayClient client;
        private RateLimiter rateLimiter;
        private TokenProvider tokenProvider;
        private UnaryOperator<Spool.Builder> spoolSettings = b -> b;
        private UnaryOperator<RelayServer.Builder> serverSettings = b -> b;

        private Builder(RelayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** @param client the SMTP client the workers deliver with; not closed by the service @return this */
        public Builder smtpClient(SmtpRelayClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** @param rateLimiter the per-account rate limiter; default one of the configuration @return this */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /** @param tokenProvider XOAUTH2 tokens for the default SMTP client @return this */
        public Builder tokenProvider(TokenProvider tokenProvider) {
            this.tokenProvider = Objects.requireNonNull(tokenProvider, "tokenProvider");
            return this;
        }

        /** @param settings adjusts the spool (threads, clock, directory) before it opens @return this */
        public Builder spool(UnaryOperator<Spool.Builder> settings) {
            this.spoolSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** @param settings adjusts the listener (address, limits, TLS) before it starts @return this */
        public Builder server(UnaryOperator<RelayServer.Builder> settings) {
            this.serverSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * @return the running service
         * @throws ServerException if the listener cannot start (the spool and client are closed again)
         * @throws dev.ssmtpmailer.queue.SpoolException if the spool cannot be opened
         */
        public MailerService start() {
            boolean ownsClient = client == null;
            SmtpRelayClient c = client != null ? client
                    : SmtpRelayClient.create(config.global(), tokenProvider != null ? tokenProvider : TokenProvider.create());
            Spool spool = null;
            try {
                spool = spoolSettings.apply(Spool.builder(config).client(c)
                        .rateLimiter(rateLimiter != null ? rateLimiter : RateLimiter.create(config))).open();
                RelayServer server = serverSettings.apply(RelayServer.builder(config, spool)).build().start();
                return new MailerService(c, ownsClient, spool, server);
            } catch (RuntimeException e) {
                if (spool != null) {
                    spool.close();
                }
                if (ownsClient) {
                    c.close();
                }
                throw e;
            }
        }
    }
}
