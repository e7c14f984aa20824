package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.internal.CloseState;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Jakarta Mail (Angus) implementation of {@link SmtpRelayClient}: one {@link AccountPool} per account. */
final class PooledSmtpRelayClient implements SmtpRelayClient {
    private static final Logger LOG = LoggerFactory.getLogger(PooledSmtpRelayClient.class);

    private final GlobalSettings global;
    private final PoolContext poolContext;
    private final Map<DomainConfig, AccountPool> pools = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final WriteDeadlines writeDeadlines;
    private final CloseState closeState = new CloseState("the SMTP client is closed");

    PooledSmtpRelayClient(GlobalSettings global, TokenProvider tokens, InstantSource clock, PoolSettings settings) {
        this.global = Objects.requireNonNull(global, "global");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        MailProperties.millis(global.connectionTimeout());
        MailProperties.millis(global.readTimeout());
        MailProperties.millis(global.writeTimeout());
        // One daemon thread arms the write timeouts of every connection (Angus would start one per socket)
        // and sweeps idle connections.
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ssmtp-mailer-smtp-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.writeDeadlines = new WriteDeadlines(timer);
        this.poolContext = new PoolContext(global, tokens, clock, settings, writeDeadlines);
        long sweep = settings.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::evictIdle, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    @Override
    public List<RecipientResult> send(DomainConfig account, Envelope envelope, MessageBody body) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(body, "body");
        closeState.requireOpen();
        return poolOf(account).send(envelope, body);
    }

    @Override
    public ProbeResult probe(DomainConfig account) {
        Objects.requireNonNull(account, "account");
        closeState.requireOpen();
        return poolOf(account).probe();
    }

    /**
     * The account's pool, made on first use by {@code send} or {@code probe} alike: one place builds pools, so
     * every connection arms its write timeouts on {@link WriteDeadlines}, whichever call came first.
     */
    private AccountPool poolOf(DomainConfig account) {
        return pools.computeIfAbsent(account, a -> new AccountPool(a, poolContext));
    }

    @Override
    public void retainAccounts(Collection<DomainConfig> accounts) {
        Set<DomainConfig> keep = new HashSet<>(accounts);
        for (DomainConfig account : List.copyOf(pools.keySet())) {
            if (!keep.contains(account)) {
                AccountPool pool = pools.remove(account);
                if (pool != null) {
                    LOG.debug("account {}: no longer configured, closing its connections", account.displayName());
                    pool.retire();
                }
            }
        }
    }

    /** Closes idle connections past {@link PoolSettings#maxIdle()}; runs on the timer, callable from tests. */
    void evictIdle() {
        try {
            pools.values().forEach(AccountPool::evictIdle);
        } catch (RuntimeException e) {
            LOG.debug("idle sweep failed", e);
        }
    }

    /** @return the executor every pool must arm its write timeouts on (tests) */
    WriteDeadlines writeDeadlines() {
        return writeDeadlines;
    }

    /** @return the pool of {@code account}, if one was created (tests) */
    AccountPool pool(DomainConfig account) {
        return pools.get(account);
    }

    @Override
    public void close() {
        if (!closeState.markClosed()) {
            return;
        }
        Duration wait = global.readTimeout().compareTo(global.connectionTimeout()) > 0
                ? global.readTimeout() : global.connectionTimeout();
        for (AccountPool pool : pools.values()) {
            pool.close(wait);
        }
        pools.clear();
        timer.shutdownNow();
    }
}
