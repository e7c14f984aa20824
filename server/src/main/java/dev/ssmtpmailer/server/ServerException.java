package dev.ssmtpmailer.server;

import dev.ssmtpmailer.message.RelayException;

/**
 * The inbound server cannot start: no local domain to listen for, the address cannot be bound, or the TLS
 * files in {@code ssl_dir} are incomplete or unreadable. The message names the setting or file to fix.
 */
public final class ServerException extends RelayException {
    private static final long serialVersionUID = 1L;

    /** @param message what to fix */
    public ServerException(String message) {
        super(message);
    }

    /**
     * @param message what to fix
     * @param cause the underlying failure
     */
    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
