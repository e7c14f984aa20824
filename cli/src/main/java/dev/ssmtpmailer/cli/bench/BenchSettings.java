package dev.ssmtpmailer.cli.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * What to send where.
 *
 * @param host the server
 * @param port its port
 * @param messages how many messages in total, at least 1
 * @param size the size of each message in bytes (headers included, roughly), at least 100
 * @param connections parallel sessions, at least 1
 * @param startTls whether to issue STARTTLS first (the certificate is not verified: a benchmark sends no secrets)
 * @param from the envelope sender
 * @param to the envelope recipient
 * @param timeout connect and read timeout
 */
public record BenchSettings(String host, int port, int messages, int size, int connections, boolean startTls,
                            String from, String to, Duration timeout) {

    /** Checks the values. */
    public BenchSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
        if (messages < 1 || connections < 1) {
            throw new IllegalArgumentException("messages and connections must be at least 1");
        }
        if (size < 100) {
            throw new IllegalArgumentException("size must be at least 100 bytes, was " + size);
        }
        connections = Math.min(connections, messages);
    }
}
