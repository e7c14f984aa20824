package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.metrics.InboundMetrics;
import dev.ssmtpmailer.metrics.MetricsEndpoint;
import dev.ssmtpmailer.metrics.RelayHealth;
import dev.ssmtpmailer.metrics.RelayMetrics;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.server.RelayServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code metrics_listen} for {@code serve}: the relay's meters ({@link RelayMetrics}, the Spring starter's) in a
 * Prometheus registry and the {@link RelayHealth} report, served by a {@link MetricsEndpoint}, with the inbound
 * server's meters ({@link InboundMetrics}). The meters listen from the start, so the first delivery and the first
 * client are counted; the endpoint opens once the service runs.
 */
final class ServeMetrics implements AutoCloseable {
    /** {@code sun.net.httpserver.maxReqTime} and {@code maxRspTime} in {@code serve}: far above a scrape's time. */
    static final String TIME_LIMIT_SECONDS = "10";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<QueueControl> queue = new AtomicReference<>();
    private final RelayMetrics metrics;
    private final InboundMetrics inbound = new InboundMetrics();
    private final RelayHealth health;
    private final InetSocketAddress address;
    private MetricsEndpoint endpoint;

    private ServeMetrics(RelayConfig config, RateLimiter limiter, InetSocketAddress address) {
        this.metrics = new RelayMetrics(config, limiter, queue::get);
        this.health = new RelayHealth(config, queue::get);
        this.address = address;
        inbound.bindTo(registry); // before the server starts: its first session is counted
    }

    /**
     * @param config the configuration, whose {@code metrics_listen} says whether there are metrics
     * @param parts the assembly to be built: gets the rate limiter the meters read and the two listeners
     * @return the metrics, or {@code null} without {@code metrics_listen}
     */
    static ServeMetrics attach(RelayConfig config, RelayAssembly.Builder parts) {
        String listen = config.global().metricsListen();
        if (listen == null) {
            return null;
        }
        int colon = listen.lastIndexOf(':'); // the configuration checked HOST:PORT
        InetSocketAddress address = new InetSocketAddress(listen.substring(0, colon).replace("[", "").replace("]", ""),
                Integer.parseInt(listen.substring(colon + 1)));
        RateLimiter limiter = RateLimiter.create(config);
        parts.rateLimiter(limiter);
        ServeMetrics m = new ServeMetrics(config, limiter, address);
        parts.listener(m.metrics).listener(m.health);
        return m;
    }

    /**
     * @param server the inbound server to be built
     * @return the same builder, telling the inbound meters of every session, message and refusal
     */
    RelayServer.Builder listenTo(RelayServer.Builder server) {
        return server.listener(inbound);
    }

    /**
     * Binds the relay's meters and opens the endpoint.
     *
     * @param running the started service's spool
     * @return where the endpoint listens
     * @throws Main.Failure if {@code metrics_listen} cannot be bound
     */
    InetSocketAddress start(QueueControl running) {
        queue.set(running);
        metrics.bindTo(registry);
        limitRequestTime(System.getProperties());
        try {
            endpoint = MetricsEndpoint.start(address, registry, health::report);
        } catch (UncheckedIOException e) {
            throw new Main.Failure(ExitStatus.UNAVAILABLE, "serve: " + e.getMessage());
        }
        return endpoint.address();
    }

    /**
     * Sets the JDK HTTP server's {@code sun.net.httpserver.maxReqTime} and {@code maxRspTime} to
     * {@value #TIME_LIMIT_SECONDS} s unless the JVM was given them ({@code SSMTP_MAILER_JAVA_OPTS}), so a client
     * that stalls mid-request is dropped. {@code serve} owns its JVM and sets them before the endpoint makes the
     * process's first {@code HttpServer} (the JDK reads them then); the metrics library does not, since they would
     * cut an embedding application's own {@code HttpServer} responses too.
     *
     * @param system the JVM's system properties (a test passes its own)
     */
    static void limitRequestTime(Properties system) {
        for (String property : List.of("sun.net.httpserver.maxReqTime", "sun.net.httpserver.maxRspTime")) {
            system.putIfAbsent(property, TIME_LIMIT_SECONDS);
        }
    }

    /** @param config the reloaded configuration: new accounts get their meters and a health entry */
    void accounts(RelayConfig config) {
        metrics.accounts(config);
        health.accounts(config);
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
