package dev.ssmtpmailer.message;

/**
 * Base of every exception this library throws on purpose. All of them are unchecked and carry the data a
 * caller needs to act: {@link dev.ssmtpmailer.config.ConfigException} (which file, line and key),
 * {@link dev.ssmtpmailer.policy.PolicyException} (which rule refused), {@link
 * dev.ssmtpmailer.ratelimit.RateLimitException} (when to retry) and {@link dev.ssmtpmailer.DeliveryException} (reply code, enhanced status, SMTP phase, recipients).
 */
public class RelayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for a person
     */
    public RelayException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for a person
     * @param cause the underlying failure, kept for diagnosis
     */
    public RelayException(String message, Throwable cause) {
        super(message, cause);
    }
}
