package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code queue retry} of a whole file spool is one request whose state writes share their fsyncs
 * ({@link BulkRetry}); more messages than one batch here, deferred for an hour.
 */
class BulkRetryTest {
    /** Near the real time: {@link QueueControl#open} retries at the system clock's now. */
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minusSeconds(60);
    private static final Instant LATER = T0.plusSeconds(3600);
    private static final Instant NOW = T0.plusSeconds(60);
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final int MESSAGES = BulkRetry.BATCH + 100;

    @TempDir
    Path dir;

    @Test
    void retryAll_owner_makesEveryDeferredMessageDueInOneRequest_andDurably() throws Exception {
        deferredQueue(MESSAGES);
        try (QueueStore store = QueueStore.files(dir)) {
            assertThat(store.claim("w", NOW, 10, LEASE)).isEmpty();

            assertThat(store.control(ControlRequest.retryAll(), NOW)).isEqualTo(ControlResult.applied(MESSAGES));

            assertThat(store.claim("w", NOW, 2 * MESSAGES, LEASE)).hasSize(MESSAGES);
        }
        try (QueueStore reopened = QueueStore.files(dir)) { // the new states are on disk
            assertThat(reopened.claim("w", NOW, 2 * MESSAGES, LEASE)).hasSize(MESSAGES);
        }
    }

    @Test
    void retryAll_noOwner_writesEveryStateDirectly() throws Exception {
        deferredQueue(MESSAGES);

        assertThat(QueueControl.open(dir).retryAll()).isEqualTo(MESSAGES);

        try (QueueStore store = QueueStore.files(dir)) {
            assertThat(store.claim("w", Instant.now().plusSeconds(1), 2 * MESSAGES, LEASE)).hasSize(MESSAGES);
        }
    }

    @Test
    void retryAll_leasedMessage_isMadeDueWhenItsAttemptEnds() throws Exception {
        deferredQueue(3);
        try (QueueStore store = QueueStore.files(dir)) {
            store.control(ControlRequest.retryAll(), NOW);
            ClaimedMessage held = store.claim("w", NOW, 1, LEASE).get(0);

            assertThat(store.control(ControlRequest.retryAll(), NOW.plusSeconds(1))).isEqualTo(ControlResult.applied(3));
            store.release(held.lease(), List.of(new RecipientOutcome(0, RecipientState.PENDING, 2, "451 later")),
                    LATER.plusSeconds(3600));

            assertThat(store.claim("w", NOW.plusSeconds(2), 10, LEASE)).hasSize(3);
        }
    }

    @Test
    void retryAll_crashBeforeTheRenames_losesNothing_everyMessageKeepsAWholeState() throws Exception {
        deferredQueue(MESSAGES);
        // a crash after the new states were written beside the old ones, before they were renamed over them
        List<Path> states;
        try (Stream<Path> s = Files.list(dir.resolve("queue"))) {
            states = s.filter(p -> p.toString().endsWith(SpoolFiles.ENV)).toList();
        }
        for (Path p : states.subList(0, states.size() / 2)) {
            Files.write(p.resolveSibling(p.getFileName() + SpoolFiles.TMP), "ssmtp-mailer-spool 1\nid ".getBytes(StandardCharsets.UTF_8));
        }

        try (QueueStore store = QueueStore.files(dir)) {
            assertThat(store.stats(NOW).depth()).isEqualTo(MESSAGES);
            assertThat(store.claim("w", NOW, 10, LEASE)).isEmpty(); // the old states: deferred
            assertThat(store.control(ControlRequest.retryAll(), NOW)).isEqualTo(ControlResult.applied(MESSAGES));
            assertThat(store.claim("w", NOW, 2 * MESSAGES, LEASE)).hasSize(MESSAGES);
        }
        try (Stream<Path> s = Files.list(dir.resolve("queue"))) {
            assertThat(s.filter(p -> p.toString().endsWith(SpoolFiles.TMP))).isEmpty();
        }
    }

    /** A state that cannot be written (its tmp name is taken by a directory) stops the batch before any rename. */
    @Test
    void retryAll_aWriteFails_noStateOfItsBatchChanges_aSecondRetryDoesItAll() throws Exception {
        deferredQueue(MESSAGES);
        Path tmp = tmpOfTheSixthState();
        Files.createDirectory(tmp);

        assertThatThrownBy(() -> QueueControl.open(dir).retryAll()).hasMessageContaining(tmp.getFileName().toString());

        Files.delete(tmp);
        try (QueueStore store = QueueStore.files(dir)) { // the failed batch renamed nothing: all still deferred
            assertThat(store.claim("w", Instant.now().plusSeconds(1), 2 * MESSAGES, LEASE)).isEmpty();
        }
        assertThat(QueueControl.open(dir).retryAll()).isEqualTo(MESSAGES);
        try (QueueStore store = QueueStore.files(dir)) {
            assertThat(store.claim("w", Instant.now().plusSeconds(1), 2 * MESSAGES, LEASE)).hasSize(MESSAGES);
        }
    }

    /**
     * The owner's retry: a failed batch ends the writes it began (a write still marked in progress would make the next
     * retry of those messages wait for ever), so a second retry does it all.
     */
    @Test
    @Timeout(300) // a safety net should the batch stay marked: the second retry would wait for ever; it measures no time
    void retryAll_owner_aWriteFails_theBatchIsFreed_aSecondRetryDoesItAll() throws Exception {
        deferredQueue(MESSAGES);
        try (QueueStore store = QueueStore.files(dir)) {
            assertThat(store.claim("w", NOW, 10, LEASE)).isEmpty(); // recovery has ended: it would remove the tmp below
            Path tmp = tmpOfTheSixthState();
            Files.createDirectory(tmp);

            assertThatThrownBy(() -> store.control(ControlRequest.retryAll(), NOW)).isInstanceOf(SpoolException.class)
                    .hasMessageContaining("cannot retry the queued messages").hasMessageContaining(tmp.getFileName().toString());

            Files.delete(tmp);
            assertThat(store.control(ControlRequest.retryAll(), NOW)).isEqualTo(ControlResult.applied(MESSAGES));
            assertThat(store.claim("w", NOW, 2 * MESSAGES, LEASE)).hasSize(MESSAGES);
        }
    }

    /**
     * Messages accepted after the retry's now are written one by one (the journal vouches for them). When the
     * second one's write fails, the first one already has a state file: the store must not go on trusting the
     * accept's "no state file", or the delivery would remove its message and leave {@code ID.env} behind.
     */
    @Test
    void retryAll_owner_secondFreshMessageFails_theFirstsStateFileIsRemovedWithItsDelivery() throws Exception {
        try (QueueStore store = QueueStore.files(dir)) {
            assertThat(store.claim("w", NOW, 10, LEASE)).isEmpty(); // recovery has ended: it would remove the tmp below
            QueueRecipient r = new QueueRecipient(EmailAddress.parse("sales@mailer.domain1.com"),
                    EmailAddress.parse("sales@domain1.com"), "gmail", false, null, RecipientState.PENDING, 0, "");
            List<QueueId> ids = new java.util.ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                ids.add(store.accept(new NewMessage(EmailAddress.parse("app@domain1.com"), List.of(r), false, NOW.plusSeconds(i)),
                        MessageContent.of("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII))).id());
            }
            Path queue = dir.resolve("queue");
            Path tmp = queue.resolve(ids.get(1).value() + SpoolFiles.ENV + SpoolFiles.TMP);
            Files.createDirectory(tmp);

            assertThatThrownBy(() -> store.control(ControlRequest.retryAll(), NOW)).isInstanceOf(SpoolException.class)
                    .hasMessageContaining(tmp.getFileName().toString());
            assertThat(queue.resolve(ids.get(0).value() + SpoolFiles.ENV)).exists();

            Files.delete(tmp);
            List<ClaimedMessage> claimed = store.claim("w", NOW.plusSeconds(2), 2, LEASE);
            assertThat(claimed).extracting(c -> c.entry().id()).containsExactlyElementsOf(ids);
            for (ClaimedMessage c : claimed) {
                store.complete(c.lease(), List.of(new RecipientOutcome(0, RecipientState.DELIVERED, 1, "250 ok")));
            }
            try (Stream<Path> left = Files.list(queue)) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void retryAll_noOwner_aDamagedState_isAnErrorThatNamesTheMessage() throws Exception {
        deferredQueue(3);
        Path damaged = stateFiles().get(1);
        Files.writeString(damaged, "not a state\n");
        String id = damaged.getFileName().toString().replace(SpoolFiles.ENV, "");

        assertThatThrownBy(() -> QueueControl.open(dir).retryAll()).isInstanceOf(SpoolException.class)
                .hasMessageContaining("cannot read entry " + id);
    }

    /** A state that is there but cannot be read keeps its reason (an IOException's message may be just the path). */
    @Test
    void retryAll_noOwner_anUnreadableState_isAnErrorThatNamesTheMessageAndTheReason() throws Exception {
        deferredQueue(3);
        Path unreadable = stateFiles().get(1);
        Files.delete(unreadable);
        Files.createDirectory(unreadable);
        String id = unreadable.getFileName().toString().replace(SpoolFiles.ENV, "");

        assertThatThrownBy(() -> QueueControl.open(dir).retryAll()).isInstanceOf(SpoolException.class)
                .hasMessageContaining("cannot read entry " + id + ": java.io.IOException: Is a directory");
    }

    private List<Path> stateFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("queue"))) {
            return files.filter(f -> f.toString().endsWith(SpoolFiles.ENV)).sorted().toList();
        }
    }

    /** @return where the sixth state file's new state is written (a directory there makes that write fail) */
    private Path tmpOfTheSixthState() throws Exception {
        Path state = stateFiles().get(5);
        return state.resolveSibling(state.getFileName() + SpoolFiles.TMP);
    }

    /** One message accepted and deferred through the store, then its files copied under {@code n - 1} more ids. */
    private void deferredQueue(int n) throws Exception {
        QueueId first;
        try (QueueStore store = QueueStore.files(dir)) {
            QueueRecipient r = new QueueRecipient(EmailAddress.parse("sales@mailer.domain1.com"), EmailAddress.parse("sales@domain1.com"),
                    "gmail", false, null, RecipientState.PENDING, 0, "");
            first = store.accept(new NewMessage(EmailAddress.parse("app@domain1.com"), List.of(r), false, T0),
                    MessageContent.of("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII))).id();
            ClaimedMessage c = store.claim("w", T0, 1, LEASE).get(0);
            store.release(c.lease(), List.of(new RecipientOutcome(0, RecipientState.PENDING, 1, "451 later")), LATER);
        }
        Path queue = dir.resolve("queue");
        byte[] msg = Files.readAllBytes(queue.resolve(first.value() + ".msg"));
        byte[] env = Files.readAllBytes(queue.resolve(first.value() + SpoolFiles.ENV));
        for (int i = 1; i < n; i++) {
            QueueId id = SpoolFiles.newId(T0.plusMillis(i));
            Files.write(queue.resolve(id.value() + ".msg"), withId(msg, first, id));
            Files.write(queue.resolve(id.value() + SpoolFiles.ENV), withId(env, first, id));
        }
    }

    private static byte[] withId(byte[] file, QueueId from, QueueId to) {
        String text = new String(file, StandardCharsets.ISO_8859_1); // the ids are ASCII and of one length
        return text.replace(from.value(), to.value()).getBytes(StandardCharsets.ISO_8859_1);
    }
}
