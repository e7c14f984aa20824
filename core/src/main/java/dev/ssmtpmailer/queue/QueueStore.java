package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The service provider interface of the spool's storage: it persists envelopes, message bytes and the state of
 * each recipient, hands due messages out under leases, and records what the delivery attempts achieved. The
 * spool's dispatcher, delivery attempts, bounces and control ({@link Spool}, {@link QueueControl}) are written
 * against it; the file store under {@code spool_dir} ({@link #files}) is the default, and another store (a
 * database shared by several relay processes) plugs in with {@code Spool.builder(config, pipeline).store(store)}.
 *
 * <h2>Durability</h2>
 * Every method that changes the queue is durable when it returns (one transaction for a database), except
 * {@link #complete}, which may lose its removal in a crash (the message is then delivered once more:
 * at-least-once) and the leases themselves, which are in force only while their holder runs. What the file
 * store writes and fsyncs for each step is in {@code docs/queue.md}.
 *
 * <h2>Leases</h2>
 * {@link #claim} hands out due messages, each under a {@link Lease} of one owner (a worker pool, named by the
 * caller, unique per process) that lasts until the given time. While a lease is in force no other claim returns
 * the message; once it has expired, a claim by anyone may take the message over, which gives it a new
 * {@link Lease#token()}: from then on every write with the old lease throws {@link LeaseLostException}, so
 * a stalled holder can never overwrite the new holder's state. A write with a lease that expired but was not
 * taken over still succeeds. Every write that ends the attempt ({@link #release}, {@link #complete},
 * {@link #deadLetter}) ends the lease.
 *
 * <h2>Recipients</h2>
 * Outcomes name a recipient by its index in {@link QueueEntry#recipients()} and give its new state (absolute,
 * so a repeated write is harmless). Only a {@link RecipientState#PENDING} recipient may change: a store refuses
 * an outcome for a delivered, failed or purged recipient, so a recipient recorded as delivered is never handed
 * out for delivery again.
 *
 * <h2>Control</h2>
 * {@link #control} applies a {@link ControlRequest} at once to a message that is not leased. For a leased
 * message it takes effect when the lease ends: after a purge, {@link #release} and {@link #deadLetter}
 * dead-letter the message as purged (the outcomes of the attempt still count); after a retry, {@link #release}
 * makes it due no later than the time of the request. A process that cannot reach the store (the CLI while
 * {@code serve} owns the file store) leaves its request where the store finds it in {@link #applyRequests} (the
 * file store: a file in {@code control/}).
 *
 * <h2>Time and threads</h2>
 * Time is always a parameter ({@code now}), so that tests drive a fake clock and several processes agree on due
 * times within their clock skew. Implementations are thread-safe. Every implementation passes the contract
 * tests {@code dev.ssmtpmailer.queue.QueueStoreContract} of core's test-jar.
 */
public interface QueueStore extends AutoCloseable {

    /** {@link QueueRecipient#lastReply()} and the dead reason of a message purged by the operator. */
    String PURGED_REASON = "purged by operator";

    /**
     * Opens (creating it if needed) the file store of a spool directory and recovers what a previous run left
     * (see {@code docs/queue.md}); this process then owns the directory until {@link #close()}.
     *
     * @param directory the spool directory, the global {@code spool_dir}
     * @return the store
     * @throws SpoolException if the directory cannot be created, read or locked (another process, or another
     *         store of this one, owns it)
     */
    static QueueStore files(Path directory) {
        return FileQueueStore.open(directory);
    }

    /**
     * Stores a new message with every recipient pending, due at once. Durable when it returns: the envelope
     * and all of the bytes (fsync, or one committed transaction); if it throws, nothing was stored.
     *
     * @param message the envelope
     * @param content writes the message bytes; called once, streamed into the store (never held whole)
     * @return the stored entry: its new id, its {@link QueueEntry#size()}, {@code nextAttempt} = created
     * @throws IOException if the content cannot be read or the message cannot be stored
     * @throws IllegalStateException if the store is closed
     */
    QueueEntry accept(NewMessage message, MessageContent content) throws IOException;

    /**
     * Leases up to {@code max} due messages to {@code owner}: queued (not dead) messages whose
     * {@code nextAttempt} is not after {@code now} and that no lease in force holds, earliest due first.
     * Messages whose lease has expired are taken over (new token); one whose purge was waiting for that lease to end
     * may be purged then instead of handed out (the file store does so).
     *
     * @param owner who takes the leases (unique per process and worker pool); shown in logs
     * @param now the current time
     * @param max at most this many, at least 1
     * @param leaseDuration how long the leases last from {@code now}
     * @return the leased messages with their current state; empty when nothing is due
     * @throws SpoolException if the store cannot be read
     * @throws NullPointerException if {@code owner}, {@code now} or {@code leaseDuration} is {@code null}
     * @throws IllegalArgumentException if {@code max} is less than 1
     * @see #checkClaim
     */
    List<ClaimedMessage> claim(String owner, Instant now, int max, Duration leaseDuration);

    /**
     * Checks the arguments of {@link #claim} as that method's contract says, so that every store refuses the same
     * calls with the same messages. Implementations call it first.
     *
     * @param owner who takes the leases
     * @param now the current time
     * @param max at most this many
     * @param leaseDuration how long the leases last
     * @throws NullPointerException if {@code owner}, {@code now} or {@code leaseDuration} is {@code null}
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    static void checkClaim(String owner, Instant now, int max, Duration leaseDuration) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
    }

    /**
     * Tells the dispatcher how long it may sleep: the earliest time at which a {@link #claim} could return
     * something, that is the earliest due time of a queued message that no lease holds, or the earliest expiry of
     * a lease. Cheap (an index or the store's memory), never reads the messages.
     *
     * @return that time (possibly in the past), or empty when nothing is queued
     * @throws SpoolException if the store cannot be read
     */
    Optional<Instant> nextDue();

    /**
     * Extends a lease to {@code now + leaseDuration}.
     *
     * @param lease a lease of this store
     * @param now the current time
     * @param leaseDuration how long the lease lasts from {@code now}
     * @return the extended lease (same token)
     * @throws LeaseLostException if another claim took the message over, or it is gone
     */
    Lease renew(Lease lease, Instant now, Duration leaseDuration);

    /**
     * Records outcomes of an attempt that is still going on (more SMTP transactions of the message follow), so
     * that recipients delivered so far are never sent it again even after a crash. The lease stays.
     *
     * @param lease the lease of the message
     * @param outcomes the recipients that changed
     * @return the message's new state
     * @throws LeaseLostException if the lease was taken over
     * @throws IllegalArgumentException if an outcome names a recipient that is not pending or does not exist
     * @throws SpoolException if the state cannot be written
     */
    QueueEntry record(Lease lease, List<RecipientOutcome> outcomes);

    /**
     * Ends an attempt that leaves recipients pending: records the outcomes and makes the message due at
     * {@code nextAttempt}. If a purge arrived during the lease, the message is dead-lettered as purged instead
     * (see {@link ControlRequest.Purge}); if a retry arrived, it is due no later than that request.
     *
     * @param lease the lease of the message; ended
     * @param outcomes the recipients that changed since the last write
     * @param nextAttempt when the message is due again
     * @return the message's new state ({@link QueueEntry#dead()} if it was purged meanwhile)
     * @throws LeaseLostException if the lease was taken over
     * @throws IllegalArgumentException if an outcome is not allowed, or no recipient would be pending
     * @throws SpoolException if the state cannot be written
     */
    QueueEntry release(Lease lease, List<RecipientOutcome> outcomes, Instant nextAttempt);

    /**
     * Ends an attempt after which every recipient is delivered: the message is removed. This removal is the one
     * change that need not be durable when the method returns: a crash may bring the message back with the state
     * of its last durable write, and it is delivered once more (at-least-once, as in every MTA).
     *
     * @param lease the lease of the message; ended
     * @param outcomes the recipients that changed since the last write
     * @throws LeaseLostException if the lease was taken over
     * @throws IllegalArgumentException if an outcome is not allowed, or a recipient would not be delivered
     * @throws SpoolException if the message cannot be removed
     */
    void complete(Lease lease, List<RecipientOutcome> outcomes);

    /**
     * Ends an attempt by moving the message to the dead letters with a reason (a recipient failed and none is
     * pending; or the message cannot be delivered at all). Pending recipients are left pending: the dead letter
     * shows where each recipient stood. A purge requested during the lease wins: the reason is then
     * {@link #PURGED_REASON} and pending recipients become {@link RecipientState#PURGED}.
     *
     * @param lease the lease of the message; ended
     * @param outcomes the recipients that changed since the last write
     * @param reason why, one line for {@code queue list}
     * @return the dead letter
     * @throws LeaseLostException if the lease was taken over
     * @throws IllegalArgumentException if an outcome is not allowed
     * @throws SpoolException if the message cannot be moved
     */
    QueueEntry deadLetter(Lease lease, List<RecipientOutcome> outcomes, String reason);

    /**
     * Opens the bytes of a queued message (as accepted, without any envelope), streamed from the store: never
     * read into memory whole. May be called any number of times (a retry on a new connection writes the
     * message again); the caller closes the stream.
     *
     * @param id a queued message
     * @return the bytes, {@link QueueEntry#size()} of them
     * @throws IOException if there is no such queued message or it cannot be read
     */
    InputStream openMessage(QueueId id) throws IOException;

    /**
     * @param id a queue id
     * @return the message, queued or dead, or empty when there is none with that id
     * @throws SpoolException if the store cannot be read
     */
    Optional<QueueEntry> show(QueueId id);

    /**
     * Streams the queued messages, oldest first (by {@code created}, then id), then the dead letters, oldest
     * first, reading them as the stream is consumed: at most {@code limit} entries are read. Close the stream
     * (try-with-resources): it may hold a directory handle or a database cursor.
     *
     * @param limit at most this many entries, at least 0 ({@link Integer#MAX_VALUE}: all)
     * @return the entries; a message that changes while the stream is read appears in its old or new state
     * @throws SpoolException if the store cannot be read
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    Stream<QueueEntry> list(int limit);

    /**
     * @param now the current time, for the age of the oldest message
     * @return how many messages are queued (not dead) and the age of the oldest, without reading them all
     * @throws SpoolException if the store cannot be read
     */
    StoreStats stats(Instant now);

    /**
     * Applies a control request (see the class comment for leased messages).
     *
     * @param request what to do
     * @param now the current time: a retry makes messages due at {@code now}
     * @return {@link ControlResult.Status#APPLIED} (also when deferred to the end of a lease) or
     *         {@link ControlResult.Status#NOT_FOUND}, and to how many messages
     * @throws SpoolException if the change cannot be written
     * @throws IllegalStateException if the store is closed
     */
    ControlResult control(ControlRequest request, Instant now);

    /**
     * Applies the control requests that other processes left for this one and that it was not told about
     * (the file store: the request files in {@code control/}). A store that applies every request where it is
     * made returns 0. The dispatcher calls this about once a second and before {@code Spool.runDue()}.
     *
     * @param now the current time
     * @return how many requests were applied
     */
    int applyRequests(Instant now);

    /**
     * Registers a listener that is called when work may have become due earlier than the caller planned: a
     * message was accepted, a control request arrived or was applied (in this process, or, for a store that
     * is notified by others such as PostgreSQL's {@code LISTEN/NOTIFY}, in another one). The listener runs on
     * the thread that caused the change and must return at once (it wakes the dispatcher).
     *
     * @param listener called after such a change
     */
    void onWakeUp(Runnable listener);

    /**
     * Releases the store (the file store: its directory lock). Leases this process holds simply expire.
     */
    @Override
    void close();
}
