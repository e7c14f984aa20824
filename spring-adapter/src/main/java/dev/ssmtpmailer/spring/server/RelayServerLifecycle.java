package dev.ssmtpmailer.spring.server;

import dev.ssmtpmailer.server.RelayServer;
import java.util.Objects;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the inbound server when the application context has started, and stops it when the context stops,
 * before any bean is destroyed: new sessions are refused and messages in {@code DATA} are spooled, and only then
 * do the relay, the spool and the SMTP client close (every lifecycle stops before any bean is destroyed). It
 * runs in the phase of Spring Boot's web server. Before it starts the server, it keeps SubEthaSMTP's loggers at INFO
 * or above (see {@link #start()}).
 */
public final class RelayServerLifecycle implements SmartLifecycle {
    /** The phase of Spring Boot's web server start/stop. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private final RelayServer server;
    private volatile boolean running;

    /**
     * @param server the server to run
     */
    public RelayServerLifecycle(RelayServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * Keeps SubEthaSMTP's loggers ({@code org.subethamail}) at INFO or above (at DEBUG they log each client
     * command line, {@code AUTH} credentials included; one INFO line says when a level was raised), then starts
     * the server.
     *
     * @throws dev.ssmtpmailer.server.ServerException if the port cannot be bound
     */
    @Override
    public void start() {
        SubEthaLogLevel.clamp(LoggingSystem.get(RelayServerLifecycle.class.getClassLoader()));
        server.start();
        running = true;
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            server.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** @return the server (its port, for a listen port of 0) */
    public RelayServer server() {
        return server;
    }
}
