package dev.ssmtpmailer.queue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Looks at and acts on a spool: what {@code ssmtp-mailer queue list|show|retry|purge} does. A {@link Spool}
 * is one; {@link #open(Path)} gives one for a spool directory that another process (the running
 * {@code serve}) may own.
 *
 * <p>Reading ({@link #list}, {@link #show}, {@link #stats}) works from any process at any time: every file is
 * replaced by an atomic rename, so a reader sees an old or a new version, never half of one. Changing
 * ({@link #retryNow}, {@link #retryAll}, {@link #purge}) is done by the process that holds the spool's lock;
 * another process leaves a request file in {@code control/} that the owner applies within about a second
 * (see {@code docs/queue.md}). When no process owns the spool, the change is applied directly.
 */
public interface QueueControl {

    /**
     * @return the queued messages, oldest first, followed by the dead letters, oldest first
     * @throws SpoolException if the spool directory cannot be read
     */
    List<QueueEntry> list();

    /**
     * @param id a queue id
     * @return the message, queued or dead, or empty when there is none with that id
     * @throws SpoolException if the spool directory cannot be read
     */
    Optional<QueueEntry> show(QueueId id);

    /**
     * Makes a queued message due now (its backoff is skipped; its attempt counts and lifetime are kept).
     *
     * @param id a queue id
     * @return whether a queued message with that id exists (for another process: the request was left)
     * @throws SpoolException if the request or the new state cannot be written
     */
    boolean retryNow(QueueId id);

    /**
     * Makes every queued message due now.
     *
     * @return how many messages are queued (for another process: the request was left for that many)
     * @throws SpoolException if the request or the new state cannot be written
     */
    int retryAll();

    /**
     * Purges a message: a queued message is moved to the dead-letter area with the reason
     * {@code purged by operator} (nothing is sent any more, nothing is lost); a dead letter is deleted.
     *
     * @param id a queue id
     * @return whether a message with that id existed
     * @throws SpoolException if the files cannot be moved or deleted
     */
    boolean purge(QueueId id);

    /**
     * @return the counters; see {@link QueueStats} for which are per process
     * @throws SpoolException if the spool directory cannot be read
     */
    QueueStats stats();

    /**
     * Opens a spool directory for inspection and control without delivering anything (the CLI's
     * {@code queue} command). Creates nothing: the directory must already be a spool.
     *
     * @param spoolDir the global {@code spool_dir}
     * @return the control
     * @throws SpoolException if {@code spoolDir} holds no spool
     */
    static QueueControl open(Path spoolDir) {
        return new SpoolAdmin(SpoolFiles.existing(spoolDir), java.time.InstantSource.system());
    }
}
