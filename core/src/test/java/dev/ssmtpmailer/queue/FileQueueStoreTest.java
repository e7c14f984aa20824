package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store passes the shared contract; here what only the file store promises. Its layout and crash
 * recovery are tested through the spool in {@link SpoolTest}.
 */
class FileQueueStoreTest extends QueueStoreContract {
    @TempDir
    Path dir;

    @Override
    protected QueueStore openStore() {
        return QueueStore.files(dir);
    }

    @Test
    void claim_purgeRequestedWhileTheClaimReadsAndTheReadFails_appliedAtTheNextClaim() throws Exception {
        QueueId id;
        try (QueueStore first = open()) {
            id = first.accept(message(T0, "r"), MessageContent.of(body("m"))).id();
        }
        Path msg = dir.resolve("queue/" + id + ".msg");
        Path aside = dir.resolve(id + ".aside");
        try (FileQueueStore store = FileQueueStore.open(dir)) { // reopened: the claim reads the files
            store.beforeRead = leased -> {
                assertThat(store.control(ControlRequest.purge(leased), T0)).isEqualTo(ControlResult.applied(1));
                try {
                    Files.move(msg, aside);
                    Files.createDirectory(msg); // the read fails for a passing reason (as EIO)
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            assertThat(store.claim("w", T0, 10, Duration.ofMinutes(5))).isEmpty();
            store.beforeRead = leased -> { };
            Files.delete(msg);
            Files.move(aside, msg);

            assertThat(store.claim("w", T0.plusSeconds(120), 10, Duration.ofMinutes(5))).isEmpty();
            assertThat(store.show(id)).hasValueSatisfying(e -> assertThat(e.dead()).isTrue());
        }
    }

    @Test
    void list_readsEachEntryWhenItIsConsumed_andTheDeadLettersWhenTheyAreReached() throws Exception {
        QueueStore store = open();
        List<QueueEntry> accepted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accepted.add(store.accept(message(T0.plusSeconds(i), "r" + i), MessageContent.of(body("m" + i))));
        }

        List<QueueEntry> seen = new ArrayList<>();
        try (Stream<QueueEntry> s = store.list(Integer.MAX_VALUE)) {
            Iterator<QueueEntry> it = s.iterator();
            seen.add(it.next());
            // purged after the listing began: no longer read as queued, found among the dead letters instead
            store.control(ControlRequest.purge(accepted.get(2).id()), T0.plusSeconds(5));
            it.forEachRemaining(seen::add);
        }

        assertThat(seen).extracting(QueueEntry::id).containsExactly(accepted.get(0).id(), accepted.get(1).id(), accepted.get(2).id());
        assertThat(seen).extracting(QueueEntry::dead).containsExactly(false, false, true);
    }

    @Test
    void list_withALimit_givesTheOldest_whateverTheDirectoryOrder_thenTheDeadLetters() throws Exception {
        QueueStore store = open();
        List<QueueEntry> accepted = new ArrayList<>();
        for (int i = 19; i >= 0; i--) { // newest first, so the oldest are found last
            accepted.add(0, store.accept(message(T0.plusSeconds(i), "r" + i), MessageContent.of(body("m" + i))));
        }
        store.control(ControlRequest.purge(accepted.get(0).id()), T0.plusSeconds(30));

        assertThat(store.list(5)).extracting(QueueEntry::id)
                .containsExactlyElementsOf(accepted.subList(1, 6).stream().map(QueueEntry::id).toList());
        assertThat(store.list(20)).extracting(QueueEntry::id).last().isEqualTo(accepted.get(0).id());
        assertThat(store.list(19)).extracting(QueueEntry::dead).containsOnly(false);
    }

    @Test
    void list_long_readsTheStateOfDeferredMessages_andTheEnvelopeOfOthers() throws Exception {
        QueueStore store = open();
        QueueEntry deferred = store.accept(message(T0, "a"), MessageContent.of(body("a")));
        QueueEntry untried = store.accept(message(T0.plusSeconds(1), "b"), MessageContent.of(body("b")));
        store.release(store.claim("w", T0, 1, LEASE).get(0).lease(),
                List.of(new RecipientOutcome(0, RecipientState.PENDING, 1, "451 later")), T0.plusSeconds(300));

        List<QueueEntry> listed;
        try (Stream<QueueEntry> s = store.list(Integer.MAX_VALUE)) {
            listed = s.toList();
        }

        assertThat(listed).extracting(QueueEntry::id).containsExactly(deferred.id(), untried.id());
        assertThat(listed.get(0).nextAttempt()).isEqualTo(T0.plusSeconds(300));
        assertThat(listed.get(0).recipients().get(0).lastReply()).isEqualTo("451 later");
        assertThat(listed.get(1)).isEqualTo(untried);
    }

    @Test
    void accept_afterADeliveredMessage_reusesItsFileCutToTheNewMessage() throws Exception {
        QueueStore store = open();
        QueueEntry first = store.accept(message(T0, "a"), MessageContent.of(body("a subject much longer than the next")));
        Object inode = Files.getAttribute(dir.resolve("queue").resolve(first.id().value() + SpoolFiles.MSG), "unix:ino");
        ClaimedMessage claimed = store.claim("w", T0, 1, LEASE).get(0);
        store.complete(claimed.lease(), List.of(new RecipientOutcome(0, RecipientState.DELIVERED, 1, "250 ok")));
        assertThat(files(dir.resolve("spare"))).hasSize(1);

        QueueEntry second = store.accept(message(T0, "b"), MessageContent.of(body("b")));

        Path file = dir.resolve("queue").resolve(second.id().value() + SpoolFiles.MSG);
        assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inode);
        assertThat(files(dir.resolve("spare"))).isEmpty();
        try (InputStream in = store.openMessage(second.id())) {
            assertThat(in.readAllBytes()).isEqualTo(body("b"));
        }
    }

    /** A spare is cut only when it is longer than the new message; a shorter one is overwritten and grows. */
    @Test
    void accept_reusingSpares_writesExactlyTheNewMessage_shorterLongerOrAsLong() throws Exception {
        QueueStore store = open();
        String[] subjects = {"medium length", "a much, much longer subject than the one before", "short", "x",
            "the same length", "the same length"};
        for (String subject : subjects) {
            QueueEntry e = store.accept(message(T0, "a"), MessageContent.of(body(subject)));
            Path file = dir.resolve("queue").resolve(e.id().value() + SpoolFiles.MSG);
            assertThat(store.show(e.id()).orElseThrow().size()).isEqualTo(body(subject).length);
            try (InputStream in = store.openMessage(e.id())) {
                assertThat(in.readAllBytes()).as(subject).isEqualTo(body(subject));
            }
            assertThat(Files.size(file)).isEqualTo(EntryFormat.readHeader(file).offset() + body(subject).length);
            store.complete(store.claim("w", T0, 1, LEASE).get(0).lease(), delivered());
            assertThat(files(dir.resolve("spare"))).hasSize(1);
        }
    }

    /**
     * The removal asks the file system neither for the length nor for a state file the store knows about: the
     * message's files are gone all the same, with or without a state file, and whoever read it first.
     */
    @Test
    void complete_removesTheMessageAndItsStateFile_whicheverWayTheStoreLearntItsState() throws Exception {
        QueueStore store = openStore();
        QueueEntry untried = store.accept(message(T0, "a"), MessageContent.of(body("a")));
        QueueEntry deferred = store.accept(message(T0.plusSeconds(1), "b"), MessageContent.of(body("b")));
        QueueEntry recorded = store.accept(message(T0.plusSeconds(2), "c"), MessageContent.of(body("c")));
        List<ClaimedMessage> first = store.claim("w", T0.plusSeconds(2), 3, LEASE);
        assertThat(first).extracting(c -> c.entry().id()).containsExactly(untried.id(), deferred.id(), recorded.id());
        store.release(first.get(1).lease(), List.of(new RecipientOutcome(0, RecipientState.PENDING, 1, "451 later")),
                T0.plusSeconds(10));
        store.record(first.get(2).lease(), List.of(new RecipientOutcome(0, RecipientState.PENDING, 1, "451 later")));
        assertThat(dir.resolve("queue/" + deferred.id() + SpoolFiles.ENV)).exists();
        assertThat(dir.resolve("queue/" + recorded.id() + SpoolFiles.ENV)).exists();

        store.complete(first.get(0).lease(), delivered()); // its envelope in memory since the accept
        store.complete(first.get(2).lease(), delivered()); // its state as written by record
        store.complete(store.claim("w", T0.plusSeconds(10), 1, LEASE).get(0).lease(), delivered()); // read from files

        assertThat(files(dir.resolve("queue"))).isEmpty();
        assertThat(files(dir.resolve("spare"))).hasSize(3);
    }

    /**
     * A message file cut after the claim (the store knows where the data starts, so it reads no envelope again)
     * is not read as a shorter message: reading throws, naming the message, whether the cut is in the envelope
     * or inside the data.
     */
    @Test
    void openMessage_fileCutAfterTheClaim_readingThrowsNamingTheMessage() throws Exception {
        QueueStore store = open();
        byte[] data = body("a subject long enough to cut in half");
        QueueEntry inEnvelope = store.accept(message(T0, "a"), MessageContent.of(data));
        QueueEntry inData = store.accept(message(T0.plusSeconds(1), "b"), MessageContent.of(data));
        assertThat(store.claim("w", T0.plusSeconds(1), 2, LEASE)).hasSize(2);
        Path first = dir.resolve("queue/" + inEnvelope.id() + SpoolFiles.MSG);
        Path second = dir.resolve("queue/" + inData.id() + SpoolFiles.MSG);
        cut(first, 10);
        cut(second, EntryFormat.readHeader(second).offset() + data.length / 2);

        for (QueueEntry e : List.of(inEnvelope, inData)) {
            try (InputStream in = store.openMessage(e.id())) {
                assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class).hasMessageContaining(e.id().value())
                        .hasMessageContaining("bytes before the end of its " + data.length + "-byte message");
            }
        }
        try (InputStream in = store.openMessage(inData.id())) {
            assertThat(in.readNBytes(data.length / 2)).as("the bytes before the cut").isEqualTo(
                    java.util.Arrays.copyOf(data, data.length / 2));
        }
    }

    /**
     * A large message read as the delivery reads it (through {@link RawMessage#body()}, in its 64 KiB blocks):
     * whole when the file is whole, and an {@link EOFException} when the file ends at a block's edge or one byte
     * before the message's end.
     */
    @Test
    void openMessage_largeFileCutAtABlockEdge_readingInDeliveryBlocksThrows() throws Exception {
        QueueStore store = open();
        byte[] data = new byte[2 * 65536 + 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 61 == 60 ? '\n' : 'a' + i % 26);
        }
        List<QueueEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            entries.add(store.accept(message(T0.plusSeconds(i), "m" + i), MessageContent.of(data)));
        }
        assertThat(store.claim("w", T0.plusSeconds(3), 3, LEASE)).hasSize(3);
        long offset = EntryFormat.readHeader(dir.resolve("queue/" + entries.get(1).id() + SpoolFiles.MSG)).offset();
        cut(dir.resolve("queue/" + entries.get(1).id() + SpoolFiles.MSG), offset + 65536);
        cut(dir.resolve("queue/" + entries.get(2).id() + SpoolFiles.MSG), offset + data.length - 1);

        assertThat(asTheDeliveryReads(store, entries.get(0))).isEqualTo(data);
        for (QueueEntry e : entries.subList(1, 3)) {
            assertThatThrownBy(() -> asTheDeliveryReads(store, e)).isInstanceOf(EOFException.class)
                    .hasMessageContaining(e.id().value());
        }
    }

    /** The body the delivery sends: {@code RawMessage.of(envelope, size, () -> store.openMessage(id)).body()}. */
    private static byte[] asTheDeliveryReads(QueueStore store, QueueEntry e) throws IOException {
        Envelope envelope = Envelope.of(EmailAddress.parse("a@example.org"), EmailAddress.parse("b@example.org"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RawMessage.of(envelope, e.size(), () -> store.openMessage(e.id())).body().writeTo(out);
        return out.toByteArray();
    }

    private static void cut(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    @Test
    void complete_afterARestart_removesTheStateFileItReadAgain() throws Exception {
        QueueStore store = openStore();
        QueueEntry e = store.accept(message(T0, "a"), MessageContent.of(body("a")));
        store.release(store.claim("w", T0, 1, LEASE).get(0).lease(), List.of(), T0.plusSeconds(10));
        store.close();

        QueueStore again = open();
        again.complete(again.claim("w", T0.plusSeconds(10), 1, LEASE).get(0).lease(), delivered());

        assertThat(dir.resolve("queue/" + e.id() + SpoolFiles.ENV)).doesNotExist();
        assertThat(files(dir.resolve("queue"))).isEmpty();
    }

    @Test
    void fileLength_ofTheStateTheStoreKeeps_isTheMessageFilesLength() throws Exception {
        SpoolFiles spool = SpoolFiles.create(dir);
        try (SpoolAccept accepts = SpoolAccept.open(spool)) {
            for (int size : new int[] {0, 1, 1000, SpoolJournal.MAX_RECORD, SpoolJournal.MAX_RECORD + 1}) {
                QueueId id = SpoolFiles.newId(T0);
                EntryFormat.Header stored = accepts.accept(new QueueEntry(id, T0, message(T0, "a").sender(), 0, T0, false,
                        message(T0, "a").recipients(), null), MessageContent.of(new byte[size]));
                Path file = spool.msg(spool.queue, id);

                assertThat(stored.fileLength()).as("size %d", size).isEqualTo(Files.size(file));
                assertThat(stored.stateFile()).isFalse();
                assertThat(spool.readQueued(id)).isEqualTo(stored);
            }
        }
        assertThat(new EntryFormat.Header(null, -1).fileLength()).isEqualTo(-1);
    }

    private static List<RecipientOutcome> delivered() {
        return List.of(new RecipientOutcome(0, RecipientState.DELIVERED, 1, "250 ok"));
    }

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void claim_expiredLeaseWithAPurgeWaiting_purgesInsteadOfHandingItOut() throws Exception {
        QueueStore store = open();
        QueueEntry e = store.accept(message(T0, "sales"), MessageContent.of(body("m")));
        Lease stalled = store.claim("a", T0, 1, LEASE).get(0).lease();
        store.control(ControlRequest.purge(e.id()), T0.plusSeconds(1));

        assertThat(store.claim("b", T0.plus(LEASE), 1, LEASE)).isEmpty();

        QueueEntry dead = store.show(e.id()).orElseThrow();
        assertThat(dead.deadReason()).isEqualTo(QueueStore.PURGED_REASON);
        assertThat(dead.recipients()).extracting(QueueRecipient::state).containsExactly(RecipientState.PURGED);
        assertThatThrownBy(() -> store.release(stalled, List.of(), T0.plus(LEASE)))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void ids_sortByCreation() throws Exception {
        QueueStore store = open();
        QueueEntry later = store.accept(message(T0.plusMillis(1), "b"), MessageContent.of(body("b")));
        QueueEntry earlier = store.accept(message(T0, "a"), MessageContent.of(body("a")));

        assertThat(earlier.id().value()).isLessThan(later.id().value());
        assertThat(SpoolFiles.newId(java.time.Instant.EPOCH).value()).matches("00000000-[0-9A-Z]{8}");
    }

    @Test
    void accept_clockBefore1970_acceptsAndReopens() throws Exception {
        java.time.Instant created = java.time.Instant.ofEpochMilli(-5);
        QueueStore store = openStore();
        QueueEntry entry = store.accept(message(created, "a"), MessageContent.of(body("a")));
        store.close();

        QueueStore again = open();

        assertThat(entry.id().value()).startsWith("000000-5-");
        assertThat(again.claim("w", T0, 10, LEASE)).extracting(c -> c.entry().id(), c -> c.entry().created())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(entry.id(), created));
    }

    @Test
    void reopen_deferredMessageIsDueWhenItsStateSays_anUntriedOneAtItsCreation() throws Exception {
        QueueStore store = openStore();
        QueueEntry deferred = store.accept(message(T0, "a"), MessageContent.of(body("a")));
        store.release(store.claim("w", T0, 1, LEASE).get(0).lease(), List.of(), T0.plusSeconds(600));
        QueueEntry untried = store.accept(message(T0.plusSeconds(1), "b"), MessageContent.of(body("b")));
        store.close();

        QueueStore again = open();

        assertThat(again.stats(T0.plusSeconds(2)).depth()).isEqualTo(2);
        assertThat(again.claim("w", T0.plusSeconds(599), 10, LEASE)).extracting(c -> c.entry().id()).containsExactly(untried.id());
        assertThat(again.claim("w", T0.plusSeconds(600), 10, LEASE)).extracting(c -> c.entry().id()).containsExactly(deferred.id());
    }

    /**
     * Issue 14 goal 4: opening a deep queue reads no state file before it returns; they are read in the
     * background, while the store accepts. A state file that is a FIFO holds the scan until the test writes it.
     */
    @Test
    void open_returnsBeforeStateFilesAreRead_acceptsMeanwhile_claimsWaitForThem() throws Exception {
        assumeTrue(SpoolFiles.POSIX, "mkfifo");
        QueueStore store = openStore();
        QueueEntry deferred = store.accept(message(T0, "a"), MessageContent.of(body("a")));
        store.release(store.claim("w", T0, 1, LEASE).get(0).lease(), List.of(), T0.plusSeconds(60));
        store.close();
        Path state = dir.resolve("queue/" + deferred.id() + ".env");
        byte[] content = Files.readAllBytes(state);
        Files.delete(state);
        assertThat(new ProcessBuilder("mkfifo", state.toString()).inheritIO().start().waitFor()).isZero();

        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            // the scan now blocks on the FIFO until it is written below; an open that read it would never return
            QueueStore again = other.submit(this::open).get(30, TimeUnit.SECONDS);
            QueueEntry accepted = again.accept(message(T0.plusSeconds(1), "b"), MessageContent.of(body("b")));
            assertThat(again.stats(T0.plusSeconds(2)).depth()).isEqualTo(2);
            Future<List<ClaimedMessage>> claim = other.submit(() -> again.claim("w", T0.plusSeconds(60), 10, LEASE));
            // Opening the FIFO's writing end waits for the scan to open the other end. While the scan still waits for
            // the bytes, a plain file takes the FIFO's name, as the store would write it: the claim, which may read
            // the state again as soon as the scan is done, never opens the FIFO (it would block with no writer).
            try (OutputStream fifo = Files.newOutputStream(state)) {
                Path file = dir.resolve("queue/state.tmp");
                Files.write(file, content);
                Files.move(file, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                fifo.write(content);
            }

            assertThat(claim.get(30, TimeUnit.SECONDS)).extracting(c -> c.entry().id()).containsExactly(accepted.id(), deferred.id());
        } finally {
            other.shutdownNow();
        }
    }

    /**
     * Issue 14 goal 4: queue/ is listed in the background, while the store accepts. A message whose file the
     * listing finds but whose accept had begun after the open (and may still fail, removing its file again) is
     * left to its accept: the listing does not index it.
     */
    @Test
    void recovery_listing_skipsMessagesAcceptedSinceTheOpen() throws Exception {
        QueueStore store = openStore();
        QueueEntry before = store.accept(message(T0, "a"), MessageContent.of(body("a")));
        store.close();
        SpoolFiles files = SpoolFiles.create(dir);
        QueueId meanwhile = SpoolFiles.newId(T0.plusSeconds(1));
        Files.copy(dir.resolve("queue/" + before.id() + SpoolFiles.MSG), dir.resolve("queue/" + meanwhile + SpoolFiles.MSG));

        FileRecovery recovery = FileRecovery.recover(files);
        recovery.accepting(meanwhile); // as FileQueueStore.accept does before its file reaches queue/
        Object lock = new Object();
        synchronized (lock) {
            assertThat(recovery.index().scanning()).isTrue();
        }
        recovery.start(lock, () -> false, () -> { });
        recovery.awaitEnd();

        synchronized (lock) {
            assertThat(recovery.index().scanning()).isFalse();
            assertThat(recovery.index().ids()).containsExactly(before.id());
        }
    }

    /**
     * Review of issue 14 goal 4: files in queue/ whose names are not queue ids (copied in by an operator) ended the
     * recovery thread and left every claim, stats and shutdown waiting. They are left alone now.
     */
    @Test
    void recovery_strayFilesInQueue_areLeftAlone_andTheMessagesAreDelivered() throws Exception {
        QueueStore store = openStore();
        QueueEntry deferred = store.accept(message(T0, "a"), MessageContent.of(body("a")));
        QueueEntry untried = store.accept(message(T0.plusSeconds(1), "b"), MessageContent.of(body("b")));
        store.release(store.claim("w", T0, 1, LEASE).get(0).lease(), List.of(), T0.plusSeconds(60));
        store.close();
        for (String stray : List.of("x.y.msg", "x.y.env", "a b.env", ".msg")) {
            Files.writeString(dir.resolve("queue/" + stray), "copied in");
        }

        ExecutorService guard = Executors.newSingleThreadExecutor();
        try {
            QueueStore again = openStore();
            assertThat(guard.submit(() -> again.stats(T0).depth()).get(60, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(guard.submit(() -> again.claim("w", T0.plusSeconds(60), 10, LEASE)).get(60, TimeUnit.SECONDS))
                    .extracting(c -> c.entry().id()).containsExactlyInAnyOrder(deferred.id(), untried.id());
            guard.submit(again::close).get(60, TimeUnit.SECONDS);
        } finally {
            guard.shutdownNow();
        }
        assertThat(dir.resolve("queue/x.y.msg")).exists();
        assertThat(dir.resolve("queue/x.y.env")).exists();
    }

    /**
     * Review of issue 14 goal 4: queue/ is opened before the open returns, so one that cannot be listed fails the
     * open (as it did before the listing moved to the background) instead of serving an empty index.
     */
    @Test
    void recover_queueThatCannotBeOpened_failsTheOpen() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir);
        Files.delete(dir.resolve("queue"));
        Files.writeString(dir.resolve("queue"), "not a directory");

        assertThatThrownBy(() -> FileRecovery.recover(files)).isInstanceOf(IOException.class).hasMessageContaining("queue");
    }

    /** Review of issue 14 goal 4: a failure of the recovery thread makes stats and claims throw, never wait for ever. */
    @Test
    void recovery_failureInTheListing_makesStatsAndClaimsThrow() throws Exception {
        QueueStore store = openStore();
        store.accept(message(T0, "a"), MessageContent.of(body("a")));
        store.close();

        ExecutorService guard = Executors.newSingleThreadExecutor();
        FileRecovery.listingFault = () -> {
            throw new IllegalStateException("forced");
        };
        try {
            QueueStore again = openStore();
            Future<?> stats = guard.submit(() -> again.stats(T0));
            assertThatThrownBy(() -> stats.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(SpoolException.class)
                    .hasMessageContaining("forced");
            Future<?> claim = guard.submit(() -> again.claim("w", T0, 10, LEASE));
            assertThatThrownBy(() -> claim.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(SpoolException.class)
                    .hasMessageContaining("forced");
            guard.submit(again::close).get(60, TimeUnit.SECONDS);
        } finally {
            FileRecovery.listingFault = () -> { };
            guard.shutdownNow();
        }
        QueueStore healthy = open();
        assertThat(healthy.stats(T0).depth()).isEqualTo(1);
    }

    /** Issue 14 goal 4: a store closed while the background recovery runs (its listing or its scan) loses nothing. */
    @Test
    void reopen_closedWhileRecoveryRuns_losesNothing() throws Exception {
        QueueStore store = openStore();
        List<QueueId> accepted = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            accepted.add(store.accept(message(T0.plusMillis(i), "r" + i), MessageContent.of(body("m" + i))).id());
        }
        List<ClaimedMessage> deferred = store.claim("w", T0.plusSeconds(1), 100, LEASE);
        for (ClaimedMessage c : deferred) {
            store.release(c.lease(), List.of(), T0.plusSeconds(60));
        }
        store.close();

        for (int round = 0; round < 3; round++) {
            openStore().close(); // closes at once, wherever the listing and the scan are
        }
        QueueStore again = open();

        assertThat(again.stats(T0).depth()).isEqualTo(300);
        assertThat(again.claim("w", T0.plusSeconds(60), 1000, LEASE)).extracting(c -> c.entry().id())
                .containsExactlyInAnyOrderElementsOf(accepted);
    }

    /** Issue 11 item 6: under umask 022 the spool was 0755 and its files 0644, readable by every local user. */
    @Test
    void spool_isTheRelayUsersOnly_directories0700_files0600_whateverTheUmask() throws Exception {
        QueueStore store = open();
        store.accept(message(T0, "a"), MessageContent.of(body("a")));
        store.accept(message(T0, "b"), MessageContent.of(body("b")));
        List<ClaimedMessage> claimed = store.claim("a", T0, 2, LEASE);
        store.release(claimed.get(0).lease(), List.of(), T0.plusSeconds(60));
        store.deadLetter(claimed.get(1).lease(), List.of(), "refused");

        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.toList();
        }
        assertThat(all).filteredOn(Files::isRegularFile).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
        assertThat(all).filteredOn(Files::isDirectory).hasSize(7)
                .allSatisfy(d -> assertThat(mode(d)).as(d.toString()).isEqualTo("rwx------"));
    }

    @Test
    void open_existingSpoolOpenToOthers_isClosedToThem() throws Exception {
        QueueStore.files(dir).close();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("queue"), PosixFilePermissions.fromString("rwxrwxrwx"));

        open();

        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("queue"))).isEqualTo("rwx------");
    }

    private static String mode(Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
