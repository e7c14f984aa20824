package dev.ssmtpmailer.spring.server;

import dev.ssmtpmailer.server.RelayServer;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
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
    private final ObjectProvider<LoggingSystem> loggingSystems;
    private volatile boolean running;

    /**
     * A lifecycle that keeps SubEthaSMTP's levels through Spring Boot's logging system for this class loader.
     *
     * @param server the server to run
     */
    public RelayServerLifecycle(RelayServer server) {
        this(server, null);
    }

    /**
     * @param server the server to run
     * @param loggingSystems the application's logging system (Spring Boot's {@code springBootLoggingSystem} bean, or
     *        one of its own); when there is none, or more than one, or {@code null}, Spring Boot's logging system
     *        for this class loader ({@link LoggingSystem#get})
     */
    public RelayServerLifecycle(RelayServer server, ObjectProvider<LoggingSystem> loggingSystems) {
        this.server = Objects.requireNonNull(server, "server");
        this.loggingSystems = loggingSystems;
    }

    /**
     * Keeps SubEthaSMTP's loggers ({@code org.subethamail}) at INFO or above (at DEBUG they log each client
     * command line, {@code AUTH} credentials included; one INFO line says when a level was raised), then starts
     * the server. A logging system that cannot tell or set the levels gets a WARN instead, and the server starts.
     *
     * @throws dev.ssmtpmailer.server.ServerException if the port cannot be bound
     */
    @Override
    public void start() {
        SubEthaLogLevel.clamp(this::loggingSystem);
        server.start();
        running = true;
    }

    private LoggingSystem loggingSystem() {
        LoggingSystem bean = loggingSystems == null ? null : loggingSystems.getIfUnique();
        return bean != null ? bean : LoggingSystem.get(RelayServerLifecycle.class.getClassLoader());
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
