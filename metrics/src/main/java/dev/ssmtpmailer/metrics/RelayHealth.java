package dev.ssmtpmailer.metrics;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.QueueStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The health of a running relay, as {@code GET /health} reports it: one entry per upstream account, one for the
 * queue and one for the disk. It listens to the relay (register it like {@link RelayMetrics}).
 *
 * <ul>
 *   <li>An <b>account</b> is {@code DOWN} when its last transaction failed to connect or to log in, {@code UP}
 *       after a delivery or any other outcome, {@code UNKNOWN} before its first transaction (healthy), and again
 *       after a reload that changed its settings ({@link #accounts}).</li>
 *   <li>The <b>queue</b> is {@code DOWN} when it cannot be read or its oldest message is older than half of
 *       {@code max_queue_lifetime} (mail that old is close to being dead-lettered).</li>
 *   <li>The <b>disk</b> is {@code DOWN} when the spool's file system has less than {@code min_free_space} usable
 *       (the inbound server then answers {@code 452 4.3.1}).</li>
 * </ul>
 */
public final class RelayHealth implements RelayListener {
    private final Supplier<? extends QueueControl> queue;
    private final Map<AccountId, String> lastProblem = new ConcurrentHashMap<>();
    private final Map<AccountId, Boolean> seen = new ConcurrentHashMap<>();
    private volatile RelayConfig config;
    /** The spool's directory as {@code serve} started (spool_dir is read at start only: a reload does not move it). */
    private final Path spoolDir;

    /**
     * @param config the configuration whose upstream accounts are reported
     * @param queue looks the spool up when the health is read
     */
    public RelayHealth(RelayConfig config, Supplier<? extends QueueControl> queue) {
        this.config = Objects.requireNonNull(config, "config");
        this.spoolDir = config.global().spoolDir();
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** @return the spool directory whose disk the health checks: the one {@code serve} started with */
    Path spoolDir() {
        return spoolDir;
    }

    /**
     * Takes the configuration after a reload. An account whose connection or login settings changed (its server,
     * port, TLS, CA file, user name, password, auth method, OAuth2 settings) is {@code UNKNOWN} again until its
     * next transaction: its last failure was with the settings the operator just fixed, and its next attempt may
     * be an hour away ({@code retry_max_backoff}). Other changes (rate limits, its section moved by a comment
     * above it) fix nothing and leave its status. A password read from {@code password_file} or
     * {@code password_env} is not part of the configuration: changing it alone changes nothing here.
     *
     * @param config the configuration after a reload
     */
    public void accounts(RelayConfig config) {
        Objects.requireNonNull(config, "config");
        Map<AccountId, List<Object>> before = new HashMap<>();
        this.config.domains().forEach(d -> before.put(d.id(), connectAndLogin(d)));
        this.config = config;
        for (DomainConfig d : config.domains()) {
            if (!connectAndLogin(d).equals(before.get(d.id()))) {
                seen.remove(d.id());
                lastProblem.remove(d.id());
            }
        }
    }

    /** @return what a failed connection or login depends on */
    private static List<Object> connectAndLogin(DomainConfig d) {
        return Arrays.asList(d.smtpServer(), d.smtpPort(), d.tls(), d.caFile(), d.verifyCertificates(), d.authMethod(),
                d.relayAccount(), d.username(), d.password(), d.oauth2());
    }

    @Override
    public void delivered(AccountId account, Duration latency) {
        ok(account);
    }

    @Override
    public void failed(AccountId account, dev.ssmtpmailer.smtp.DeliveryStatus status, dev.ssmtpmailer.smtp.SmtpPhase phase) {
        switch (phase) {
            case CONNECT, EHLO, TLS, AUTH -> { } // connectionFailed / authenticationFailed follow and decide
            default -> ok(account);
        }
    }

    @Override
    public void connectionFailed(AccountId account) {
        problem(account, "the last connection failed");
    }

    @Override
    public void authenticationFailed(AccountId account) {
        problem(account, "the last login was refused");
    }

    private void ok(AccountId account) {
        seen.put(account, true);
        lastProblem.remove(account);
    }

    private void problem(AccountId account, String what) {
        seen.put(account, true);
        lastProblem.put(account, what);
    }

    /**
     * @return the report now: {@code healthy} and the JSON body of {@code GET /health}
     */
    public Report report() {
        boolean healthy = true;
        JsonObject accounts = new JsonObject();
        for (DomainConfig d : config.upstreamAccounts()) {
            AccountId key = d.id();
            String problem = lastProblem.get(key);
            String status = problem != null ? "DOWN" : seen.containsKey(key) ? "UP" : "UNKNOWN";
            healthy &= problem == null;
            JsonObject account = new JsonObject().str("status", status);
            if (problem != null) {
                account.str("detail", problem);
            }
            accounts.raw(d.displayName(), account);
        }
        JsonObject queueHealth = new JsonObject();
        try {
            QueueStats stats = queue.get().stats();
            Duration limit = config.global().maxQueueLifetime().dividedBy(2);
            boolean ok = stats.oldestAge().compareTo(limit) <= 0;
            healthy &= ok;
            queueHealth.str("status", ok ? "UP" : "DOWN").num("depth", stats.depth())
                    .num("oldest_age_seconds", stats.oldestAge().toSeconds());
            if (stats.unrestored() > 0) { // the others are delivered: the operator fixes the cause and restarts
                queueHealth.num("unrestored", stats.unrestored())
                        .str("detail", "journaled messages could not be restored: see the ERROR lines, fix, restart");
            }
        } catch (RuntimeException e) {
            healthy = false;
            queueHealth.str("status", "DOWN").str("detail", "cannot read the queue");
        }
        double free = RelayMetrics.usableSpace(spoolDir);
        boolean diskOk = !Double.isNaN(free) && free >= config.global().minFreeSpace();
        healthy &= diskOk;
        JsonObject disk = new JsonObject().str("status", diskOk ? "UP" : "DOWN")
                .raw("free_bytes", Double.isNaN(free) ? "null" : String.valueOf((long) free));
        JsonObject json = new JsonObject().str("status", healthy ? "UP" : "DOWN").raw("accounts", accounts)
                .raw("queue", queueHealth).raw("disk", disk);
        return new Report(healthy, json.toString());
    }

    /**
     * The health at one moment.
     *
     * @param healthy whether every part is healthy ({@code GET /health} answers 200, else 503)
     * @param json the body: {@code {"status":"UP","accounts":{NAME:{"status":...}},"queue":{...},"disk":{...}}}
     */
    public record Report(boolean healthy, String json) {
    }
}
