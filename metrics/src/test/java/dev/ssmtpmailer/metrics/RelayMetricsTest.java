package dev.ssmtpmailer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.QueueStats;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.SmtpPhase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayMetricsTest {
    static final String ACCOUNT = "mail-relay@domain1.com";
    static final AccountId ID = AccountId.of(ACCOUNT);

    static RelayConfig config(Path spool, String... accounts) {
        RelayConfig.Builder b = RelayConfig.builder().global(g -> g.defaultHostname("mailer.domain1.com").spoolDir(spool));
        for (String a : accounts) {
            b.domain(DomainConfig.builder(a.substring(a.indexOf('@') + 1)).smtpServer("127.0.0.1").smtpPort(25)
                    .authMethod(AuthMethod.NONE).tls(TlsMode.NONE).relayAccount(a).build());
        }
        return b.mapping(MappingConfig.of("m", "*@mailer.domain1.com", "*@domain1.com", accounts[0])).build();
    }

    static QueueControl queue(int depth, Duration oldest) {
        return queue(new QueueStats(0, 0, 0, 0, 0, depth, oldest));
    }

    static QueueControl queue(QueueStats stats) {
        return new QueueControl() {
            @Override public Stream<QueueEntry> list(int limit) { return Stream.empty(); }
            @Override public Optional<QueueEntry> show(QueueId id) { return Optional.empty(); }
            @Override public boolean retryNow(QueueId id) { return false; }
            @Override public int retryAll() { return 0; }
            @Override public boolean purge(QueueId id) { return false; }
            @Override public QueueStats stats() { return stats; }
        };
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** @return the relay's meters of {@code config}, without a queue, bound to {@link #registry} */
    private RelayMetrics bound(RelayConfig config) {
        RelayMetrics metrics = new RelayMetrics(config, RateLimiter.create(config));
        metrics.bindTo(registry);
        return metrics;
    }

    @Test
    void bindTo_beforeAnyEvent_everyPerAccountSeriesIsThereAtZero(@TempDir Path spool) {
        RelayConfig config = config(spool, ACCOUNT);
        new RelayMetrics(config, RateLimiter.create(config), () -> queue(3, Duration.ofSeconds(90))).bindTo(registry);

        String text = registry.scrape();
        String a = "account=\"" + ACCOUNT + "\"";
        assertThat(text).contains(
                "ssmtp_mailer_messages_delivered_total{" + a + "} 0.0",
                "ssmtp_mailer_messages_deferred_total{" + a + "} 0.0",
                "ssmtp_mailer_messages_failed_total{" + a + ",reason=\"permanent\"} 0.0",
                "ssmtp_mailer_messages_failed_total{" + a + ",reason=\"rate_limited\"} 0.0",
                "ssmtp_mailer_connection_failures_total{" + a + "} 0.0",
                "ssmtp_mailer_authentication_failures_total{" + a + "} 0.0",
                "ssmtp_mailer_rate_limit_triggers_total{" + a + "} 0.0",
                "ssmtp_mailer_delivery_latency_seconds_count{" + a + "} 0",
                "ssmtp_mailer_queue_depth 3.0",
                "ssmtp_mailer_queue_oldest_age_seconds 90.0",
                "ssmtp_mailer_queue_unrestored 0.0",
                "ssmtp_mailer_spool_free_bytes ");
    }

    @Test
    void unrestoredGauge_showsTheJournaledMessagesTheOpenCouldNotRestore_withItsHelp(@TempDir Path spool) {
        RelayConfig config = config(spool, ACCOUNT);
        QueueStats stats = new QueueStats(0, 0, 0, 0, 0, 4, Duration.ofSeconds(60), 2);
        new RelayMetrics(config, RateLimiter.create(config), () -> queue(stats)).bindTo(registry);

        assertThat(registry.get(RelayMetrics.QUEUE_UNRESTORED).gauge().value()).isEqualTo(2.0);
        assertThat(registry.scrape()).contains("ssmtp_mailer_queue_unrestored 2.0",
                "# HELP ssmtp_mailer_queue_unrestored Journaled messages the spool's open could not check or restore");
    }

    @Test
    void events_countUnderTheirAccount(@TempDir Path spool) {
        RelayMetrics metrics = bound(config(spool, ACCOUNT));

        metrics.delivered(ID, Duration.ofMillis(20));
        metrics.delivered(ID, Duration.ofMillis(30));
        metrics.failed(ID, DeliveryStatus.TEMPORARY_FAILURE, SmtpPhase.AUTH);
        metrics.authenticationFailed(ID);
        metrics.failed(ID, DeliveryStatus.PERMANENT_FAILURE, SmtpPhase.RCPT);
        metrics.rateLimited(ID);

        assertThat(registry.get(RelayMetrics.DELIVERED).tag("account", ACCOUNT).counter().count()).isEqualTo(2.0);
        assertThat(registry.get(RelayMetrics.DEFERRED).tag("account", ACCOUNT).counter().count()).isEqualTo(1.0);
        assertThat(registry.get(RelayMetrics.AUTHENTICATION_FAILURES).tag("account", ACCOUNT).counter().count()).isEqualTo(1.0);
        assertThat(registry.get(RelayMetrics.FAILED).tags("account", ACCOUNT, "reason", "permanent").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get(RelayMetrics.FAILED).tags("account", ACCOUNT, "reason", "rate_limited").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get(RelayMetrics.CONNECTION_FAILURES).tag("account", ACCOUNT).counter().count()).isZero();
        assertThat(registry.get(RelayMetrics.LATENCY).tag("account", ACCOUNT).timer().count()).isEqualTo(2);
    }

    @Test
    void accounts_afterReload_newAccountGetsItsMetersAtZero(@TempDir Path spool) {
        RelayMetrics metrics = bound(config(spool, ACCOUNT));
        assertThat(registry.find(RelayMetrics.AUTHENTICATION_FAILURES).tag("account", "new@domain2.com").counter()).isNull();

        metrics.accounts(config(spool, ACCOUNT, "new@domain2.com"));

        assertThat(registry.get(RelayMetrics.AUTHENTICATION_FAILURES).tag("account", "new@domain2.com").counter().count())
                .isZero();
    }
}
