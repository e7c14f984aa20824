package dev.ssmtpmailer.queue;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped file spool read message by message and emptied, as {@code queue import} does. */
class SpoolExportTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

    private QueueEntry queued;
    private QueueEntry dead;

    /** One queued message and one dead letter, the store closed again (the serve stopped). */
    private void spool() throws Exception {
        try (QueueStore store = QueueStore.files(dir)) {
            queued = store.accept(QueueStoreContract.message(T0, "sales"), MessageContent.of(QueueStoreContract.body("queued")));
            QueueEntry refused = store.accept(QueueStoreContract.message(T0.plusSeconds(1), "legal"),
                    MessageContent.of(QueueStoreContract.body("refused")));
            Lease lease = store.claim("test", T0.plusSeconds(1), 10, Duration.ofMinutes(1)).stream()
                    .filter(c -> c.entry().id().equals(refused.id())).findFirst().orElseThrow().lease();
            dead = store.deadLetter(lease, List.of(new RecipientOutcome(0, RecipientState.FAILED, 1, "550 no")), "550 no");
        }
    }

    @Test
    void entries_queuedThenDead_withTheirBytes_andRemoveEmptiesTheSpool() throws Exception {
        spool();
        List<String> bodies = new ArrayList<>();
        try (SpoolExport export = SpoolExport.open(dir); Stream<QueueEntry> entries = export.entries()) {
            assertThat(export.count()).isEqualTo(2);
            for (QueueEntry e : (Iterable<QueueEntry>) entries::iterator) {
                try (InputStream in = export.openMessage(e)) {
                    bodies.add(new String(in.readAllBytes(), US_ASCII));
                }
                export.remove(e);
                export.remove(e); // gone already: nothing happens
            }
            assertThat(export.count()).isZero();
        }

        assertThat(bodies).containsExactly(new String(QueueStoreContract.body("queued"), US_ASCII),
                new String(QueueStoreContract.body("refused"), US_ASCII));
        assertThat(QueueControl.open(dir).list()).isEmpty();
        assertThat(dead.dead()).isTrue();
        assertThat(queued.dead()).isFalse();
    }

    @Test
    void remove_afterAStopThatLeftTheJournal_theNextServeDoesNotReviveTheMessage() throws Exception {
        spool(); // the queued message was never tried: the stop left the journal vouching for it
        try (SpoolExport export = SpoolExport.open(dir); Stream<QueueEntry> entries = export.entries()) {
            for (QueueEntry e : (Iterable<QueueEntry>) entries::iterator) {
                export.remove(e);
            }
        }

        try (Stream<Path> journal = java.nio.file.Files.list(dir.resolve("journal"))) {
            assertThat(journal).isEmpty();
        }
        try (QueueStore store = QueueStore.files(dir)) {
            assertThat(store.claim("test", T0.plusSeconds(60), 10, Duration.ofMinutes(1))).isEmpty();
        }
    }

    @Test
    void open_whileAStoreOwnsTheSpool_isRefusedNamingTheRunningServe() throws Exception {
        spool();
        QueueStore running = QueueStore.files(dir);
        try {
            assertThatThrownBy(() -> SpoolExport.open(dir)).isInstanceOf(SpoolException.class)
                    .hasMessageContaining("stop the serve");
        } finally {
            running.close();
        }
    }

    @Test
    void open_keepsAServeFromStartingOnTheSpool() throws Exception {
        spool();
        SpoolExport export = SpoolExport.open(dir);
        try {
            assertThatThrownBy(() -> QueueStore.files(dir)).isInstanceOf(SpoolException.class);
        } finally {
            export.close();
        }
        QueueStore.files(dir).close(); // and lets it start once closed
    }
}
