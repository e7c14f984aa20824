package dev.ssmtpmailer.queue;

import static dev.ssmtpmailer.queue.QueueStoreContract.LEASE;
import static dev.ssmtpmailer.queue.QueueStoreContract.T0;
import static dev.ssmtpmailer.queue.QueueStoreContract.body;
import static dev.ssmtpmailer.queue.QueueStoreContract.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.ConfigTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's group commit: an accepted message's own file is not fsynced, its journal record is. A power
 * loss is simulated by copying the spool of a running store (what the disk holds if everything written reached
 * it) and then taking away what a power loss may take: a message file's name, or its data.
 */
class SpoolJournalTest {
    @TempDir
    Path dir;

    private final List<QueueStore> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(QueueStore::close);
    }

    private QueueStore open(Path spool) {
        QueueStore s = QueueStore.files(spool);
        opened.add(s);
        return s;
    }

    @Test
    void open_afterPowerLossTookMessageFiles_restoresThemFromTheJournal() throws Exception {
        QueueStore store = open(dir.resolve("a"));
        QueueEntry named = store.accept(message(T0, "sales"), MessageContent.of(body("name lost")));
        QueueEntry torn = store.accept(message(T0, "legal"), MessageContent.of(body("data lost")));
        QueueEntry intact = store.accept(message(T0, "general"), MessageContent.of(body("intact")));
        Path crashed = ConfigTrees.copy(dir.resolve("a"), dir.resolve("crashed"));
        Files.delete(queued(crashed, named));
        try (var ch = java.nio.channels.FileChannel.open(queued(crashed, torn), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }

        QueueStore recovered = open(crashed);

        assertThat(claimedBodies(recovered)).containsOnly(
                Map.entry(named.id().value(), "name lost"), Map.entry(torn.id().value(), "data lost"),
                Map.entry(intact.id().value(), "intact"));
        assertThat(names(crashed.resolve("journal"))).hasSize(2); // the adopted segment, and the new one
        assertThat(names(crashed.resolve("dead"))).isEmpty();
    }

    @Test
    void open_afterPowerLoss_deliveredMessageStaysRemoved() throws Exception {
        QueueStore store = open(dir.resolve("a"));
        QueueEntry delivered = store.accept(message(T0, "sales"), MessageContent.of(body("delivered")));
        QueueEntry waiting = store.accept(message(T0.plusMillis(1), "legal"), MessageContent.of(body("waiting")));
        ClaimedMessage first = store.claim("w", T0.plusSeconds(1), 1, LEASE).get(0);
        assertThat(first.entry().id()).isEqualTo(delivered.id());
        store.complete(first.lease(), List.of(new RecipientOutcome(0, RecipientState.DELIVERED, 1, "250 ok")));
        Path crashed = ConfigTrees.copy(dir.resolve("a"), dir.resolve("crashed"));

        QueueStore recovered = open(crashed);

        assertThat(claimedBodies(recovered)).containsOnly(Map.entry(waiting.id().value(), "waiting"));
    }

    @Test
    void open_tornRecordAtTheJournalsEnd_recordsBeforeItStillRestored() throws Exception {
        QueueStore store = open(dir.resolve("a"));
        QueueEntry e = store.accept(message(T0, "sales"), MessageContent.of(body("before the tear")));
        Path crashed = ConfigTrees.copy(dir.resolve("a"), dir.resolve("crashed"));
        Path segment = crashed.resolve("journal").resolve(names(crashed.resolve("journal")).get(0));
        byte[] whole = Files.readAllBytes(segment);
        Files.write(segment, Arrays.copyOfRange(whole, 0, whole.length / 2), StandardOpenOption.APPEND); // half a record
        Files.delete(queued(crashed, e));

        QueueStore recovered = open(crashed);

        assertThat(claimedBodies(recovered)).containsOnly(Map.entry(e.id().value(), "before the tear"));
    }

    @Test
    void close_withMessagesNotYetTried_keepsTheirSegment_andAPowerLossAfterTheStopLosesNone() throws Exception {
        QueueStore store = open(dir.resolve("a"));
        QueueEntry e = store.accept(message(T0, "sales"), MessageContent.of(body("not yet tried")));

        store.close(); // no fsync of its file: the journal's segment stays and vouches for it
        Path crashed = ConfigTrees.copy(dir.resolve("a"), dir.resolve("crashed"));
        Files.delete(queued(crashed, e)); // the power loss after the stop took its file

        assertThat(names(dir.resolve("a").resolve("journal"))).hasSize(1);
        assertThat(claimedBodies(open(crashed))).containsOnly(Map.entry(e.id().value(), "not yet tried"));
    }

    @Test
    void close_nothingVouchedFor_leavesNoJournal() throws Exception {
        QueueStore store = open(dir);
        store.accept(message(T0, "sales"), MessageContent.of(body("m")));
        ClaimedMessage c = store.claim("w", T0.plusSeconds(1), 1, LEASE).get(0);
        store.complete(c.lease(), List.of(new RecipientOutcome(0, RecipientState.DELIVERED, 1, "250 ok")));
        store.close();

        assertThat(names(dir.resolve("journal"))).isEmpty();
    }

    @Test
    void open_adoptsTheSegments_aPowerLossRightAfterTheAdoptionLosesNothing() throws Exception {
        QueueStore store = open(dir.resolve("a"));
        QueueEntry lost = store.accept(message(T0, "sales"), MessageContent.of(body("lost twice")));
        QueueEntry kept = store.accept(message(T0, "legal"), MessageContent.of(body("kept")));
        Path first = ConfigTrees.copy(dir.resolve("a"), dir.resolve("first"));
        Files.delete(queued(first, lost));
        List<String> segments = names(first.resolve("journal"));

        QueueStore adopted = open(first);
        assertThat(claimedBodies(adopted)).containsOnly( // a claim waits for the adoption, which rewrote "lost"
                Map.entry(lost.id().value(), "lost twice"), Map.entry(kept.id().value(), "kept"));
        Path second = ConfigTrees.copy(first, dir.resolve("second")); // a power loss now: the rewrite was not fsynced
        Files.delete(queued(second, lost));
        Files.delete(queued(second, kept));

        assertThat(names(first.resolve("journal"))).containsAll(segments).hasSize(segments.size() + 1);
        assertThat(claimedBodies(open(second))).containsOnly(
                Map.entry(lost.id().value(), "lost twice"), Map.entry(kept.id().value(), "kept"));
    }

    @Test
    void open_adoptedMessagesTried_theirReleasesInTheNewSegmentHold_andTheAdoptedSegmentGoes() throws Exception {
        QueueStore store = open(dir.resolve("a"));
        QueueEntry delivered = store.accept(message(T0, "sales"), MessageContent.of(body("delivered")));
        QueueEntry deferred = store.accept(message(T0.plusMillis(1), "legal"), MessageContent.of(body("deferred")));
        Path crashed = ConfigTrees.copy(dir.resolve("a"), dir.resolve("crashed"));
        String adoptedSegment = names(crashed.resolve("journal")).get(0);
        QueueStore adopted = open(crashed);
        List<ClaimedMessage> claimed = adopted.claim("w", T0.plusSeconds(1), 2, LEASE);
        assertThat(claimed).extracting(c -> c.entry().id()).containsExactly(delivered.id(), deferred.id());

        adopted.complete(claimed.get(0).lease(), List.of(new RecipientOutcome(0, RecipientState.DELIVERED, 1, "250 ok")));
        Path afterDelivery = ConfigTrees.copy(crashed, dir.resolve("after-delivery"));
        adopted.release(claimed.get(1).lease(), List.of(new RecipientOutcome(0, RecipientState.PENDING, 1, "451 later")),
                T0.plusSeconds(2));

        assertThat(names(crashed.resolve("journal"))).hasSize(1).doesNotContain(adoptedSegment);
        assertThat(claimedBodies(open(afterDelivery))).containsOnly(Map.entry(deferred.id().value(), "deferred"));
    }

    @Test
    void open_secondSegmentAfterAnAdoption_isNumberedAfterTheAdoptedOnes() throws Exception {
        QueueStore store = open(dir.resolve("a"));
        store.accept(message(T0, "sales"), MessageContent.of(body("m")));
        Path crashed = ConfigTrees.copy(dir.resolve("a"), dir.resolve("crashed"));
        String adoptedSegment = names(crashed.resolve("journal")).get(0);

        open(crashed);

        assertThat(names(crashed.resolve("journal"))).hasSize(2).first().isEqualTo(adoptedSegment);
    }

    @Test
    void close_afterAnOpenWithNoRecord_leavesOnlyTheAdoptedSegments() throws Exception {
        QueueStore store = open(dir);
        store.accept(message(T0, "sales"), MessageContent.of(body("m")));
        store.close();
        List<String> left = names(dir.resolve("journal"));

        for (int i = 0; i < 3; i++) {
            QueueStore restarted = open(dir); // restarts without traffic
            restarted.stats(T0); // waits for the adoption (and the listing): the close does not race it
            restarted.close();
        }

        assertThat(left).hasSize(1);
        assertThat(names(dir.resolve("journal"))).isEqualTo(left);
    }

    @Test
    void queueRetryWithoutServe_afterTheOwnersJournalWasLeft_settlesItFirst() throws Exception {
        QueueStore store = open(dir.resolve("a"));
        QueueEntry e = store.accept(message(T0, "sales"), MessageContent.of(body("m")));
        Path crashed = ConfigTrees.copy(dir.resolve("a"), dir.resolve("crashed"));
        Files.delete(queued(crashed, e)); // a power loss took its file, the journal vouches for it

        assertThat(QueueControl.open(crashed).retryNow(e.id())).isTrue(); // looked for once the journal restored it

        assertThat(names(crashed.resolve("journal"))).isEmpty();
        assertThat(Files.readAllBytes(queued(crashed, e))).endsWith(body("m")); // restored from the journal
        assertThat(QueueControl.open(crashed).show(e.id())).hasValueSatisfying(q -> assertThat(q.dead()).isFalse());
    }

    @Test
    void accept_messagesAroundTheJournalsRecordLimit_storedByteForByte() throws Exception {
        QueueStore store = open(dir);
        Map<QueueId, byte[]> sent = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        for (int size : new int[] {SpoolJournal.MAX_RECORD - 2000, SpoolJournal.MAX_RECORD, 3 * SpoolJournal.MAX_RECORD + 17}) {
            byte[] bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) ('a' + i % 23);
            }
            QueueEntry e = store.accept(message(T0, "sales"), out -> {
                for (int off = 0; off < bytes.length; off += 1000) { // in pieces, as a DATA stream arrives
                    out.write(bytes, off, Math.min(1000, bytes.length - off));
                }
            });
            assertThat(e.size()).isEqualTo(size);
            sent.put(e.id(), bytes);
        }

        for (Map.Entry<QueueId, byte[]> e : sent.entrySet()) {
            try (InputStream in = store.openMessage(e.getKey())) {
                assertThat(in.readAllBytes()).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void segments_rotateWhenFull_andGoOldestFirstOnceTheyVouchForNothing() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir);
        SpoolJournal journal = SpoolJournal.open(files, 4096);
        List<QueueId> ids = commit(journal, 12);
        int full = names(files.journal).size();
        assertThat(full).isGreaterThan(2);

        for (QueueId id : ids.subList(1, ids.size())) {
            journal.release(id);
        }
        assertThat(names(files.journal)).hasSize(full); // the oldest still vouches for the first message

        journal.release(ids.get(0));
        assertThat(names(files.journal)).hasSize(1);
        journal.close();
        assertThat(names(files.journal)).isEmpty();
    }

    @Test
    void close_whileAnAcceptWaitsForTheSharedFsync_theAcceptSucceeds_forItsRecordIsDurable() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir);
        SpoolJournal journal = SpoolJournal.open(files, 4096);
        QueueId id = SpoolFiles.newId(T0);
        java.lang.reflect.Field f = SpoolJournal.class.getDeclaredField("syncLock");
        f.setAccessible(true);
        Object syncLock = f.get(journal);
        java.util.concurrent.CompletableFuture<Void> accept;
        synchronized (syncLock) { // the fsync leader: the accept appends its record, then waits here
            accept = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    journal.commit(id, record(0), 1000);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            while (!journal.vouchesFor(id)) {
                Thread.onSpinWait();
            }
            journal.close(); // a stop now: its fsync covers the record
        }

        accept.get(); // told accepted, which is true: the record is durable and the next owner adopts it
        assertThat(JournalReplay.settle(files)).isEqualTo(1);
        assertThat(Files.readAllBytes(files.msg(files.queue, id))).isEqualTo(record(0));
    }

    @Test
    void adopt_everyAdoptedMessageReleased_dropsTheAdoptedIds() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir);
        List<QueueId> ids = leftByAStop(files, 6);
        SpoolJournal journal = SpoolJournal.open(files, 4096);
        journal.adopt(files, () -> false);
        java.lang.reflect.Field adopted = SpoolJournal.class.getDeclaredField("adopted");
        adopted.setAccessible(true);

        for (QueueId id : ids.subList(0, 5)) {
            journal.release(id);
        }
        assertThat(adopted.get(journal)).isNotSameAs(AdoptedIds.none());
        journal.release(ids.get(5));

        assertThat(adopted.get(journal)).isSameAs(AdoptedIds.none());
        assertThat(journal.vouchesFor(ids.get(5))).isFalse();
        assertThat(names(files.journal)).hasSize(1); // the adopted segments went, the new one stays
        journal.close();
    }

    @Test
    void adopt_stoppedDuringIt_thenAMessageFileLost_theRestartLosesNothing() throws Exception {
        Path spool = dir.resolve("a");
        QueueStore store = open(spool);
        QueueEntry lost = store.accept(message(T0, "sales"), MessageContent.of(body("lost after the stop")));
        QueueEntry kept = store.accept(message(T0, "legal"), MessageContent.of(body("kept")));
        SpoolFiles files = SpoolFiles.create(ConfigTrees.copy(spool, dir.resolve("crashed"))); // a kill -9
        Path crashed = files.root;
        List<String> left = names(files.journal);
        SpoolJournal journal = SpoolJournal.open(files);

        journal.adopt(files, () -> true); // the store closes as the adoption starts
        journal.close();
        Files.delete(queued(crashed, lost)); // then a power loss took a file

        assertThat(names(files.journal)).containsAll(left);
        assertThat(claimedBodies(open(crashed))).containsOnly(
                Map.entry(lost.id().value(), "lost after the stop"), Map.entry(kept.id().value(), "kept"));
    }

    @Test
    void adopt_afterNewSegmentsRotated_putsTheAdoptedOnesInFront() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir.resolve("a"));
        List<QueueId> old = leftByAStop(files, 3);
        SpoolJournal journal = SpoolJournal.open(files, 4096);
        List<QueueId> fresh = commit(journal, 8); // accepts while the recovery thread has not adopted yet: rotations
        journal.adopt(files, () -> false);
        int all = names(files.journal).size();
        assertThat(all).isGreaterThan(3);

        release(journal, fresh);
        assertThat(names(files.journal)).hasSize(all); // the adopted segment, the oldest, still vouches for three
        SpoolFiles crashed = SpoolFiles.create(ConfigTrees.copy(files.root, dir.resolve("crashed")));
        JournalReplay.settle(crashed); // a crash now: only the adopted messages are there (rewritten by the adoption)
        assertThat(names(crashed.queue)).containsExactlyElementsOf(
                old.stream().map(id -> id.value() + SpoolFiles.MSG).sorted().toList());

        release(journal, old); // then the adopted segment goes, and the new ones behind it
        assertThat(names(files.journal)).hasSize(1);
    }

    @Test
    void adopt_oneFileCannotBeWritten_adoptsTheOthers_andEveryOldSegmentStaysForTheNextStart() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir);
        List<QueueId> ids = leftByAStop(files, 6);
        List<String> left = names(files.journal);
        QueueId bad = ids.get(2);
        obstruct(files, bad);
        SpoolJournal journal = SpoolJournal.open(files, 4096);

        assertThat(journal.adopt(files, () -> false)).isTrue();
        assertThat(journal.unresolved()).containsExactly(bad.value());
        assertThat(journal.vouchesFor(bad)).isFalse(); // never released by this owner
        for (QueueId id : ids) {
            journal.release(id);
        }
        assertThat(names(files.journal)).containsAll(left); // the bad one's segment is the oldest: it and the rest stay
        journal.close();

        assertThat(left).hasSizeGreaterThan(1);
        assertThat(names(files.journal)).containsAll(left);
        assertThat(Files.readAllBytes(files.msg(files.queue, ids.get(5)))).isEqualTo(record(5));
    }

    @Test
    void open_oneVouchedFileCannotBeRestored_theOthersAreClaimed_andTheNextStartRestoresIt() throws Exception {
        QueueStore store = open(dir.resolve("a"));
        List<QueueEntry> accepted = new ArrayList<>();
        for (String subject : List.of("blocked", "lost", "kept")) {
            accepted.add(store.accept(message(T0, "sales"), MessageContent.of(body(subject))));
        }
        QueueEntry bad = accepted.get(0);
        QueueEntry lost = accepted.get(1);
        QueueEntry kept = accepted.get(2);
        SpoolFiles crashed = SpoolFiles.create(ConfigTrees.copy(dir.resolve("a"), dir.resolve("crashed"))); // kill -9
        Files.delete(queued(crashed.root, lost));
        obstruct(crashed, bad.id()); // where its file should be: EIO, EACCES or a name clash in production

        QueueStore first = open(crashed.root);
        List<ClaimedMessage> claimed = first.claim("w", T0.plusSeconds(1), 10, LEASE);
        assertThat(claimed).extracting(c -> c.entry().id()).containsExactlyInAnyOrder(lost.id(), kept.id());
        for (ClaimedMessage c : claimed) {
            first.complete(c.lease(), List.of(new RecipientOutcome(0, RecipientState.DELIVERED, 1, "250 ok")));
        }
        assertThat(first.stats(T0)).isEqualTo(new StoreStats(0, java.time.Duration.ZERO, 1)); // counted apart
        first.close();
        opened.remove(first);
        assertThat(names(crashed.journal)).isNotEmpty(); // its record stays for the next owner
        assertThat(names(crashed.dead)).isEmpty();

        unobstruct(crashed, bad.id());
        assertThat(claimedBodies(open(crashed.root))).containsOnly(Map.entry(bad.id().value(), "blocked"));
    }

    @Test
    void settle_oneFileCannotBeWritten_settlesTheOthers_namesIt_andKeepsTheJournal() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir);
        List<QueueId> ids = leftByAStop(files, 6);
        List<String> left = names(files.journal);
        QueueId bad = ids.get(4); // in the second segment: the first one holds nothing else unsettled
        obstruct(files, bad);

        org.assertj.core.api.Assertions.assertThatIOException().isThrownBy(() -> JournalReplay.settle(files))
                .withMessageContaining(bad.value());

        assertThat(names(files.journal)).isEqualTo(left.subList(1, left.size()));
        for (int i : new int[] {0, 3, 5}) {
            assertThat(Files.readAllBytes(files.msg(files.queue, ids.get(i)))).isEqualTo(record(i));
        }
        unobstruct(files, bad);
        assertThat(JournalReplay.settle(files)).isEqualTo(1);
        assertThat(Files.readAllBytes(files.msg(files.queue, bad))).isEqualTo(record(4));
        assertThat(names(files.journal)).isEmpty();
    }

    /** Puts a directory that is not empty where the message's file belongs: no check or rewrite can get past it. */
    static void obstruct(SpoolFiles files, QueueId id) throws IOException {
        Path obstacle = files.msg(files.queue, id);
        Files.deleteIfExists(obstacle);
        Files.createDirectory(obstacle);
        Files.writeString(obstacle.resolve("x"), "x");
    }

    static void unobstruct(SpoolFiles files, QueueId id) throws IOException {
        Path obstacle = files.msg(files.queue, id);
        Files.delete(obstacle.resolve("x"));
        Files.delete(obstacle);
    }

    @Test
    void settle_releaseInALaterSegment_releasesTheRecordOfAnEarlierOne() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir.resolve("a"));
        SpoolJournal journal = SpoolJournal.open(files, 4096);
        List<QueueId> ids = commit(journal, 12);
        for (QueueId id : ids.subList(0, 6)) {
            journal.release(id);
        }
        SpoolFiles crashed = SpoolFiles.create(ConfigTrees.copy(files.root, dir.resolve("crashed")));
        journal.close();

        int rewritten = JournalReplay.settle(crashed);

        assertThat(rewritten).isEqualTo(6);
        assertThat(names(crashed.queue)).containsExactlyElementsOf(
                ids.subList(6, 12).stream().map(id -> id.value() + SpoolFiles.MSG).sorted().toList());
        assertThat(Files.readAllBytes(crashed.msg(crashed.queue, ids.get(11)))).isEqualTo(record(11));
        assertThat(names(crashed.journal)).isEmpty();
    }

    /** @return the ids of {@code n} records a stopped owner's journal left (see {@link #commit}) */
    static List<QueueId> leftByAStop(SpoolFiles files, int n) throws IOException {
        SpoolJournal first = SpoolJournal.open(files, 4096);
        List<QueueId> ids = commit(first, n);
        first.close();
        return ids;
    }

    static void release(SpoolJournal journal, List<QueueId> ids) throws IOException {
        for (QueueId id : ids) {
            journal.release(id);
        }
    }

    /** Commits {@code n} records of 1,000 bytes (four to a 4 KiB segment) without message files. */
    static List<QueueId> commit(SpoolJournal journal, int n) throws IOException {
        List<QueueId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            QueueId id = SpoolFiles.newId(T0.plusMillis(i));
            journal.commit(id, record(i), 1000);
            ids.add(id);
        }
        return ids;
    }

    static byte[] record(int i) {
        byte[] b = new byte[1000];
        Arrays.fill(b, (byte) ('a' + i));
        return b;
    }

    /** @return each claimable message's id and subject */
    private static Map<String, String> claimedBodies(QueueStore store) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (ClaimedMessage c : store.claim("r", T0.plusSeconds(60), 100, LEASE)) {
            try (InputStream in = store.openMessage(c.entry().id())) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                out.put(c.entry().id().value(), text.substring("Subject: ".length(), text.indexOf('\r')));
            }
        }
        return out;
    }

    private static Path queued(Path spool, QueueEntry e) {
        return spool.resolve("queue").resolve(e.id().value() + SpoolFiles.MSG);
    }

    static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
