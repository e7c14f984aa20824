package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.message.RelayException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The spool could not do its work on disk: its directory cannot be created or locked, or a message could not
 * be stored. Carries the spool directory.
 */
public final class SpoolException extends RelayException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    /**
     * @param directory the spool directory
     * @param message what failed
     * @param cause the I/O failure, or {@code null}
     */
    public SpoolException(Path directory, String message, Throwable cause) {
        super(message + " (spool " + directory + ")", cause);
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** @return the spool directory */
    public Path directory() {
        return directory;
    }
}
