package dev.ssmtpmailer.metrics;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.SmtpPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The relay's Micrometer meters, defined once for {@code ssmtp-mailer serve} and the Spring starter. It is a
 * {@link RelayListener} (registered with the relay) and a {@link MeterBinder} (bound to each registry). Every
 * per-account meter exists from the moment it is bound, at 0, for each upstream account of the configuration (and
 * of each configuration given to {@link #accounts(RelayConfig)}), so that an alert on, say, authentication
 * failures has a series to watch before the first failure. In Prometheus the names read
 * {@code ssmtp_mailer_messages_delivered_total} and so on.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #DELIVERED}</td><td>counter</td><td>account</td></tr>
 *   <tr><td>{@value #FAILED}</td><td>counter: permanent failures and rate-limit refusals</td><td>account, reason
 *       ({@code permanent}, {@code rate_limited})</td></tr>
 *   <tr><td>{@value #DEFERRED}</td><td>counter: temporary failures (retried by the spool)</td><td>account</td></tr>
 *   <tr><td>{@value #CONNECTION_FAILURES}</td><td>counter</td><td>account</td></tr>
 *   <tr><td>{@value #AUTHENTICATION_FAILURES}</td><td>counter</td><td>account</td></tr>
 *   <tr><td>{@value #RATE_LIMIT_TRIGGERS}</td><td>function counter: refusals and waits of the rate limiter</td><td>account</td></tr>
 *   <tr><td>{@value #LATENCY}</td><td>timer: SMTP transaction of a delivered message</td><td>account</td></tr>
 *   <tr><td>{@value #QUEUE_DEPTH}</td><td>gauge: messages in the spool (with a spool)</td><td></td></tr>
 *   <tr><td>{@value #QUEUE_OLDEST_AGE}</td><td>time gauge: age of the oldest spooled message (with a spool)</td><td></td></tr>
 *   <tr><td>{@value #QUEUE_UNRESTORED}</td><td>gauge: journaled messages the start could not check or restore, not
 *       delivered until the cause is fixed and the spool opened again (with a spool)</td><td></td></tr>
 *   <tr><td>{@value #SPOOL_FREE}</td><td>gauge: usable bytes on the spool's file system (with a spool)</td><td></td></tr>
 * </table>
 */
public final class RelayMetrics implements RelayListener, MeterBinder {
    /** Messages every recipient of which was accepted. */
    public static final String DELIVERED = "ssmtp.mailer.messages.delivered";
    /** Messages refused permanently for at least one recipient, or refused by the rate limit. */
    public static final String FAILED = "ssmtp.mailer.messages.failed";
    /** Messages that failed temporarily for at least one recipient (the spool retries them). */
    public static final String DEFERRED = "ssmtp.mailer.messages.deferred";
    /** Connection failures (connect, EHLO, TLS). */
    public static final String CONNECTION_FAILURES = "ssmtp.mailer.connection.failures";
    /** Logins the upstream server refused. */
    public static final String AUTHENTICATION_FAILURES = "ssmtp.mailer.authentication.failures";
    /** Times the rate limiter refused or delayed a message. */
    public static final String RATE_LIMIT_TRIGGERS = "ssmtp.mailer.rate.limit.triggers";
    /** Time of the SMTP transaction of delivered messages. */
    public static final String LATENCY = "ssmtp.mailer.delivery.latency";
    /** Messages in the spool now. */
    public static final String QUEUE_DEPTH = "ssmtp.mailer.queue.depth";
    /** Age of the oldest message in the spool. */
    public static final String QUEUE_OLDEST_AGE = "ssmtp.mailer.queue.oldest.age";
    /** Journaled messages the spool's open could not check or restore ({@code QueueStats.unrestored()}). */
    public static final String QUEUE_UNRESTORED = "ssmtp.mailer.queue.unrestored";
    /** Usable space on the file system of the spool directory. */
    public static final String SPOOL_FREE = "ssmtp.mailer.spool.free";

    private static final List<String> FAILED_REASONS = List.of("permanent", "rate_limited");

    private final RateLimiter rateLimiter;
    private final Supplier<? extends QueueControl> queue;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private volatile RelayConfig config;
    /** The spool's directory as the relay started (spool_dir is read at start only: a reload does not move it). */
    private final Path spoolDir;

    /**
     * @param config the configuration whose upstream accounts get their meters at once
     * @param rateLimiter the relay's rate limiter, whose trigger counts are reported
     */
    public RelayMetrics(RelayConfig config, RateLimiter rateLimiter) {
        this(config, rateLimiter, null);
    }

    /**
     * @param config the configuration whose upstream accounts get their meters at once
     * @param rateLimiter the relay's rate limiter, whose trigger counts are reported
     * @param queue looks the spool up when a gauge is read (the spool itself reports to this listener, so it
     *        cannot be a constructor argument), or {@code null} for no queue and disk gauges
     */
    public RelayMetrics(RelayConfig config, RateLimiter rateLimiter, Supplier<? extends QueueControl> queue) {
        this.config = Objects.requireNonNull(config, "config");
        this.spoolDir = config.global().spoolDir();
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.queue = queue;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        register(registry, config);
        if (queue != null) {
            Gauge.builder(QUEUE_DEPTH, queue, q -> q.get().stats().depth()).description("Messages in the spool")
                    .register(registry);
            TimeGauge.builder(QUEUE_OLDEST_AGE, queue, TimeUnit.SECONDS, q -> q.get().stats().oldestAge().toMillis() / 1000.0)
                    .description("Age of the oldest message in the spool").register(registry);
            Gauge.builder(QUEUE_UNRESTORED, queue, q -> q.get().stats().unrestored())
                    .description("Journaled messages the spool's open could not check or restore (see the ERROR lines);"
                            + " not delivered until the cause is fixed and the spool opened again").register(registry);
            Gauge.builder(SPOOL_FREE, this, m -> usableSpace(m.spoolDir)).baseUnit("bytes")
                    .description("Usable space on the spool's file system").register(registry);
        }
    }

    /** @return the spool directory whose free space the gauge reports: the one the relay started with */
    Path spoolDir() {
        return spoolDir;
    }

    /**
     * Takes a new configuration (after a reload): accounts that appeared get their meters at 0; meters of accounts
     * that went stay with their last values.
     *
     * @param config the new configuration
     */
    public void accounts(RelayConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        registries.forEach(r -> register(r, config));
    }

    private void register(MeterRegistry r, RelayConfig config) {
        for (DomainConfig account : config.upstreamAccounts()) {
            String name = account.displayName();
            AccountId id = account.id();
            delivered(r, name);
            latency(r, name);
            FAILED_REASONS.forEach(reason -> failed(r, name, reason));
            deferred(r, name);
            connectionFailures(r, name);
            authenticationFailures(r, name);
            FunctionCounter.builder(RATE_LIMIT_TRIGGERS, rateLimiter, l -> l.triggers(id))
                    .description("Times the rate limiter refused or delayed a message").tag("account", name).register(r);
        }
    }

    /** @return usable bytes on the file system holding {@code dir} (or its nearest existing parent), NaN if unknown */
    static double usableSpace(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? Double.NaN : Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private void each(Consumer<MeterRegistry> record) {
        registries.forEach(record);
    }

    @Override
    public void delivered(AccountId account, Duration latency) {
        each(r -> {
            delivered(r, account.name()).increment();
            latency(r, account.name()).record(latency);
        });
    }

    @Override
    public void failed(AccountId account, DeliveryStatus status, SmtpPhase phase) {
        if (status == DeliveryStatus.PERMANENT_FAILURE) {
            each(r -> failed(r, account.name(), "permanent").increment());
        } else {
            each(r -> deferred(r, account.name()).increment());
        }
    }

    @Override
    public void rateLimited(AccountId account) {
        each(r -> failed(r, account.name(), "rate_limited").increment());
    }

    @Override
    public void connectionFailed(AccountId account) {
        each(r -> connectionFailures(r, account.name()).increment());
    }

    @Override
    public void authenticationFailed(AccountId account) {
        each(r -> authenticationFailures(r, account.name()).increment());
    }

    private static Counter delivered(MeterRegistry r, String account) {
        return counter(r, DELIVERED, "Messages accepted upstream for every recipient", account);
    }

    private static Timer latency(MeterRegistry r, String account) {
        return Timer.builder(LATENCY).description("SMTP transaction time of delivered messages")
                .tag("account", account).register(r);
    }

    private static Counter failed(MeterRegistry r, String account, String reason) {
        return Counter.builder(FAILED).description("Messages refused permanently upstream, or by the rate limit")
                .tags("account", account, "reason", reason).register(r);
    }

    private static Counter deferred(MeterRegistry r, String account) {
        return counter(r, DEFERRED, "Messages that failed temporarily upstream and are retried", account);
    }

    private static Counter connectionFailures(MeterRegistry r, String account) {
        return counter(r, CONNECTION_FAILURES, "Failures to connect to or secure the upstream server", account);
    }

    private static Counter authenticationFailures(MeterRegistry r, String account) {
        return counter(r, AUTHENTICATION_FAILURES, "Logins the upstream server refused", account);
    }

    /** Registering is idempotent: the first call creates the counter at 0, later ones return it. */
    private static Counter counter(MeterRegistry r, String name, String description, String account) {
        return Counter.builder(name).description(description).tag("account", account).register(r);
    }
}
