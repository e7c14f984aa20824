package dev.ssmtpmailer.queue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the file store does with a queued message whose files it cannot read at claim: dead-letter it only when
 * the files themselves are bad, never for a read that failed this once.
 */
final class UnreadableEntry {
    /** How long a message whose files could not be read now (or not be moved to dead/) waits before the next claim. */
    static final Duration RETRY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);

    private UnreadableEntry() {
    }

    /**
     * @param e what reading a queued message's files threw
     * @return whether it says the files are bad (no envelope, a bad state file, invalid UTF-8, the wrong size, a
     *         file cut short or gone), as opposed to a read that failed for a passing reason (EMFILE, EIO, ESTALE)
     */
    static boolean contentError(Exception e) {
        return e instanceof IllegalArgumentException || e instanceof CharacterCodingException
                || e instanceof EOFException || e instanceof NoSuchFileException;
    }

    /**
     * Moves a message whose files are bad to dead/ with the reason, never deleting it.
     *
     * @param failure what reading its files threw
     * @return whether it left queue/; {@code false} when the failure was a passing one or the move failed: the
     *         message stays queued and is claimed again after {@link #RETRY}
     */
    static boolean deadLetter(SpoolFiles files, QueueId id, Exception failure) {
        if (!contentError(failure)) {
            log.warn("spool entry {} cannot be read now and is tried again in {}: {}", id, RETRY, failure.toString());
            return false;
        }
        log.warn("spool entry {} cannot be read and is moved to {}: {}", id, files.dead, failure.toString());
        try {
            files.moveCorruptToDead(id, "unreadable: " + failure.getMessage());
            return true;
        } catch (IOException ex) {
            log.warn("cannot move damaged spool entry {}: {}; it stays queued and is tried again in {}", id, ex.toString(), RETRY);
            return false;
        }
    }
}
