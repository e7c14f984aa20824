package dev.ssmtpmailer.metrics;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.QueueStats;
import java.time.Duration;
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
 *       after a delivery or any other outcome, {@code UNKNOWN} before its first transaction (healthy).</li>
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

    /**
     * @param config the configuration whose upstream accounts are reported
     * @param queue looks the spool up when the health is read
     */
    public RelayHealth(RelayConfig config, Supplier<? extends QueueControl> queue) {
        this.config = Objects.requireNonNull(config, "config");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** @param config the configuration after a reload */
    public void accounts(RelayConfig config) {
        this.config = Objects.requireNonNull(config, "config");
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
        StringBuilder json = new StringBuilder("{\"status\":\"");
        StringBuilder parts = new StringBuilder();
        boolean healthy = true;
        parts.append("\"accounts\":{");
        String sep = "";
        for (DomainConfig d : config.upstreamAccounts()) {
            AccountId key = d.id();
            String problem = lastProblem.get(key);
            String status = problem != null ? "DOWN" : seen.containsKey(key) ? "UP" : "UNKNOWN";
            healthy &= problem == null;
            parts.append(sep).append(quote(d.displayName())).append(":{\"status\":\"").append(status).append('"');
            if (problem != null) {
                parts.append(",\"detail\":").append(quote(problem));
            }
            parts.append('}');
            sep = ",";
        }
        parts.append("},\"queue\":{");
        try {
            QueueStats stats = queue.get().stats();
            Duration limit = config.global().maxQueueLifetime().dividedBy(2);
            boolean ok = stats.oldestAge().compareTo(limit) <= 0;
            healthy &= ok;
            parts.append("\"status\":\"").append(ok ? "UP" : "DOWN").append("\",\"depth\":").append(stats.depth())
                    .append(",\"oldest_age_seconds\":").append(stats.oldestAge().toSeconds());
        } catch (RuntimeException e) {
            healthy = false;
            parts.append("\"status\":\"DOWN\",\"detail\":").append(quote("cannot read the queue"));
        }
        double free = RelayMetrics.usableSpace(config.global().spoolDir());
        boolean diskOk = !Double.isNaN(free) && free >= config.global().minFreeSpace();
        healthy &= diskOk;
        parts.append("},\"disk\":{\"status\":\"").append(diskOk ? "UP" : "DOWN").append("\",\"free_bytes\":")
                .append(Double.isNaN(free) ? "null" : String.valueOf((long) free)).append("}}");
        json.append(healthy ? "UP" : "DOWN").append("\",").append(parts);
        return new Report(healthy, json.toString());
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
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
