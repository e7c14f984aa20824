package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ssmtpmailer.testing.Peers;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with {@code metrics_listen}, scraped by a real Prometheus on loopback: a message forwarded to
 * upstream-smtp shows up as {@code ssmtp_mailer_messages_delivered_total 1} in Prometheus's HTTP API, the one
 * to an unknown alias as {@code ssmtp_mailer_inbound_refusals_total{reason="unknown_recipient"} 1}, and the
 * failure series are there at 0 before any failure.
 */
class ServeMetricsIT {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void prometheus_scrapingServe_readsTheDeliveredCounterBack() throws Exception {
        Path prometheus = prometheusBinary();
        int smtpPort = Peers.freePort();
        int metricsPort = Peers.freePort();
        int prometheusPort = Peers.freePort();
        Path tree = ServeIT.tree(dir, "metrics_listen = 127.0.0.1:" + metricsPort + "\n");
        Process serve = Jar.start(dir, "--config-dir", tree.toString(), "serve", "--listen", "127.0.0.1:" + smtpPort);
        Process prom = null;
        try {
            String stdout = ServeIT.awaitLine(dir.resolve("stdout"), "metrics on");
            assertThat(stdout).as(Files.readString(dir.resolve("stderr")))
                    .contains("ssmtp-mailer: metrics on http://127.0.0.1:" + metricsPort + "/metrics and /health");
            String subject = "metrics " + System.nanoTime();
            assertThat(ServeIT.sendAsOutsider(smtpPort, "contact-sales@mailer.domain1.com", subject)).startsWith("250");
            assertThat(ServeIT.findDelivered(Path.of(Jar.peer("MAILDIR_NEW")), subject)).isNotEmpty();
            assertThat(ServeIT.sendAsOutsider(smtpPort, "nobody@mailer.domain1.com", "refused")).startsWith("550 5.1.1");

            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: ssmtp-mailer\n"
                    + "    static_configs:\n      - targets: ['127.0.0.1:" + metricsPort + "']\n");
            prom = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

            String delivered = awaitQuery(prometheusPort, "ssmtp_mailer_messages_delivered_total", "\"1\"");
            assertThat(delivered).as(Files.readString(dir.resolve("prometheus.log")))
                    .contains("\"account\":\"" + Jar.peer("SMTP_USER") + "\"", "\"job\":\"ssmtp-mailer\"", "\"1\"]");
            assertThat(awaitQuery(prometheusPort, "ssmtp_mailer_authentication_failures_total", "\"0\""))
                    .contains("\"0\"]");
            assertThat(awaitQuery(prometheusPort, "ssmtp_mailer_inbound_refusals_total{reason=\"unknown_recipient\"}", "\"1\""))
                    .contains("\"1\"]");
            assertThat(awaitQuery(prometheusPort, "ssmtp_mailer_inbound_refusals_total{reason=\"relay_denied\"}", "\"0\""))
                    .contains("\"0\"]");
            assertThat(awaitQuery(prometheusPort, "ssmtp_mailer_inbound_messages_total", "\"1\"")).contains("\"1\"]");
            assertThat(awaitQuery(prometheusPort, "ssmtp_mailer_inbound_sessions_total", "\"2\"")).contains("\"2\"]");

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"" + Jar.peer("SMTP_USER") + "\":{\"status\":\"UP\"}");
        } finally {
            if (prom != null) {
                prom.destroy();
                prom.waitFor(30, TimeUnit.SECONDS);
            }
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Polls Prometheus's query API (bounded) until the result holds {@code expected}; returns the last answer. */
    private String awaitQuery(int port, String query, String expected) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        String body = "";
        for (int i = 0; i < 300; i++) {
            try {
                body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("\"result\":[{") && body.contains(expected)) {
                    return body;
                }
            } catch (IOException notUpYet) {
                body = notUpYet.toString();
            }
            Thread.sleep(200);
        }
        return body;
    }

    /** @return {@code prometheus} on the PATH; skips when absent, fails when {@code SSMTP_REQUIRE_PEERS=1} */
    private static Path prometheusBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String why = "prometheus not installed (Debian package prometheus): metrics IT skipped";
        if ("1".equals(System.getenv("SSMTP_REQUIRE_PEERS"))) {
            fail(why + " (SSMTP_REQUIRE_PEERS=1)");
        }
        return Assumptions.abort(why);
    }
}
