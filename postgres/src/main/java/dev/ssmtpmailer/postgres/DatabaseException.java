package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.message.RelayException;
import java.util.Objects;

/**
 * The database that holds the shared queue and rate limits could not be used: it is unreachable, refused the
 * login, or failed a statement. Carries the database URL (without any password) and whether the failure is of
 * the kind that goes away when the database comes back (connection lost, server shutting down, too many
 * connections), as opposed to one an operator must fix (wrong password, missing privilege, bad schema).
 */
public final class DatabaseException extends RelayException {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final boolean transientFailure;

    /**
     * @param url the database URL, without password (see {@link PostgresSettings#redactedUrl()})
     * @param message what failed
     * @param transientFailure whether retrying later can succeed without an operator
     * @param cause the driver's exception, or {@code null}
     */
    public DatabaseException(String url, String message, boolean transientFailure, Throwable cause) {
        super(message + " (database " + url + ")", cause);
        this.url = Objects.requireNonNull(url, "url");
        this.transientFailure = transientFailure;
    }

    /** @return the database URL, without password */
    public String url() {
        return url;
    }

    /** @return whether the database was unavailable rather than refusing: retrying later can succeed */
    public boolean transientFailure() {
        return transientFailure;
    }
}
