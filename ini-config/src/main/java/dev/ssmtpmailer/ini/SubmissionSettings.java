package dev.ssmtpmailer.ini;

import java.util.Objects;

/**
 * What handing one message to the {@code serve} of this host needs from a tree, read by
 * {@link IniConfig#readSubmission(java.nio.file.Path)} without loading the tree: where {@code serve} listens and
 * the three {@code [global]} settings a submitted message depends on. Each value is the one a full
 * {@link IniConfig#load(java.nio.file.Path) load} gives ({@code RelayServer.configuredAddress}, and
 * {@code global().maxMessageSize()}, {@code defaultHostname()}, {@code defaultFrom()}).
 *
 * @param host the host {@code serve} listens on, as written ({@code listen_address}, else {@code smtp_server} of
 *             the local domain); may be a wildcard such as {@code 0.0.0.0}
 * @param port the port {@code serve} listens on, 1 to 65535
 * @param maxMessageSize {@code max_message_size} in bytes
 * @param defaultHostname {@code default_hostname}
 * @param defaultFrom {@code default_from} as written (a valid address), or {@code null} when it is not set
 */
public record SubmissionSettings(String host, int port, long maxMessageSize, String defaultHostname, String defaultFrom) {

    /**
     * @throws NullPointerException if {@code host} or {@code defaultHostname} is {@code null}
     * @throws IllegalArgumentException if {@code port} or {@code maxMessageSize} is out of range
     */
    public SubmissionSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(defaultHostname, "defaultHostname");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive, was " + maxMessageSize);
        }
    }
}
