package dev.ssmtpmailer.spring.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Keeps SubEthaSMTP's loggers ({@code org.subethamail} and every logger below it) at INFO or above while the
 * relay's server runs, whatever {@code logging.level.*} says: at DEBUG its session logs each command line a client
 * sends, {@code AUTH PLAIN} credentials included, and the relay logs no credentials. The command line's
 * {@code serve} does the same for its own logging backend.
 */
final class SubEthaLogLevel {
    /** SubEthaSMTP's loggers. */
    static final String LOGGER = "org.subethamail";
    private static final Logger LOG = LoggerFactory.getLogger(RelayServerLifecycle.class);

    private SubEthaLogLevel() {
    }

    /**
     * Sets each of SubEthaSMTP's loggers whose level is below INFO (configured, or for {@code org.subethamail}
     * itself, inherited, as from {@code logging.level.root=DEBUG}) to INFO, and says so in one INFO line. A logging
     * system that cannot be had or cannot tell or set the levels (Spring Boot's {@code none}, one of the
     * application's own, Logback's {@code IllegalStateException} on a class path with another SLF4J binding) gets
     * one WARN asking to keep the level at INFO; it never stops the server's start.
     *
     * @param system the application's logging system
     * @return the loggers it raised, empty when none was below INFO or the levels could not be read
     */
    static List<String> clamp(Supplier<LoggingSystem> system) {
        List<String> raised = new ArrayList<>();
        try {
            LoggingSystem logging = system.get();
            LoggerConfiguration base = logging.getLoggerConfiguration(LOGGER);
            if (base != null && tooLow(base.getEffectiveLevel())) {
                raised.add(LOGGER);
            }
            for (LoggerConfiguration c : logging.getLoggerConfigurations()) {
                if (c.getName().startsWith(LOGGER + ".") && tooLow(c.getConfiguredLevel())) {
                    raised.add(c.getName());
                }
            }
            for (String name : raised) {
                logging.setLogLevel(name, LogLevel.INFO);
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot check the logging level of {} ({}): keep it at INFO or above (logging.level.{}=INFO), "
                    + "below INFO SubEthaSMTP logs each client command line, AUTH credentials included", LOGGER, e, LOGGER);
            return List.of();
        }
        if (!raised.isEmpty()) {
            LOG.info("Logging level of {} raised to INFO: below INFO SubEthaSMTP logs each client command line, AUTH "
                    + "credentials included", String.join(", ", raised));
        }
        return raised;
    }

    private static boolean tooLow(LogLevel level) {
        return level == LogLevel.TRACE || level == LogLevel.DEBUG;
    }
}
