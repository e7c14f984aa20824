package dev.ssmtpmailer.postgres;

import static dev.ssmtpmailer.postgres.QueueRows.DEAD_LETTER_SET;
import static dev.ssmtpmailer.postgres.QueueRows.ENTRY_COLUMNS;
import static dev.ssmtpmailer.postgres.QueueRows.PURGE_RECIPIENT_SET;
import static dev.ssmtpmailer.postgres.QueueRows.setInstant;
import static dev.ssmtpmailer.postgres.QueueRows.text;

import dev.ssmtpmailer.queue.ClaimedMessage;
import dev.ssmtpmailer.queue.ControlRequest;
import dev.ssmtpmailer.queue.ControlResult;
import dev.ssmtpmailer.queue.Lease;
import dev.ssmtpmailer.queue.LeaseLostException;
import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.NewMessage;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.RecipientOutcome;
import dev.ssmtpmailer.queue.SpoolException;
import dev.ssmtpmailer.queue.StoreStats;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue in PostgreSQL, shared by every relay instance that uses the schema: core's {@link QueueStore} on
 * the tables {@code message}, {@code recipient} and {@code body_chunk} (see the migration {@code V1}).
 *
 * <ul>
 *   <li><b>Accept</b> is one transaction: the body chunks, then the envelope and its recipients in one
 *       statement that also sets {@code synchronous_commit = on} for the transaction; the method returns (and the
 *       server answers {@code 250}) only after the commit. A message of one chunk (most mail) is that one statement
 *       alone, committed as it ends. The other instances are told afterwards, coalesced ({@link WakeUps#announce}).</li>
 *   <li><b>Claim</b> is one statement: {@code SELECT ... FOR UPDATE SKIP LOCKED} over the index on
 *       {@code available_at} (due and no lease in force), then an {@code UPDATE} that sets owner, a new token from
 *       a sequence and the expiry, returning the messages with their recipients. Instances never wait for each
 *       other's rows, and an expired lease is simply available again.</li>
 *   <li><b>Writes with a lease</b> ({@link LeasedWrites}) lock the message row, compare the token (a takeover
 *       changed it), check the outcomes against the stored states and commit; only {@link #complete}'s removal
 *       commits with {@code synchronous_commit = off}, the one write the SPI allows to be lost in a crash.</li>
 *   <li><b>Control</b> works from any instance: a request on a leased message is kept in the row
 *       ({@code retry_requested}, {@code purge_requested}) and applied when the lease ends.</li>
 * </ul>
 *
 * <p>Database failures surface as {@link SpoolException} (an {@link IOException} from {@link #accept} and
 * {@link #openMessage}) whose cause is a {@link DatabaseException} that tells transient failures apart.
 */
final class PgQueueStore implements QueueStore {
    private static final Logger LOG = LoggerFactory.getLogger(PgQueueStore.class);
    /**
     * Messages of at most this many bytes come with their claim, so that their attempt reads no more from the
     * database: small enough that the claimed messages of a dispatcher (twice its workers) stay a few MB at most.
     */
    private static final int PREFETCH_MAX = 64 * 1024;
    /** The parameters of the {@code list} statement: the limit of its queued part, of its dead part and of the whole. */
    private static final int LIST_LIMITS = 3;
    /** The digits of ids, as {@code Character.forDigit(d, 36)} in upper case. */
    static final String ID_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private final PostgresDatabase db;
    private final BodyChunks chunks;
    private final WakeUps wakeUps;
    private final LeasedWrites writes;
    private final QueueControlSql control;
    private final String insertEnvelope;
    private final String insertEnvelopeAndBody;
    private final String claim;
    private final String renew;
    private final String nextDue;
    private final String selectEntry;
    private final String openMessage;
    private final String stats;
    private final String list;
    private final String releaseHeld;
    /** The bytes of small claimed messages, read with the claim, until their first {@link #openMessage}. */
    private final Map<QueueId, byte[]> prefetched = new ConcurrentHashMap<>();
    /** Leases this store handed out and that are not ended yet (id -> token): given back on close. */
    private final Map<QueueId, Long> held = new ConcurrentHashMap<>();
    private volatile boolean closed;

    PgQueueStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
        this.chunks = new BodyChunks(db);
        this.wakeUps = new WakeUps(db);
        this.writes = new LeasedWrites(db);
        this.control = new QueueControlSql(db, wakeUps);
        String message = db.table("message");
        String recipient = db.table("recipient");
        insertEnvelope = "WITH s AS (SELECT set_config('synchronous_commit', 'on', true)),"
                + " m AS (INSERT INTO " + message + " (id, created, sender, size, rewrite_from, next_attempt)"
                + "   VALUES (?, ?, ?, ?, ?, ?)),"
                + " r AS (INSERT INTO " + recipient
                + "   (message_id, position, original, deliver_to, account, forwarded, mail_from, state)"
                + "   SELECT ?, u.ord - 1, u.o, u.d, u.a, u.f, u.mf, 'PENDING'"
                + "   FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[]) WITH ORDINALITY"
                + "     AS u(o, d, a, f, mf, ord))"
                + " SELECT count(*) FROM s";
        // A message of one chunk goes in the same statement: accept = one statement and the commit.
        insertEnvelopeAndBody = insertEnvelope.replace(" SELECT count(*) FROM s", " , b AS (INSERT INTO "
                + db.table("body_chunk") + " (message_id, seq, data) VALUES (?, 0, ?)) SELECT count(*) FROM s");
        // The claim commits without waiting for the WAL flush: a lease lost in a database crash lets another claim
        // send the message once more (at-least-once, as for the removal), and saves a flush per claim.
        // A purge that arrived during a lease whose holder died is applied here, as the file store does at a
        // takeover: such a message becomes a dead letter instead of being handed out (ControlRequest.Purge).
        claim = "WITH s AS (SELECT set_config('synchronous_commit', 'off', true)),"
                + " c AS (SELECT id, available_at, purge_requested FROM " + message
                + "   WHERE dead_reason IS NULL AND available_at <= ? ORDER BY available_at LIMIT ? FOR UPDATE SKIP LOCKED),"
                + " p AS (UPDATE " + message + " m" + DEAD_LETTER_SET
                + "   FROM c WHERE m.id = c.id AND c.purge_requested RETURNING m.id),"
                + " pr AS (UPDATE " + recipient + " r" + PURGE_RECIPIENT_SET + " FROM p"
                + "   WHERE r.message_id = p.id AND r.state = 'PENDING'),"
                + " u AS (UPDATE " + message + " m SET lease_owner = ?, lease_token = nextval('" + db.table("lease_token")
                + "'), lease_expires = ? FROM c, s WHERE m.id = c.id AND NOT c.purge_requested"
                + "   RETURNING m.*, c.available_at AS claimed_at)"
                + " SELECT " + ENTRY_COLUMNS + ", m.lease_token, b.data FROM u m JOIN " + recipient
                + " r ON r.message_id = m.id LEFT JOIN " + db.table("body_chunk") + " b ON b.message_id = m.id AND b.seq = 0"
                + " AND m.size <= " + PREFETCH_MAX + " ORDER BY m.claimed_at, m.id, r.position";
        // min() over the partial index on available_at: the first entry of the index, whatever the queue's length
        nextDue = "SELECT min(available_at) FROM " + message + " WHERE dead_reason IS NULL";
        renew = "UPDATE " + message + " SET lease_expires = ? WHERE id = ? AND lease_token = ? AND dead_reason IS NULL";
        selectEntry = "SELECT " + ENTRY_COLUMNS + " FROM " + message + " m JOIN " + recipient
                + " r ON r.message_id = m.id WHERE m.id = ? ORDER BY r.position";
        openMessage = "SELECT m.size, c.data FROM " + message + " m LEFT JOIN " + db.table("body_chunk")
                + " c ON c.message_id = m.id AND c.seq = 0 WHERE m.id = ? AND m.dead_reason IS NULL";
        stats = "SELECT count(*), min(created) FROM " + message + " WHERE dead_reason IS NULL";
        // Each part walks its partial index (message_queued, message_dead) and stops after the limit: the first 100
        // of 100,000 cost what the first 100 of 100 do (a sort of the whole table took 0.3 s there).
        list = "SELECT " + ENTRY_COLUMNS + " FROM (SELECT * FROM (SELECT *, false AS dead FROM " + message
                + " WHERE dead_reason IS NULL ORDER BY created, id LIMIT ?) q UNION ALL SELECT * FROM (SELECT *, true FROM "
                + message + " WHERE dead_reason IS NOT NULL ORDER BY created, id LIMIT ?) d ORDER BY dead, created, id LIMIT ?) m"
                + " JOIN " + recipient + " r ON r.message_id = m.id ORDER BY m.dead, m.created, m.id, r.position";
        releaseHeld = "UPDATE " + message + " m SET lease_owner = NULL, lease_token = NULL, lease_expires = NULL"
                + " FROM unnest(?::text[], ?::bigint[]) AS h(id, token) WHERE m.id = h.id AND m.lease_token = h.token";
        if (db.listens()) { // a command's store (PostgresDatabase.forCommand) applies requests, it waits for none
            wakeUps.start();
        }
    }

    @Override
    public QueueEntry accept(NewMessage message, MessageContent content) throws IOException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(content, "content");
        open();
        QueueId id = newId(message.created());
        long size;
        // A message of one chunk is one statement in auto-commit: envelope, recipients and bytes commit together,
        // with no separate COMMIT round trip. A larger one turns into a transaction at its first chunk
        // (BodyChunks.Writer) and is committed here.
        try (Connection c = db.connection()) {
            try {
                BodyChunks.Writer body = chunks.writer(c, id.value());
                content.writeTo(body);
                byte[] single = body.closeKeepingSingleChunk();
                size = body.size();
                insertEnvelope(c, id, message, size, single);
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            } catch (IOException | SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) {
                    try {
                        c.rollback();
                    } catch (SQLException r) {
                        e.addSuppressed(r);
                    }
                }
                throw e;
            }
        } catch (SQLException | DatabaseException e) {
            DatabaseException d = e instanceof DatabaseException de ? de : db.failure("cannot store the message", (SQLException) e);
            throw new IOException(d.getMessage(), d);
        }
        wakeUps.wakeLocal();
        wakeUps.announce(); // after the commit, coalesced: a NOTIFY in the accept would serialize the commits
        return new QueueEntry(id, message.created(), message.sender(), size, message.created(), message.rewriteFrom(),
                message.recipients(), null);
    }

    private void insertEnvelope(Connection c, QueueId id, NewMessage message, long size, byte[] single)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(single == null ? insertEnvelope : insertEnvelopeAndBody)) {
            ps.setString(1, id.value());
            setInstant(ps, 2, message.created());
            ps.setString(3, text(message.sender()));
            ps.setLong(4, size);
            ps.setBoolean(5, message.rewriteFrom());
            setInstant(ps, 6, message.created());
            ps.setString(7, id.value());
            int next = QueueRows.setRecipients(ps, 8, message.recipients(), false);
            if (single != null) {
                ps.setString(next++, id.value());
                ps.setBytes(next, single);
            }
            ps.executeQuery().close();
        }
    }

    /** Time first, so that ids sort roughly by arrival; 10 random base-36 characters keep instances apart. */
    static QueueId newId(Instant created) {
        StringBuilder b = new StringBuilder(24).append(Long.toString(created.toEpochMilli(), 36).toUpperCase(Locale.ROOT))
                .append('-');
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            b.append(ID_DIGITS.charAt(r.nextInt(36))); // was Character.toUpperCase(Character.forDigit(d, 36))
        }
        return new QueueId(b.toString());
    }

    @Override
    public List<ClaimedMessage> claim(String owner, Instant now, int max, Duration leaseDuration) {
        QueueStore.checkClaim(owner, now, max, leaseDuration);
        open();
        Instant expires = now.plus(leaseDuration);
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(claim)) {
            setInstant(ps, 1, now);
            ps.setInt(2, max);
            ps.setString(3, QueueStore.PURGED_REASON);
            ps.setString(4, QueueStore.PURGED_REASON);
            ps.setString(5, owner);
            setInstant(ps, 6, expires);
            List<ClaimedMessage> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                boolean more = rs.next();
                while (more) {
                    long token = rs.getLong(QueueRows.NEXT_COLUMN);
                    byte[] small = rs.getBytes(QueueRows.NEXT_COLUMN + 1);
                    QueueRows.Read r = QueueRows.read(rs);
                    claimed.add(new ClaimedMessage(r.entry(), new Lease(r.entry().id(), owner, token, expires)));
                    held.put(r.entry().id(), token);
                    if (small != null && small.length == r.entry().size()) {
                        prefetched.put(r.entry().id(), small);
                    }
                    more = r.hasRow();
                }
            }
            return claimed;
        } catch (SQLException | DatabaseException e) {
            throw failure("cannot claim due messages", e);
        }
    }

    @Override
    public Optional<Instant> nextDue() {
        open();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(nextDue);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Optional.ofNullable(QueueRows.instant(rs, 1));
        } catch (SQLException | DatabaseException e) {
            throw failure("cannot read when the next message is due", e);
        }
    }

    @Override
    public Lease renew(Lease lease, Instant now, Duration leaseDuration) {
        Objects.requireNonNull(lease, "lease");
        Instant expires = Objects.requireNonNull(now, "now").plus(Objects.requireNonNull(leaseDuration, "leaseDuration"));
        open();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(renew)) {
            setInstant(ps, 1, expires);
            ps.setString(2, lease.id().value());
            ps.setLong(3, lease.token());
            if (ps.executeUpdate() == 0) {
                held.remove(lease.id(), lease.token());
                throw new LeaseLostException(lease, "taken over by another claim, or gone");
            }
            return new Lease(lease.id(), lease.owner(), lease.token(), expires);
        } catch (SQLException | DatabaseException e) {
            throw failure("cannot renew the lease of message " + lease.id(), e);
        }
    }

    @Override
    public QueueEntry record(Lease lease, List<RecipientOutcome> outcomes) {
        open();
        return writes.record(lease, outcomes);
    }

    @Override
    public QueueEntry release(Lease lease, List<RecipientOutcome> outcomes, Instant nextAttempt) {
        open();
        return ending(lease, () -> writes.release(lease, outcomes, nextAttempt));
    }

    @Override
    public void complete(Lease lease, List<RecipientOutcome> outcomes) {
        open();
        ending(lease, () -> {
            writes.complete(lease, outcomes);
            return null;
        });
    }

    @Override
    public QueueEntry deadLetter(Lease lease, List<RecipientOutcome> outcomes, String reason) {
        open();
        return ending(lease, () -> writes.deadLetter(lease, outcomes, reason));
    }

    /** Runs a write that ends the lease (or finds it lost): either way this store no longer holds it. */
    private <T> T ending(Lease lease, java.util.function.Supplier<T> write) {
        Objects.requireNonNull(lease, "lease");
        prefetched.remove(lease.id()); // the attempt is over, however the write ends
        try {
            T result = write.get();
            held.remove(lease.id(), lease.token());
            return result;
        } catch (LeaseLostException e) {
            held.remove(lease.id(), lease.token());
            throw e;
        }
    }

    @Override
    public InputStream openMessage(QueueId id) throws IOException {
        Objects.requireNonNull(id, "id");
        open();
        byte[] small = prefetched.remove(id);
        if (small != null) {
            return new java.io.ByteArrayInputStream(small); // read with the claim: no query
        }
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(openMessage)) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IOException("no queued message " + id);
                }
                // The first chunk comes with the lookup: a message of up to 256 KiB costs one query.
                return chunks.reader(id.value(), rs.getLong(1), rs.getBytes(2));
            }
        } catch (SQLException | DatabaseException e) {
            throw new IOException(failure("cannot read message " + id, e).getMessage(), e);
        }
    }

    @Override
    public Optional<QueueEntry> show(QueueId id) {
        Objects.requireNonNull(id, "id");
        open();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(selectEntry)) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return QueueRows.readAll(rs).stream().findFirst();
            }
        } catch (SQLException | DatabaseException e) {
            throw failure("cannot read message " + id, e);
        }
    }

    @Override
    public Stream<QueueEntry> list(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        open();
        return QueueListing.stream(db, list, LIST_LIMITS, limit);
    }

    @Override
    public StoreStats stats(Instant now) {
        Objects.requireNonNull(now, "now");
        open();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(stats);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Instant oldest = QueueRows.instant(rs, 2);
            Duration age = oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
            return new StoreStats(rs.getLong(1), age);
        } catch (SQLException | DatabaseException e) {
            throw failure("cannot count the queue", e);
        }
    }

    @Override
    public ControlResult control(ControlRequest request, Instant now) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");
        open();
        try {
            return control.apply(request, now);
        } catch (SQLException | DatabaseException e) {
            throw failure("cannot apply " + request, e);
        }
    }

    /** Every request is applied where it is made (and other instances are notified): nothing is left over. */
    @Override
    public int applyRequests(Instant now) {
        return 0;
    }

    @Override
    public void onWakeUp(Runnable listener) {
        wakeUps.onWakeUp(listener);
    }

    /**
     * Gives back the leases this store still holds (the spool closes it after its attempts in flight ended, so
     * these are messages claimed but not attempted): other instances may take them at once instead of after
     * the lease. Then stops listening for notifications. The database (and its pool) stays open for its owner.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        prefetched.clear();
        try {
            giveBackHeld();
        } finally {
            wakeUps.close();
        }
    }

    private void giveBackHeld() {
        Map<QueueId, Long> leases = Map.copyOf(held);
        if (leases.isEmpty()) {
            return;
        }
        String[] ids = leases.keySet().stream().map(QueueId::value).toArray(String[]::new);
        Long[] tokens = leases.keySet().stream().map(leases::get).toArray(Long[]::new);
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(releaseHeld)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("int8", tokens));
            ps.executeUpdate();
            held.clear();
        } catch (SQLException | DatabaseException e) {
            // Not fatal: the leases expire, and the other instances take the messages over then.
            LOG.warn("could not give back {} leases on close; they expire within the lease duration: {}",
                    leases.size(), e.getMessage());
        }
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("the queue store is closed");
        }
    }

    private SpoolException failure(String what, Exception e) {
        DatabaseException d = e instanceof DatabaseException de ? de : db.failure(what, (SQLException) e);
        return new SpoolException(db.url(), what, d);
    }

    @Override
    public String toString() {
        return "PgQueueStore[" + db + ", " + held.size() + " leases held]";
    }
}
