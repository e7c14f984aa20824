package dev.ssmtpmailer.queue;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Looks at and acts on a spool: what {@code ssmtp-mailer queue list|show|retry|purge} does. A {@link Spool}
 * is one; {@link #open(Path)} gives one for a spool directory that another process (the running
 * {@code serve}) may own.
 *
 * <p>Reading ({@link #list}, {@link #show}, {@link #stats}) works from any process at any time: every file is
 * replaced by an atomic rename, so a reader sees an old or a new version, never half of one. Changing
 * ({@link #retryNow}, {@link #retryAll}, {@link #purge}) is one {@link ControlRequest}: with the file store it
 * is applied by the process that holds the spool's lock; another process leaves a request file in
 * {@code control/} that the owner applies within about a second (see {@code docs/queue.md}). When no process
 * owns the spool, the change is applied directly. A shared store ({@link #of}) applies it at once.
 */
public interface QueueControl {

    /**
     * Streams the queued messages, oldest first, followed by the dead letters, oldest first, reading each as it is
     * consumed (a deep queue is never loaded whole). Close the stream.
     *
     * @param limit at most this many entries ({@link Integer#MAX_VALUE}: all)
     * @return the entries
     * @throws SpoolException if the spool cannot be read
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    Stream<QueueEntry> list(int limit);

    /**
     * @return the queued messages, oldest first, followed by the dead letters, oldest first (all in memory: prefer
     *         {@link #list(int)} for a deep queue)
     * @throws SpoolException if the spool cannot be read
     */
    default List<QueueEntry> list() {
        try (Stream<QueueEntry> s = list(Integer.MAX_VALUE)) {
            return s.toList();
        }
    }

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
     * {@code purged by operator}, its pending recipients {@link RecipientState#PURGED} (nothing is sent any more,
     * nothing is lost); a dead letter is deleted. A message whose attempt is in flight is purged when the attempt
     * ends; what it delivered stays delivered.
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
        return new FileAdmin(SpoolFiles.existing(spoolDir), InstantSource.system());
    }

    /**
     * Inspection and control of a store that every process may change directly (a database): each change is a
     * {@link ControlRequest} applied by the store. The event counters of {@link #stats()} read 0.
     *
     * @param store an open store; not closed by the control
     * @return the control
     */
    static QueueControl of(QueueStore store) {
        return new StoreControl(store, InstantSource.system(), new SpoolCounters());
    }
}
