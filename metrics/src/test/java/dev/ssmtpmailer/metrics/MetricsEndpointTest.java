package dev.ssmtpmailer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.SourceLocation;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.QueueStats;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.SmtpPhase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

    /**
     * A client that sends half a request and then nothing held the endpoint's one thread for good: every later
     * scrape and probe went unanswered. The other client's answer must come while the stalled connection is still
     * open, not after it was dropped; the stalled one is dropped after {@code sun.net.httpserver.maxReqTime}, which
     * this module's surefire gives the JVM (10 s, as {@code serve} sets it: the library sets no JVM-wide property).
     */
    @Test
    void health_aClientStalledMidRequest_doesNotHoldUpOthers_andIsDropped(@TempDir Path spool) throws Exception {
        RelayConfig config = RelayMetricsTest.config(spool, RelayMetricsTest.ACCOUNT);
        RelayHealth health = new RelayHealth(config, () -> RelayMetricsTest.queue(0, Duration.ZERO));

        try (MetricsEndpoint e = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), health::report);
             Socket stalled = new Socket("127.0.0.1", e.address().getPort())) {
            OutputStream out = stalled.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // no blank line
            out.flush();

            URI uri = URI.create("http://127.0.0.1:" + e.address().getPort() + "/health");
            HttpResponse<String> h = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(h.statusCode()).isEqualTo(200);
            stalled.setSoTimeout(1);
            assertThat(endOfStream(stalled.getInputStream())).as("answered only once the stalled client was dropped").isFalse();

            stalled.setSoTimeout(60_000); // a generous bound: the server closes it after maxReqTime
            assertThat(endOfStream(stalled.getInputStream())).isTrue();
        }
    }

    /** @return whether the peer closed the connection (end of stream or a reset) before sending anything */
    private static boolean endOfStream(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
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
    void health_accountDown_reloadChangingItsSettings_isUnknownUntilItsNextTransaction(@TempDir Path spool) {
        String other = "relay@domain2.com";
        RelayConfig before = RelayMetricsTest.config(spool, RelayMetricsTest.ACCOUNT, other);
        RelayHealth health = new RelayHealth(before, () -> RelayMetricsTest.queue(0, Duration.ZERO));
        health.authenticationFailed(RelayMetricsTest.ID);
        health.authenticationFailed(AccountId.of(other));
        DomainConfig fixed = before.domains().get(0).toBuilder().smtpPort(587).build();

        health.accounts(RelayConfig.builder().global(before.global()).domain(fixed).domain(before.domains().get(1))
                .mapping(before.mappings().get(0)).build());

        assertThat(health.report().json()).contains("\"mail-relay@domain1.com\":{\"status\":\"UNKNOWN\"}",
                "\"relay@domain2.com\":{\"status\":\"DOWN\",\"detail\":\"the last login was refused\"}");
        health.delivered(RelayMetricsTest.ID, Duration.ofMillis(5));
        assertThat(health.report().json()).contains("\"mail-relay@domain1.com\":{\"status\":\"UP\"}");
    }

    /** spool_dir is read at start only: a reload that names another directory leaves the spool, and its disk, as they are. */
    @Test
    void reloadNamingAnotherSpoolDir_healthAndGaugeStillMeasureTheSpoolServeStartedWith(@TempDir Path spool,
            @TempDir Path elsewhere) {
        RelayConfig before = RelayMetricsTest.config(spool, RelayMetricsTest.ACCOUNT);
        RelayHealth health = new RelayHealth(before, () -> RelayMetricsTest.queue(0, Duration.ZERO));
        RelayMetrics metrics = new RelayMetrics(before, RateLimiter.create(before));
        RelayConfig moved = RelayConfig.builder(before).global(before.global().toBuilder().spoolDir(elsewhere).build())
                .build();

        health.accounts(moved);
        metrics.accounts(moved);

        assertThat(health.spoolDir()).isEqualTo(spool);
        assertThat(metrics.spoolDir()).isEqualTo(spool);
    }

    /** A comment added above the account's section moves its lines; nothing about it was fixed. */
    @Test
    void health_accountDown_reloadMovingItsSectionOrItsRateLimit_staysDown(@TempDir Path spool) {
        RelayConfig before = RelayMetricsTest.config(spool, RelayMetricsTest.ACCOUNT);
        RelayHealth health = new RelayHealth(before, () -> RelayMetricsTest.queue(0, Duration.ZERO));
        health.authenticationFailed(RelayMetricsTest.ID);
        DomainConfig moved = before.domains().get(0).toBuilder().rateLimitPerMinute(7)
                .source(new SourceLocation("/etc/ssmtp-mailer/domains.d/domain1.ini", 12, "domain1.com", Map.of())).build();

        health.accounts(RelayConfig.builder().global(before.global()).domain(moved).mapping(before.mappings().get(0))
                .build());

        assertThat(health.report().json())
                .contains("\"mail-relay@domain1.com\":{\"status\":\"DOWN\",\"detail\":\"the last login was refused\"}");
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
