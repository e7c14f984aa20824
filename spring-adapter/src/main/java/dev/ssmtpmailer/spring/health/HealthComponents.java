package dev.ssmtpmailer.spring.health;

import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.QueueStats;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;

/**
 * What the Boot 4 and the Boot 3 health configurations build alike. They differ only in the package of Boot's
 * health types, so everything is decided here in Boot-neutral {@link Answer}s, and each configuration only
 * turns an answer into its own {@code Health}; both import the {@link UpstreamHealth} bean from
 * {@link UpstreamHealthConfiguration}.
 */
final class HealthComponents {
    private HealthComponents() {
    }

    /**
     * One indicator's answer, in neither Boot generation's types.
     *
     * @param status a status code that both generations' {@code Health.status(String)} know: {@code UP},
     *               {@code DOWN} or {@code UNKNOWN}
     * @param details the details to show, in order
     */
    record Answer(String status, Map<String, Object> details) {
        Answer {
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }

    /**
     * @param <I> Boot's health indicator type
     * @param health the per-account health
     * @param spool the spool bean, if any
     * @param indicator Boot's indicator that reports what the supplier answers each time it is asked
     * @return one indicator per upstream account, in configuration order, plus {@code queue} with a spool
     */
    static <I> Map<String, I> indicators(UpstreamHealth health, ObjectProvider<Spool> spool,
                                         Function<Supplier<Answer>, I> indicator) {
        Map<String, I> indicators = new LinkedHashMap<>();
        for (String name : health.accountNames()) {
            indicators.put(name, indicator.apply(() -> account(health.check(name))));
        }
        Spool s = spool.getIfAvailable();
        if (s != null) {
            indicators.put("queue", indicator.apply(() -> queue(s)));
        }
        return indicators;
    }

    /** The queue is UP while its state can be read; its depth and oldest age are for the operator to judge. */
    static Answer queue(QueueControl queue) {
        QueueStats s;
        try {
            s = queue.stats();
        } catch (RuntimeException e) {
            return new Answer("DOWN", Map.of("detail", "cannot read the spool: " + e.getMessage()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("depth", s.depth());
        details.put("oldestAge", s.oldestAge().toString());
        details.put("dead", s.dead());
        details.put("unrestored", s.unrestored()); // journaled messages not delivered until a restart: alert on > 0
        return new Answer("UP", details);
    }

    /** An account's health; the failing SMTP step is shown when it says more than "other". */
    static Answer account(UpstreamHealth.AccountHealth h) {
        if (h == null) {
            return new Answer("UNKNOWN", Map.of("detail", "account no longer configured"));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("detail", h.detail());
        details.put("checkedAt", h.checkedAt().toString());
        if (h.status() == ProbeResult.Status.DOWN && h.phase() != SmtpPhase.OTHER) {
            details.put("phase", h.phase().name());
        }
        return new Answer(h.status().name(), details);
    }
}
