package dev.ssmtpmailer.spring.metrics;

import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The relay's Micrometer meters. It is a {@link RelayListener} (registered with the relay) and a
 * {@link MeterBinder} (Spring Boot binds it to every registry):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #DELIVERED}</td><td>counter</td><td>account</td></tr>
 *   <tr><td>{@value #FAILED}</td><td>counter</td><td>account, reason ({@code temporary}, {@code permanent},
 *       {@code rate_limited}), phase</td></tr>
 *   <tr><td>{@value #CONNECTION_FAILURES}</td><td>counter</td><td>account</td></tr>
 *   <tr><td>{@value #AUTHENTICATION_FAILURES}</td><td>counter</td><td>account</td></tr>
 *   <tr><td>{@value #RATE_LIMIT_TRIGGERS}</td><td>function counter: refusals and waits of the rate limiter</td><td>account</td></tr>
 *   <tr><td>{@value #LATENCY}</td><td>timer: SMTP transaction of a delivered message</td><td>account</td></tr>
 *   <tr><td>{@value #QUEUE_DEPTH}</td><td>gauge: messages in the spool (with a spool)</td><td></td></tr>
 *   <tr><td>{@value #QUEUE_OLDEST_AGE}</td><td>time gauge: age of the oldest spooled message</td><td></td></tr>
 * </table>
 */
public final class RelayMetrics implements RelayListener, MeterBinder {
    /** Messages every recipient of which was accepted. */
    public static final String DELIVERED = "ssmtp.mailer.messages.delivered";
    /** Messages that failed for at least one recipient, or that the rate limit refused. */
    public static final String FAILED = "ssmtp.mailer.messages.failed";
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

    private final RelayConfig config;
    private final RateLimiter rateLimiter;
    private final java.util.function.Supplier<? extends QueueControl> queue;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    /**
     * @param config the configuration whose upstream accounts get a rate-limit counter
     * @param rateLimiter the relay's rate limiter, whose trigger counts are reported
     */
    public RelayMetrics(RelayConfig config, RateLimiter rateLimiter) {
        this(config, rateLimiter, (QueueControl) null);
    }

    /**
     * @param config the configuration whose upstream accounts get a rate-limit counter
     * @param rateLimiter the relay's rate limiter, whose trigger counts are reported
     * @param queue the spool whose depth and oldest age are reported, or {@code null}
     */
    public RelayMetrics(RelayConfig config, RateLimiter rateLimiter, QueueControl queue) {
        this(config, rateLimiter, queue == null ? null : () -> queue);
    }

    /**
     * @param config the configuration whose upstream accounts get a rate-limit counter
     * @param rateLimiter the relay's rate limiter, whose trigger counts are reported
     * @param queue looks the spool up when a gauge is read (the spool itself reports to this listener, so it
     *        cannot be a constructor argument), or {@code null} for no queue gauges
     */
    public RelayMetrics(RelayConfig config, RateLimiter rateLimiter, java.util.function.Supplier<? extends QueueControl> queue) {
        this.config = Objects.requireNonNull(config, "config");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.queue = queue;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        for (DomainConfig account : config.upstreamAccounts()) {
            String name = account.displayName();
            FunctionCounter.builder(RATE_LIMIT_TRIGGERS, rateLimiter, r -> r.triggers(account.id()))
                    .description("Times the rate limiter refused or delayed a message").tag("account", name)
                    .register(registry);
        }
        if (queue != null) {
            Gauge.builder(QUEUE_DEPTH, queue, q -> q.get().stats().depth()).description("Messages in the spool")
                    .register(registry);
            TimeGauge.builder(QUEUE_OLDEST_AGE, queue, TimeUnit.SECONDS, q -> q.get().stats().oldestAge().toMillis() / 1000.0)
                    .description("Age of the oldest message in the spool").register(registry);
        }
    }

    private void each(Consumer<MeterRegistry> record) {
        registries.forEach(record);
    }

    @Override
    public void delivered(AccountId account, Duration latency) {
        each(r -> {
            Counter.builder(DELIVERED).description("Messages accepted upstream for every recipient")
                    .tag("account", account.name()).register(r).increment();
            Timer.builder(LATENCY).description("SMTP transaction time of delivered messages")
                    .tag("account", account.name()).register(r).record(latency);
        });
    }

    @Override
    public void failed(AccountId account, DeliveryStatus status, SmtpPhase phase) {
        String reason = status == DeliveryStatus.PERMANENT_FAILURE ? "permanent" : "temporary";
        each(r -> failedCounter(r, account.name(), reason, phase.name().toLowerCase(Locale.ROOT)).increment());
    }

    @Override
    public void rateLimited(AccountId account) {
        each(r -> failedCounter(r, account.name(), "rate_limited", "none").increment());
    }

    private static Counter failedCounter(MeterRegistry r, String account, String reason, String phase) {
        return Counter.builder(FAILED).description("Messages not accepted upstream for every recipient")
                .tags("account", account, "reason", reason, "phase", phase).register(r);
    }

    @Override
    public void connectionFailed(AccountId account) {
        each(r -> Counter.builder(CONNECTION_FAILURES).description("Failures to connect to or secure the upstream server")
                .tag("account", account.name()).register(r).increment());
    }

    @Override
    public void authenticationFailed(AccountId account) {
        each(r -> Counter.builder(AUTHENTICATION_FAILURES).description("Logins the upstream server refused")
                .tag("account", account.name()).register(r).increment());
    }
}
