package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link QueueStore} must have, as JUnit 5 tests. An implementation's test extends this
 * class and says how to open its store; core's test-jar publishes it for stores in other modules:
 *
 * <pre>{@code
 * class PostgresQueueStoreTest extends QueueStoreContract {
 *     protected QueueStore openStore() { return PostgresQueueStore.open(dataSource, schema); }
 * }
 * }</pre>
 *
 * Every test starts from an empty store; {@link #openStore()} may be called again in the same test (after the
 * previous store was closed) and must then open the same storage: that is how durability is checked. Stores
 * opened through {@link #open()} are closed after each test. Time is a parameter of the SPI, so the tests use
 * fixed instants and never sleep.
 */
public abstract class QueueStoreContract {
    /** An arbitrary instant, in millisecond precision, that every test starts at. */
    protected static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    /** A lease duration used throughout. */
    protected static final Duration LEASE = Duration.ofMinutes(10);

    private final List<QueueStore> opened = new ArrayList<>();

    /**
     * Opens the store under test on this test's storage: empty at the first call of a test, the same storage at
     * later calls of the same test.
     *
     * @return an open store
     * @throws Exception if it cannot be opened
     */
    protected abstract QueueStore openStore() throws Exception;

    /** @return the size of the message that {@link #largeMessage_isStreamedInAndOut} stores, 48 MiB */
    protected long largeMessageSize() {
        return 48L << 20;
    }

    /**
     * Opens a store that is closed after the test.
     *
     * @return the store
     * @throws Exception if it cannot be opened
     */
    protected final QueueStore open() throws Exception {
        QueueStore store = openStore();
        opened.add(store);
        return store;
    }

    @AfterEach
    final void closeStores() {
        for (QueueStore s : opened) {
            s.close();
        }
    }

    /** @return a forwarded, pending recipient */
    protected static QueueRecipient forwarded(String local) {
        return new QueueRecipient(EmailAddress.parse(local + "@mailer.domain1.com"), EmailAddress.parse(local + "@domain1.com"),
                "relay@domain1.com", true, null, RecipientState.PENDING, 0, "");
    }

    /** @return a new message from jane@example.org to {@code locals} (forwarded), created at {@code created} */
    protected static NewMessage message(Instant created, String... locals) {
        return new NewMessage(EmailAddress.parse("jane@example.org"), Stream.of(locals).map(QueueStoreContract::forwarded).toList(),
                true, created);
    }

    /** @return the bytes of a small message */
    protected static byte[] body(String subject) {
        return ("Subject: " + subject + "\r\nFrom: jane@example.org\r\n\r\nHello.\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static QueueEntry accept(QueueStore store, Instant created, String... locals) throws IOException {
        return store.accept(message(created, locals), MessageContent.of(body("m")));
    }

    /**
     * Four messages accepted out of their order of age, so that an order by age is not the order of acceptance:
     * {@code third} (created at {@code T0} + 3 s) first, then {@code first} (+ 1 s), {@code second} (+ 2 s) and
     * {@code late} (+ 60 s).
     */
    private record OutOfOrder(QueueEntry first, QueueEntry second, QueueEntry third, QueueEntry late) {
        static OutOfOrder accept(QueueStore store) throws IOException {
            QueueEntry third = QueueStoreContract.accept(store, T0.plusSeconds(3), "third");
            QueueEntry first = QueueStoreContract.accept(store, T0.plusSeconds(1), "first");
            QueueEntry second = QueueStoreContract.accept(store, T0.plusSeconds(2), "second");
            return new OutOfOrder(first, second, third, QueueStoreContract.accept(store, T0.plusSeconds(60), "late"));
        }
    }

    private static void acceptMany(QueueStore store, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            accept(store, T0, "r" + i);
        }
    }

    /** @return the lease of owner "a" on a message to {@code locals} accepted at {@code T0} */
    private static Lease acceptAndClaim(QueueStore store, String... locals) throws IOException {
        accept(store, T0, locals);
        return claimOne(store);
    }

    private static Lease claimOne(QueueStore store) {
        return store.claim("a", T0, 1, LEASE).get(0).lease();
    }

    /** @return the stored state of recipient {@code index} of {@code e}, as the store shows it now */
    private static RecipientState stateOf(QueueStore store, QueueEntry e, int index) {
        return store.show(e.id()).orElseThrow().recipients().get(index).state();
    }

    private static byte[] read(QueueStore store, QueueId id) throws IOException {
        try (InputStream in = store.openMessage(id)) {
            return in.readAllBytes();
        }
    }

    private static List<QueueEntry> list(QueueStore store, int limit) {
        try (Stream<QueueEntry> s = store.list(limit)) {
            return s.toList();
        }
    }

    /** Every write with {@code lease} fails, whichever it is: the lease is no longer the message's. */
    private static void assertEveryWriteLost(QueueStore store, Lease lease) {
        assertThatThrownBy(() -> store.record(lease, List.of(delivered(0)))).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store.release(lease, List.of(), T0.plusSeconds(999))).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store.complete(lease, List.of(delivered(0), delivered(1)))).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store.deadLetter(lease, List.of(), "x")).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store.renew(lease, T0.plus(LEASE), LEASE)).isInstanceOf(LeaseLostException.class);
    }

    private static RecipientOutcome delivered(int index) {
        return new RecipientOutcome(index, RecipientState.DELIVERED, 1, "250 2.0.0 Ok");
    }

    private static RecipientOutcome deferred(int index, int attempts) {
        return new RecipientOutcome(index, RecipientState.PENDING, attempts, "450 4.7.1 try later (RCPT)");
    }

    // ---------------------------------------------------------------- accept

    @Test
    public void accept_returnsPendingEntryDueAtCreation() throws Exception {
        QueueStore store = open();
        byte[] bytes = body("hello");
        QueueEntry e = store.accept(message(T0, "sales", "legal"), MessageContent.of(bytes));

        assertThat(e.created()).isEqualTo(T0);
        assertThat(e.nextAttempt()).isEqualTo(T0);
        assertThat(e.size()).isEqualTo(bytes.length);
        assertThat(e.dead()).isFalse();
        assertThat(e.sender()).isEqualTo(EmailAddress.parse("jane@example.org"));
        assertThat(e.rewriteFrom()).isTrue();
        assertThat(e.recipients()).containsExactly(forwarded("sales"), forwarded("legal"));
        assertThat(store.show(e.id())).contains(e);
        assertThat(read(store, e.id())).isEqualTo(bytes);
    }

    @Test
    public void accept_givesEachMessageItsOwnId() throws Exception {
        QueueStore store = open();
        Set<QueueId> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(accept(store, T0, "sales").id());
        }
        assertThat(ids).hasSize(20);
    }

    @Test
    public void accept_keepsNullSenderAndOutboundRecipients() throws Exception {
        QueueStore store = open();
        QueueRecipient bounce = new QueueRecipient(EmailAddress.parse("jane@example.org"), EmailAddress.parse("jane@example.org"),
                "relay@domain1.com", false, null, RecipientState.PENDING, 0, "");
        QueueRecipient outbound = new QueueRecipient(EmailAddress.parse("test@example.com"), EmailAddress.parse("test@example.com"),
                "relay@domain1.com", false, EmailAddress.parse("contact-general@domain1.com"), RecipientState.PENDING, 0, "");
        QueueEntry e = store.accept(new NewMessage(null, List.of(bounce, outbound), false, T0), MessageContent.of(body("b")));

        QueueEntry shown = store.show(e.id()).orElseThrow();
        assertThat(shown.sender()).isNull();
        assertThat(shown.rewriteFrom()).isFalse();
        assertThat(shown.recipients()).containsExactly(bounce, outbound);
    }

    @Test
    public void accept_isDurable_aReopenedStoreHasMessageAndBytes() throws Exception {
        QueueStore store = openStore();
        byte[] bytes = body("durable");
        QueueEntry e = store.accept(message(T0, "sales"), MessageContent.of(bytes));
        store.close();

        QueueStore again = open();
        assertThat(again.show(e.id())).contains(e);
        assertThat(read(again, e.id())).isEqualTo(bytes);
        assertThat(again.claim("w", T0, 10, LEASE)).extracting(c -> c.entry().id()).containsExactly(e.id());
    }

    @Test
    public void accept_contentFails_storesNothing() throws Exception {
        QueueStore store = open();
        IOException failure = new IOException("client went away");
        assertThatThrownBy(() -> store.accept(message(T0, "sales"), out -> {
            out.write(body("half"));
            throw failure;
        })).isSameAs(failure);

        assertThat(list(store, Integer.MAX_VALUE)).isEmpty();
        assertThat(store.stats(T0).depth()).isZero();
        assertThat(store.claim("w", T0, 10, LEASE)).isEmpty();
    }

    @Test
    public void accept_afterClose_isRefused() throws Exception {
        QueueStore store = openStore();
        store.close();
        assertThatThrownBy(() -> accept(store, T0, "sales")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void largeMessage_isStreamedInAndOut() throws Exception {
        QueueStore store = open();
        long size = largeMessageSize();
        CRC32 written = new CRC32();
        QueueEntry e = store.accept(message(T0, "sales"), out -> {
            byte[] chunk = new byte[64 * 1024];
            for (long done = 0; done < size; done += chunk.length) {
                int n = (int) Math.min(chunk.length, size - done);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) ('a' + (done + i) % 23);
                }
                written.update(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        });
        assertThat(e.size()).isEqualTo(size);

        CRC32 read = new CRC32();
        long count = 0;
        try (InputStream in = store.openMessage(e.id())) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; count += n) {
                read.update(buf, 0, n);
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(read.getValue()).isEqualTo(written.getValue());
    }

    @Test
    public void openMessage_unknownId_throwsIOException() throws Exception {
        QueueStore store = open();
        assertThatThrownBy(() -> store.openMessage(new QueueId("NOPE-1"))).isInstanceOf(IOException.class);
        assertThat(store.show(new QueueId("NOPE-1"))).isEmpty();
    }

    // ---------------------------------------------------------------- claims and leases

    @Test
    public void claim_returnsOnlyDueMessages_earliestFirst_atMostMax() throws Exception {
        QueueStore store = open();
        OutOfOrder m = OutOfOrder.accept(store);

        assertThat(store.claim("w", T0, 10, LEASE)).isEmpty();
        List<ClaimedMessage> claimed = store.claim("w", T0.plusSeconds(5), 1, LEASE);
        assertThat(claimed).extracting(c -> c.entry().id()).containsExactly(m.first().id());
        assertThat(claimed.get(0).lease().owner()).isEqualTo("w");
        assertThat(claimed.get(0).lease().expires()).isEqualTo(T0.plusSeconds(5).plus(LEASE));
        assertThat(claimed.get(0).entry()).isEqualTo(m.first());
        assertThat(store.claim("w", T0.plusSeconds(5), 10, LEASE)).extracting(c -> c.entry().id())
                .containsExactly(m.second().id(), m.third().id());
        assertThat(store.claim("w", T0.plusSeconds(60), 10, LEASE)).extracting(c -> c.entry().id())
                .containsExactly(m.late().id());
    }

    @Test
    public void nextDue_isTheEarliestDueTimeOrLeaseExpiry() throws Exception {
        QueueStore store = open();
        assertThat(store.nextDue()).isEmpty();
        accept(store, T0.plusSeconds(30), "later");
        QueueEntry first = accept(store, T0.plusSeconds(10), "first");
        assertThat(store.nextDue()).contains(T0.plusSeconds(10));

        Lease lease = store.claim("a", T0.plusSeconds(10), 1, LEASE).get(0).lease();
        assertThat(lease.id()).isEqualTo(first.id());
        assertThat(store.nextDue()).contains(T0.plusSeconds(30));
        store.release(lease, List.of(deferred(0, 1)), T0.plusSeconds(20));
        assertThat(store.nextDue()).contains(T0.plusSeconds(20));
    }

    @Test
    public void claim_leasedMessage_isNotHandedToAnotherOwner() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales");
        assertThat(store.claim("a", T0, 10, LEASE)).hasSize(1);

        assertThat(store.claim("b", T0.plus(LEASE).minusSeconds(1), 10, LEASE)).isEmpty();
        assertThat(store.claim("a", T0.plusSeconds(1), 10, LEASE)).isEmpty();
        assertThat(store.show(e.id()).orElseThrow().dead()).isFalse();
    }

    @Test
    public void claim_twoOwnersTakingTurns_neverHoldTheSameMessage() throws Exception {
        QueueStore store = open();
        acceptMany(store, 30);
        Set<QueueId> a = new HashSet<>();
        Set<QueueId> b = new HashSet<>();
        for (int round = 0; round < 10; round++) {
            store.claim("a", T0, 2, LEASE).forEach(c -> a.add(c.entry().id()));
            store.claim("b", T0, 1, LEASE).forEach(c -> b.add(c.entry().id()));
        }
        assertThat(a).hasSize(20).doesNotContainAnyElementsOf(b);
        assertThat(b).hasSize(10);
    }

    @Test
    public void claim_concurrentOwners_neverHoldTheSameMessage() throws Exception {
        QueueStore store = open();
        acceptMany(store, 200);
        List<List<QueueId>> got = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<QueueId> mine = new ArrayList<>();
            got.add(mine);
            String owner = "owner-" + t;
            threads.add(new Thread(() -> {
                for (List<ClaimedMessage> c; !(c = store.claim(owner, T0, 3, LEASE)).isEmpty(); ) {
                    c.forEach(m -> mine.add(m.entry().id()));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        List<QueueId> all = got.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    public void claim_expiredLease_isTakenOverWithANewToken_andTheOldLeaseCannotWrite() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales", "legal");
        Lease old = claimOne(store);

        List<ClaimedMessage> taken = store.claim("b", T0.plus(LEASE), 1, LEASE);
        assertThat(taken).hasSize(1);
        Lease now = taken.get(0).lease();
        assertThat(now.owner()).isEqualTo("b");
        assertThat(now.token()).isNotEqualTo(old.token());

        assertEveryWriteLost(store, old);
        assertThat(store.show(e.id()).orElseThrow()).isEqualTo(e);

        store.record(now, List.of(delivered(0)));
        assertThat(stateOf(store, e, 0)).isEqualTo(RecipientState.DELIVERED);
    }

    @Test
    public void endedLease_cannotWriteAgain() throws Exception {
        QueueStore store = open();
        Lease lease = acceptAndClaim(store, "sales", "legal");
        store.release(lease, List.of(deferred(0, 1)), T0.plusSeconds(300));

        assertEveryWriteLost(store, lease);
        assertThat(store.claim("b", T0.plusSeconds(299), 1, LEASE)).as("still due at its next attempt").isEmpty();
    }

    @Test
    public void expiredLease_notTakenOver_stillWrites() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales", "legal");
        Lease lease = claimOne(store);

        store.release(lease, List.of(deferred(0, 1)), T0.plus(LEASE).plusSeconds(60));
        assertThat(store.show(e.id()).orElseThrow().nextAttempt()).isEqualTo(T0.plus(LEASE).plusSeconds(60));
    }

    @Test
    public void renew_extendsTheLease() throws Exception {
        QueueStore store = open();
        Lease lease = acceptAndClaim(store, "sales");

        Lease renewed = store.renew(lease, T0.plus(LEASE).minusSeconds(1), LEASE);
        assertThat(renewed.token()).isEqualTo(lease.token());
        assertThat(renewed.expires()).isEqualTo(T0.plus(LEASE).minusSeconds(1).plus(LEASE));
        assertThat(store.claim("b", T0.plus(LEASE).plusSeconds(1), 1, LEASE)).isEmpty();
        assertThat(store.claim("b", renewed.expires(), 1, LEASE)).hasSize(1);
    }

    @Test
    public void release_endsTheLease_andMakesTheMessageDueAtTheNextAttempt() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales");
        Lease lease = claimOne(store);

        QueueEntry after = store.release(lease, List.of(deferred(0, 1)), T0.plusSeconds(300));
        assertThat(after.nextAttempt()).isEqualTo(T0.plusSeconds(300));
        assertThat(after.recipients().get(0).attempts()).isEqualTo(1);
        assertThat(after.recipients().get(0).lastReply()).isEqualTo("450 4.7.1 try later (RCPT)");
        assertThat(store.show(e.id())).contains(after);

        assertThat(store.claim("b", T0.plusSeconds(299), 1, LEASE)).isEmpty();
        ClaimedMessage again = store.claim("b", T0.plusSeconds(300), 1, LEASE).get(0);
        assertThat(again.entry()).isEqualTo(after);
    }

    @Test
    public void release_nothingPending_isRefused() throws Exception {
        QueueStore store = open();
        Lease lease = acceptAndClaim(store, "sales");
        assertThatThrownBy(() -> store.release(lease, List.of(delivered(0)), T0.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- recipients

    @Test
    public void record_deliveredRecipient_isDurable_andNeverChangedAgain() throws Exception {
        QueueStore store = openStore();
        QueueEntry e = accept(store, T0, "sales", "legal");
        Lease lease = claimOne(store);
        QueueEntry mid = store.record(lease, List.of(delivered(0)));
        assertThat(mid.recipients().get(0).state()).isEqualTo(RecipientState.DELIVERED);
        assertThat(mid.recipients().get(1).state()).isEqualTo(RecipientState.PENDING);
        store.close();

        QueueStore again = open();
        ClaimedMessage c = again.claim("b", T0, 1, LEASE).get(0);
        assertThat(c.entry().id()).isEqualTo(e.id());
        assertThat(c.entry().recipients().get(0).state()).isEqualTo(RecipientState.DELIVERED);
        assertThat(c.entry().pending()).containsExactly(forwarded("legal"));
        assertThatThrownBy(() -> again.release(c.lease(), List.of(deferred(0, 2)), T0.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> again.record(c.lease(), List.of(delivered(5)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(stateOf(again, e, 0)).isEqualTo(RecipientState.DELIVERED);
    }

    @Test
    public void record_sameOutcomeTwice_isHarmless() throws Exception {
        QueueStore store = open();
        Lease lease = acceptAndClaim(store, "sales", "legal");
        store.record(lease, List.of(deferred(1, 1)));
        QueueEntry twice = store.record(lease, List.of(deferred(1, 1)));
        assertThat(twice.recipients().get(1).attempts()).isEqualTo(1);
    }

    @Test
    public void complete_removesTheMessage() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales", "legal");
        Lease lease = claimOne(store);
        store.record(lease, List.of(delivered(0)));
        store.complete(lease, List.of(delivered(1)));

        assertThat(store.show(e.id())).isEmpty();
        assertThat(list(store, Integer.MAX_VALUE)).isEmpty();
        assertThat(store.stats(T0).depth()).isZero();
        assertThat(store.claim("b", T0.plus(LEASE), 1, LEASE)).isEmpty();
        assertThatThrownBy(() -> store.openMessage(e.id())).isInstanceOf(IOException.class);
    }

    @Test
    public void complete_withARecipientNotDelivered_isRefused() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales", "legal");
        Lease lease = claimOne(store);
        assertThatThrownBy(() -> store.complete(lease, List.of(delivered(0)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.show(e.id())).isPresent();
    }

    @Test
    public void deadLetter_keepsEveryRecipientsStateAndTheReason() throws Exception {
        QueueStore store = openStore();
        QueueEntry e = accept(store, T0, "sales", "legal");
        QueueEntry other = accept(store, T0.plusSeconds(1), "other");
        Lease lease = claimOne(store);
        QueueEntry dead = store.deadLetter(lease, List.of(delivered(0),
                new RecipientOutcome(1, RecipientState.FAILED, 1, "550 5.1.1 no such user (RCPT)")), "1 of 2 recipient(s) failed");
        store.close();

        QueueStore again = open();
        assertThat(again.show(e.id())).contains(dead);
        assertThat(dead.dead()).isTrue();
        assertThat(dead.deadReason()).isEqualTo("1 of 2 recipient(s) failed");
        assertThat(dead.recipients()).extracting(QueueRecipient::state).containsExactly(RecipientState.DELIVERED, RecipientState.FAILED);
        assertThat(again.claim("b", T0.plus(Duration.ofDays(30)), 10, LEASE)).extracting(c -> c.entry().id())
                .containsExactly(other.id());
        assertThat(again.stats(T0.plusSeconds(1)).depth()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- control

    @Test
    public void retry_makesAQueuedMessageDueNow_keepingItsAttempts() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales");
        store.release(claimOne(store), List.of(deferred(0, 1)), T0.plusSeconds(3600));

        ControlResult r = store.control(ControlRequest.retry(e.id()), T0.plusSeconds(10));
        assertThat(r).isEqualTo(new ControlResult(ControlResult.Status.APPLIED, 1));
        QueueEntry shown = store.show(e.id()).orElseThrow();
        assertThat(shown.nextAttempt()).isEqualTo(T0.plusSeconds(10));
        assertThat(shown.recipients().get(0).attempts()).isEqualTo(1);
        assertThat(store.claim("a", T0.plusSeconds(10), 1, LEASE)).hasSize(1);
    }

    @Test
    public void retry_unknownOrDeadMessage_isNotFound() throws Exception {
        QueueStore store = open();
        Lease lease = acceptAndClaim(store, "sales");
        QueueEntry dead = store.deadLetter(lease, List.of(), "given up");

        assertThat(store.control(ControlRequest.retry(new QueueId("NOPE-1")), T0).status()).isEqualTo(ControlResult.Status.NOT_FOUND);
        assertThat(store.control(ControlRequest.retry(dead.id()), T0).status()).isEqualTo(ControlResult.Status.NOT_FOUND);
        assertThat(store.show(dead.id()).orElseThrow().dead()).isTrue();
    }

    @Test
    public void retryAll_makesEveryQueuedMessageDueNow() throws Exception {
        QueueStore store = open();
        acceptMany(store, 3);
        for (ClaimedMessage c : store.claim("a", T0, 10, LEASE)) {
            store.release(c.lease(), List.of(deferred(0, 1)), T0.plusSeconds(3600));
        }
        assertThat(store.control(ControlRequest.retryAll(), T0.plusSeconds(5)))
                .isEqualTo(new ControlResult(ControlResult.Status.APPLIED, 3));
        assertThat(store.claim("a", T0.plusSeconds(5), 10, LEASE)).hasSize(3);
    }

    @Test
    public void purge_queuedMessage_becomesADeadLetterWithPurgedRecipients() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales", "legal");
        store.release(claimOne(store), List.of(delivered(0), deferred(1, 1)), T0.plusSeconds(300));

        assertThat(store.control(ControlRequest.purge(e.id()), T0.plusSeconds(10)))
                .isEqualTo(new ControlResult(ControlResult.Status.APPLIED, 1));
        QueueEntry dead = store.show(e.id()).orElseThrow();
        assertThat(dead.deadReason()).isEqualTo(QueueStore.PURGED_REASON);
        assertThat(dead.recipients()).extracting(QueueRecipient::state).containsExactly(RecipientState.DELIVERED, RecipientState.PURGED);
        assertThat(dead.recipients().get(1).lastReply()).isEqualTo(QueueStore.PURGED_REASON);
        assertThat(dead.recipients().get(1).attempts()).isEqualTo(1);
        assertThat(dead.pending()).isEmpty();
        assertThat(store.claim("a", T0.plusSeconds(400), 10, LEASE)).isEmpty();
        assertThat(store.stats(T0).depth()).isZero();
    }

    @Test
    public void purge_deadLetter_deletesIt_andUnknownIsNotFound() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales");
        store.control(ControlRequest.purge(e.id()), T0);

        assertThat(store.control(ControlRequest.purge(e.id()), T0).status()).isEqualTo(ControlResult.Status.APPLIED);
        assertThat(store.show(e.id())).isEmpty();
        assertThat(list(store, Integer.MAX_VALUE)).isEmpty();
        assertThat(store.control(ControlRequest.purge(e.id()), T0).status()).isEqualTo(ControlResult.Status.NOT_FOUND);
    }

    @Test
    public void purge_leasedMessage_takesEffectWhenTheLeaseEnds_keepingTheAttemptsOutcomes() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales", "legal", "press");
        Lease lease = claimOne(store);

        assertThat(store.control(ControlRequest.purge(e.id()), T0.plusSeconds(1)).status()).isEqualTo(ControlResult.Status.APPLIED);
        QueueEntry after = store.release(lease, List.of(delivered(0), deferred(1, 1)), T0.plusSeconds(300));

        assertThat(after.dead()).isTrue();
        assertThat(after.deadReason()).isEqualTo(QueueStore.PURGED_REASON);
        assertThat(after.recipients()).extracting(QueueRecipient::state)
                .containsExactly(RecipientState.DELIVERED, RecipientState.PURGED, RecipientState.PURGED);
        assertThat(store.show(e.id())).contains(after);
        assertThat(store.claim("b", T0.plus(Duration.ofDays(1)), 10, LEASE)).isEmpty();
    }

    @Test
    public void purge_leasedMessage_whoseHolderDies_isPurgedAtTheTakeover_neverHandedOut() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales", "legal");
        claimOne(store); // its holder dies without ending the lease
        store.control(ControlRequest.purge(e.id()), T0.plusSeconds(1));

        assertThat(store.claim("b", T0.plus(LEASE).plusSeconds(1), 10, LEASE)).isEmpty();
        QueueEntry dead = store.show(e.id()).orElseThrow();
        assertThat(dead.deadReason()).isEqualTo(QueueStore.PURGED_REASON);
        assertThat(dead.recipients()).extracting(QueueRecipient::state)
                .containsExactly(RecipientState.PURGED, RecipientState.PURGED);
        assertThat(store.stats(T0).depth()).isZero();
    }

    @Test
    public void purge_leasedMessage_thenDeadLetter_isPurged() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales", "legal");
        Lease lease = claimOne(store);
        store.control(ControlRequest.purge(e.id()), T0);
        QueueEntry dead = store.deadLetter(lease, List.of(new RecipientOutcome(0, RecipientState.FAILED, 1, "550 no")), "failed");

        assertThat(dead.deadReason()).isEqualTo(QueueStore.PURGED_REASON);
        assertThat(dead.recipients()).extracting(QueueRecipient::state).containsExactly(RecipientState.FAILED, RecipientState.PURGED);
    }

    @Test
    public void purge_leasedMessage_thenComplete_removesIt() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales");
        Lease lease = claimOne(store);
        store.control(ControlRequest.purge(e.id()), T0);
        store.complete(lease, List.of(delivered(0)));

        assertThat(store.show(e.id())).isEmpty();
    }

    @Test
    public void retry_leasedMessage_makesTheReleaseDueAtTheRequest() throws Exception {
        QueueStore store = open();
        QueueEntry e = accept(store, T0, "sales");
        Lease lease = claimOne(store);
        assertThat(store.control(ControlRequest.retry(e.id()), T0.plusSeconds(5)).status()).isEqualTo(ControlResult.Status.APPLIED);
        assertThat(store.claim("b", T0.plusSeconds(5), 1, LEASE)).isEmpty();

        QueueEntry after = store.release(lease, List.of(deferred(0, 1)), T0.plusSeconds(300));
        assertThat(after.nextAttempt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.claim("b", T0.plusSeconds(6), 1, LEASE)).hasSize(1);
    }

    @Test
    public void wakeUp_isCalledOnAcceptAndOnControl() throws Exception {
        QueueStore store = open();
        AtomicInteger wakeUps = new AtomicInteger();
        store.onWakeUp(wakeUps::incrementAndGet);

        QueueEntry e = accept(store, T0, "sales");
        int afterAccept = wakeUps.get();
        store.control(ControlRequest.retry(e.id()), T0);

        assertThat(afterAccept).isPositive();
        assertThat(wakeUps.get()).isGreaterThan(afterAccept);
    }

    // ---------------------------------------------------------------- list and stats

    @Test
    public void list_queuedOldestFirst_thenDead_withALimit() throws Exception {
        QueueStore store = open();
        OutOfOrder m = OutOfOrder.accept(store);
        store.control(ControlRequest.purge(m.first().id()), T0.plusSeconds(5));

        assertThat(list(store, Integer.MAX_VALUE)).extracting(QueueEntry::id)
                .containsExactly(m.second().id(), m.third().id(), m.late().id(), m.first().id());
        assertThat(list(store, 2)).extracting(QueueEntry::id).containsExactly(m.second().id(), m.third().id());
        assertThat(list(store, 0)).isEmpty();
        assertThat(list(store, Integer.MAX_VALUE).get(3).dead()).isTrue();
        assertThatThrownBy(() -> store.list(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void claim_badArguments_refusedAsTheContractSays() throws Exception {
        QueueStore store = open();
        accept(store, T0, "a");

        assertThatThrownBy(() -> store.claim("w", T0, 0, LEASE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max must be at least 1, was 0");
        assertThatThrownBy(() -> store.claim(null, T0, 1, LEASE)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.claim("w", T0, 1, null)).isInstanceOf(NullPointerException.class);
        assertThat(store.claim("w", T0, 1, LEASE)).as("a refused call leases nothing").hasSize(1);
    }

    @Test
    public void list_sameCreationTime_ordersById() throws Exception {
        QueueStore store = open();
        List<QueueId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(accept(store, T0, "r" + i).id());
        }
        List<QueueId> sorted = ids.stream().sorted((x, y) -> x.value().compareTo(y.value())).toList();
        assertThat(list(store, Integer.MAX_VALUE)).extracting(QueueEntry::id).containsExactlyElementsOf(sorted);
    }

    @Test
    public void list_manyMessages_isReadLazily() throws Exception {
        QueueStore store = open();
        for (int i = 0; i < 50; i++) {
            accept(store, T0.plusMillis(i), "r" + i);
        }
        try (Stream<QueueEntry> s = store.list(Integer.MAX_VALUE)) {
            assertThat(s.limit(3)).hasSize(3);
        }
        assertThat(list(store, 50)).hasSize(50);
    }

    @Test
    public void stats_countQueuedMessages_andTheAgeOfTheOldest() throws Exception {
        QueueStore store = open();
        assertThat(store.stats(T0)).isEqualTo(new StoreStats(0, Duration.ZERO));
        accept(store, T0.plusSeconds(10), "b");
        QueueEntry old = accept(store, T0, "a");
        QueueEntry dead = accept(store, T0.minusSeconds(100), "dead");
        store.control(ControlRequest.purge(dead.id()), T0);

        assertThat(store.stats(T0.plusSeconds(60))).isEqualTo(new StoreStats(2, Duration.ofSeconds(60)));
        Lease lease = store.claim("a", T0.plusSeconds(60), 1, LEASE).get(0).lease();
        store.complete(lease, List.of(delivered(0)));
        assertThat(store.show(old.id())).isEmpty();
        assertThat(store.stats(T0.plusSeconds(60))).isEqualTo(new StoreStats(1, Duration.ofSeconds(50)));
    }
}
