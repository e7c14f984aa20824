package dev.ssmtpmailer.queue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the file store does with a queued message whose files it cannot read at claim: dead-letter it only when
 * the files themselves are bad, never for a read that failed this once.
 */
final class UnreadableEntry {
    /** How long a message whose files could not be read now (or not be moved to dead/) waits before the next claim. */
    static final Duration RETRY = Duration.ofMinutes(1);
    /**
     * After this many claims in a row (about an hour, {@link #RETRY} apart) that could not read a message's files for
     * a passing reason, the failure is taken for a lasting one (a bad sector, a file the owner may not read) and the
     * message is moved to dead/ like one with bad files; a test seam, else final.
     */
    static volatile int passingLimit = 60;
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
     * Settles a claimed message whose files could not be read: moved to dead/ for bad files, or after
     * {@link #passingLimit} passing failures in a row; else due again after {@link #RETRY}, with any purge or retry
     * requested meanwhile kept for the next claim.
     *
     * @param store the store whose monitor guards {@code index}
     */
    static void settle(Object store, FileIndex index, SpoolFiles files, FileIndex.Slot s, Exception failure, Instant now) {
        int failures;
        synchronized (store) {
            failures = contentError(failure) ? 0 : index.unreadable(s);
        }
        boolean moved = failures >= passingLimit
                ? moveToDead(files, s.id(), "unreadable at " + failures + " claims in a row, " + RETRY.toMinutes()
                        + " minute apart: " + failure, failure)
                : deadLetter(files, s.id(), failure);
        synchronized (store) {
            if (moved) {
                index.remove(s);
            } else {
                index.releaseUnread(s, now.plus(RETRY)); // a passing read error, or the move failed
            }
        }
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
        return moveToDead(files, id, "unreadable: " + failure.getMessage(), failure);
    }

    private static boolean moveToDead(SpoolFiles files, QueueId id, String reason, Exception failure) {
        log.warn("spool entry {} cannot be read and is moved to {}: {}", id, files.dead, failure.toString());
        try {
            files.moveCorruptToDead(id, reason);
            return true;
        } catch (IOException ex) {
            log.warn("cannot move damaged spool entry {}: {}; it stays queued and is tried again in {}", id, ex.toString(), RETRY);
            return false;
        }
    }
}
