package dev.ssmtpmailer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.QueueStats;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.SmtpPhase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(MetricsEndpoint e, String path, String method) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + e.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAndHealth_servedOnLoopback(@TempDir Path spool) throws Exception {
        RelayConfig config = RelayMetricsTest.config(spool, RelayMetricsTest.ACCOUNT);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RelayMetrics metrics = new RelayMetrics(config, RateLimiter.create(config));
        metrics.bindTo(registry);
        RelayHealth health = new RelayHealth(config, () -> RelayMetricsTest.queue(0, Duration.ZERO));
        metrics.delivered(RelayMetricsTest.ID, Duration.ofMillis(5));
        health.delivered(RelayMetricsTest.ID, Duration.ofMillis(5));

        try (MetricsEndpoint e = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), registry, health::report)) {
            HttpResponse<String> m = get(e, "/metrics", "GET");
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(m.body()).contains("ssmtp_mailer_messages_delivered_total{account=\"mail-relay@domain1.com\"} 1.0");

            HttpResponse<String> h = get(e, "/health", "GET");
            assertThat(h.statusCode()).isEqualTo(200);
            assertThat(h.body()).startsWith("{\"status\":\"UP\",\"accounts\":{\"mail-relay@domain1.com\":{\"status\":\"UP\"}}"
                    + ",\"queue\":{\"status\":\"UP\",\"depth\":0,\"oldest_age_seconds\":0},\"disk\":{\"status\":\"UP\"");

            assertThat(get(e, "/other", "GET").statusCode()).isEqualTo(404);
            assertThat(get(e, "/metrics", "POST").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void health_refusedLogin_is503WithTheAccountDown(@TempDir Path spool) throws Exception {
        RelayConfig config = RelayMetricsTest.config(spool, RelayMetricsTest.ACCOUNT);
        RelayHealth health = new RelayHealth(config, () -> RelayMetricsTest.queue(0, Duration.ZERO));
        health.failed(RelayMetricsTest.ID, DeliveryStatus.PERMANENT_FAILURE, SmtpPhase.AUTH);
        health.authenticationFailed(RelayMetricsTest.ID);

        try (MetricsEndpoint e = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), health::report)) {
            HttpResponse<String> h = get(e, "/health", "GET");
            assertThat(h.statusCode()).isEqualTo(503);
            assertThat(h.body()).contains("\"mail-relay@domain1.com\":{\"status\":\"DOWN\",\"detail\":\"the last login was refused\"}");
        }
    }

    @Test
    void health_oldQueueOrUnreadableQueue_isDown(@TempDir Path spool) {
        RelayConfig config = RelayMetricsTest.config(spool, RelayMetricsTest.ACCOUNT); // max_queue_lifetime 5d
        assertThat(new RelayHealth(config, () -> RelayMetricsTest.queue(1, Duration.ofDays(3))).report())
                .satisfies(r -> {
                    assertThat(r.healthy()).isFalse();
                    assertThat(r.json()).contains("\"queue\":{\"status\":\"DOWN\",\"depth\":1,\"oldest_age_seconds\":259200}");
                });
        assertThat(new RelayHealth(config, () -> { throw new IllegalStateException("closed"); }).report().json())
                .contains("\"queue\":{\"status\":\"DOWN\",\"detail\":\"cannot read the queue\"}");
        assertThat(new RelayHealth(config, () -> RelayMetricsTest.queue(1, Duration.ofHours(1))).report().healthy()).isTrue();
    }

    @Test
    void health_journaledMessagesUnrestored_countedInTheQueue_whichStaysUp(@TempDir Path spool) {
        RelayConfig config = RelayMetricsTest.config(spool, RelayMetricsTest.ACCOUNT);
        QueueControl queue = RelayMetricsTest.queue(new QueueStats(0, 0, 0, 0, 0, 4, Duration.ofMinutes(1), 2));

        RelayHealth.Report r = new RelayHealth(config, () -> queue).report();

        assertThat(r.json()).contains("\"queue\":{\"status\":\"UP\",\"depth\":4,\"oldest_age_seconds\":60,\"unrestored\":2,"
                + "\"detail\":\"journaled messages could not be restored: see the ERROR lines, fix, restart\"}");
    }
}
