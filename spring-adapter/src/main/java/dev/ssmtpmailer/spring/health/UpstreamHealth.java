package dev.ssmtpmailer.spring.health;

import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of each upstream account, independent of Spring Boot's health API (which moved between Boot 3
 * and 4): the health indicators of both versions ask this.
 *
 * <p>A health endpoint may be polled every few seconds by a load balancer; Gmail must not see a login each
 * time. So a result is <b>cached</b> for the cache TTL, and real traffic counts as evidence: a delivered
 * message marks the account up, a connection or login failure marks it down, without any probe. Only an
 * account with no fresh evidence is probed ({@link SmtpRelayClient#probe}, which reuses a pooled connection
 * when there is one), and the probe is <b>time-boxed</b>: when it does not answer within the timeout the
 * account is reported down while the probe finishes in the background, and no second probe of that account
 * starts until it has.
 */
public final class UpstreamHealth implements RelayListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamHealth.class);

    /**
     * The health of one account.
     *
     * @param status up, down, or unknown (the client cannot probe)
     * @param detail what was checked, or what failed (never a secret)
     * @param phase the failing SMTP step, {@link SmtpPhase#OTHER} when up
     * @param checkedAt when this was found out
     */
    public record AccountHealth(ProbeResult.Status status, String detail, SmtpPhase phase, Instant checkedAt) {
        /** Checks the required parts. */
        public AccountHealth {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(checkedAt, "checkedAt");
            detail = detail == null ? "" : detail;
        }
    }

    private final Supplier<RelayConfig> config;
    private final SmtpRelayClient client;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final InstantSource clock;
    private final ExecutorService probes;
    private final Map<String, AccountHealth> known = new ConcurrentHashMap<>();
    private final Map<String, Future<ProbeResult>> running = new ConcurrentHashMap<>();

    /**
     * @param config the configuration in force (its upstream accounts are checked)
     * @param client the client whose pools are probed
     * @param timeout how long one probe may take
     * @param cacheTtl how long a result (or a delivery outcome) stays fresh
     * @param clock the time source
     * @throws IllegalArgumentException if a duration is not positive
     */
    public UpstreamHealth(Supplier<RelayConfig> config, SmtpRelayClient client, Duration timeout, Duration cacheTtl,
                          InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = positive(timeout, "timeout");
        this.cacheTtl = positive(cacheTtl, "cacheTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ssmtp-mailer-health-probe");
            t.setDaemon(true);
            return t;
        });
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    /** @return the health of every enabled upstream account, by account name, in configuration order */
    public Map<String, AccountHealth> check() {
        Map<String, AccountHealth> result = new LinkedHashMap<>();
        for (DomainConfig account : config.get().upstreamAccounts()) {
            result.put(account.displayName(), check(account));
        }
        return result;
    }

    /** @return the names of the enabled upstream accounts */
    public List<String> accountNames() {
        return config.get().upstreamAccounts().stream().map(DomainConfig::displayName).toList();
    }

    /**
     * @param accountName an account's name
     * @return its health, or {@code null} when no enabled upstream account has that name
     */
    public AccountHealth check(String accountName) {
        return config.get().upstreamAccounts().stream().filter(a -> a.displayName().equals(accountName)).findFirst()
                .map(this::check).orElse(null);
    }

    private AccountHealth check(DomainConfig account) {
        String name = account.displayName();
        Instant now = clock.instant();
        AccountHealth cached = known.get(name);
        if (cached != null && cached.checkedAt().plus(cacheTtl).isAfter(now)) {
            return cached;
        }
        Future<ProbeResult> probe = running.computeIfAbsent(name, n -> probes.submit(() -> client.probe(account)));
        try {
            ProbeResult r = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            running.remove(name, probe);
            AccountHealth h = new AccountHealth(r.status(), r.detail(), r.phase(), clock.instant());
            known.put(name, h);
            if (!r.healthy()) {
                log.debug("account {} probed {}: {} {}", name, r.status(), r.phase(), r.detail());
            }
            return h;
        } catch (TimeoutException e) {
            // Not cached: the running probe answers the next check as soon as it is done.
            return new AccountHealth(ProbeResult.Status.DOWN, "no answer within " + timeout.toMillis() + " ms",
                    SmtpPhase.CONNECT, now);
        } catch (ExecutionException e) {
            running.remove(name, probe);
            AccountHealth h = new AccountHealth(ProbeResult.Status.DOWN, "probe failed: " + e.getCause(), SmtpPhase.OTHER,
                    clock.instant());
            known.put(name, h);
            return h;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AccountHealth(ProbeResult.Status.UNKNOWN, "interrupted", SmtpPhase.OTHER, now);
        }
    }

    @Override
    public void delivered(AccountId account, Duration latency) {
        known.put(account.name(), new AccountHealth(ProbeResult.Status.UP, "delivered a message", SmtpPhase.OTHER, clock.instant()));
    }

    @Override
    public void failed(AccountId account, DeliveryStatus status, SmtpPhase phase) {
        // Only failures before MAIL FROM say something about the account; a refused recipient does not.
        if (phase == SmtpPhase.CONNECT || phase == SmtpPhase.EHLO || phase == SmtpPhase.TLS || phase == SmtpPhase.AUTH) {
            known.put(account.name(), new AccountHealth(ProbeResult.Status.DOWN, "last delivery failed in " + phase, phase,
                    clock.instant()));
        }
    }

    /** Stops probes that are still running. */
    @Override
    public void close() {
        probes.shutdownNow();
    }
}
