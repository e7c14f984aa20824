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
        assertThat(names(crashed.resolve("journal"))).hasSize(1); // the new journal's empty segment
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
    void close_leavesNoJournal_theMessageFilesAreDurableOnTheirOwn() throws Exception {
        QueueStore store = open(dir);
        store.accept(message(T0, "sales"), MessageContent.of(body("m")));
        assertThat(Files.size(dir.resolve("journal").resolve(names(dir.resolve("journal")).get(0)))).isPositive();

        store.close();

        assertThat(names(dir.resolve("journal"))).isEmpty();
        assertThat(names(dir.resolve("queue"))).hasSize(1);
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
        SpoolJournal journal = SpoolJournal.open(files.journal, 4096);
        List<QueueId> ids = commit(journal, 12);
        int full = names(files.journal).size();
        assertThat(full).isGreaterThan(2);

        for (QueueId id : ids.subList(1, ids.size())) {
            journal.release(id);
        }
        assertThat(names(files.journal)).hasSize(full); // the oldest still vouches for the first message

        journal.release(ids.get(0));
        assertThat(names(files.journal)).hasSize(1);
        journal.close(files);
    }

    @Test
    void replay_releaseInALaterSegment_releasesTheRecordOfAnEarlierOne() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir.resolve("a"));
        SpoolJournal journal = SpoolJournal.open(files.journal, 4096);
        List<QueueId> ids = commit(journal, 12);
        for (QueueId id : ids.subList(0, 6)) {
            journal.release(id);
        }
        SpoolFiles crashed = SpoolFiles.create(ConfigTrees.copy(files.root, dir.resolve("crashed")));
        journal.close(files);

        int rewritten = SpoolJournal.replay(crashed, crashed.journal);

        assertThat(rewritten).isEqualTo(6);
        assertThat(names(crashed.queue)).containsExactlyElementsOf(
                ids.subList(6, 12).stream().map(id -> id.value() + SpoolFiles.MSG).sorted().toList());
        assertThat(Files.readAllBytes(crashed.msg(crashed.queue, ids.get(11)))).isEqualTo(record(11));
        assertThat(names(crashed.journal)).isEmpty();
    }

    /** Commits {@code n} records of 1,000 bytes (four to a 4 KiB segment) without message files. */
    private static List<QueueId> commit(SpoolJournal journal, int n) throws IOException {
        List<QueueId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            QueueId id = SpoolFiles.newId(T0.plusMillis(i));
            journal.commit(id, record(i), 1000);
            ids.add(id);
        }
        return ids;
    }

    private static byte[] record(int i) {
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

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
