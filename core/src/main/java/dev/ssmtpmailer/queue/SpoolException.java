package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.message.RelayException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The spool's store could not do its work: its directory cannot be created or locked, its database cannot be
 * reached, or a message could not be stored or read. Carries which store.
 */
public final class SpoolException extends RelayException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final String store;

    /**
     * @param directory the spool directory (the file store)
     * @param message what failed
     * @param cause the I/O failure, or {@code null}
     */
    public SpoolException(Path directory, String message, Throwable cause) {
        super(message + " (spool " + directory + ")", cause);
        this.directory = Objects.requireNonNull(directory, "directory");
        this.store = directory.toString();
    }

    /**
     * @param store which store, for a person (a database's URL without credentials); never a secret
     * @param message what failed
     * @param cause the failure, or {@code null}
     */
    public SpoolException(String store, String message, Throwable cause) {
        super(message + " (spool " + Objects.requireNonNull(store, "store") + ")", cause);
        this.directory = null;
        this.store = store;
    }

    /** @return the spool directory of a file store; empty for another store */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** @return which store: the spool directory, or the description another store gave */
    public String store() {
        return store;
    }
}
