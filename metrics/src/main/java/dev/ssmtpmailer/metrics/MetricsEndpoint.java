package dev.ssmtpmailer.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The HTTP side of {@code metrics_listen} for {@code ssmtp-mailer serve} (no Spring): {@code GET /metrics} is the
 * Prometheus registry's scrape, {@code GET /health} the {@link RelayHealth} report (200 healthy, 503 not). Anything
 * else is 404, a method other than GET or HEAD 405. It runs on the JDK's {@code com.sun.net.httpserver} with
 * {@value #THREADS} daemon threads.
 *
 * <p>That server reads a request's headers on one of those threads, blocking, with no time limit unless the JVM
 * says so: a client that sent half a request and then nothing holds its thread, so with one thread it held up
 * every later scrape and probe; with {@value #THREADS} the others still answer while a few clients stall. The
 * time limits are the JDK's {@code sun.net.httpserver.maxReqTime} and {@code sun.net.httpserver.maxRspTime}
 * (seconds to read a request, to send an answer; past them the connection is closed): system properties of the
 * whole JVM, read once when its first {@code HttpServer} is made, so this library leaves them to the owner of the
 * JVM. {@code ssmtp-mailer serve} sets both to 10 s unless it was given them; an application embedding this
 * endpoint sets them itself (on the command line, or before its first {@code HttpServer}) if it wants a limit.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** Enough that a stalled client or two do not hold up a scrape, few enough to cost nothing when idle. */
    static final int THREADS = 3;

    private final HttpServer server;
    private final ExecutorService thread;

    private MetricsEndpoint(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /**
     * Binds and starts the endpoint.
     *
     * @param address where to listen ({@code metrics_listen}); port 0 picks a free one
     * @param registry the registry the relay's meters are bound to
     * @param health the health report, read on each request
     * @return the running endpoint
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static MetricsEndpoint start(InetSocketAddress address, PrometheusMeterRegistry registry,
                                        Supplier<RelayHealth.Report> health) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(health, "health");
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("metrics_listen: cannot listen on " + address + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", x -> answer(x, "/metrics", () -> new Body(200, PROMETHEUS_TEXT, registry.scrape())));
        server.createContext("/health", x -> answer(x, "/health", () -> {
            RelayHealth.Report r = health.get();
            return new Body(r.healthy() ? 200 : 503, "application/json", r.json());
        }));
        server.createContext("/", x -> answer(x, null, null));
        AtomicInteger threads = new AtomicInteger();
        ExecutorService thread = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "ssmtp-mailer-metrics-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.start();
        return new MetricsEndpoint(server, thread);
    }

    /** @return the address the endpoint is bound to (the real port when 0 was asked) */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private record Body(int status, String type, String text) {
    }

    private static void answer(HttpExchange x, String path, Supplier<Body> body) throws IOException {
        try (x) {
            Body b;
            if (path == null || !x.getRequestURI().getPath().equals(path)) {
                b = new Body(404, "text/plain; charset=utf-8", "not found: try /metrics or /health\n");
            } else if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
                x.getResponseHeaders().set("Allow", "GET, HEAD");
                b = new Body(405, "text/plain; charset=utf-8", "method not allowed\n");
            } else {
                b = body.get();
            }
            byte[] bytes = b.text().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", b.type());
            boolean head = x.getRequestMethod().equals("HEAD");
            x.sendResponseHeaders(b.status(), head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Stops answering at once. */
    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
