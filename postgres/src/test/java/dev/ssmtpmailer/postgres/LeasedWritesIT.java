package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.queue.Lease;
import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.NewMessage;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.RecipientOutcome;
import dev.ssmtpmailer.queue.RecipientState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one-statement removal of a delivered message, and when it leaves the decision to the full transaction. */
@RequiresPeer(Peer.POSTGRES)
class LeasedWritesIT extends SchemaPerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private QueueStore store;
    private LeasedWrites writes;

    @BeforeEach
    void open() {
        store = db.queueStore();
        writes = new LeasedWrites(db);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Lease acceptAndClaim(String... locals) throws Exception {
        List<QueueRecipient> rcpts = java.util.Arrays.stream(locals).map(l -> new QueueRecipient(
                EmailAddress.parse(l + "@mailer.domain1.com"), EmailAddress.parse(l + "@domain1.com"), "relay", true, null,
                RecipientState.PENDING, 0, "")).toList();
        QueueEntry e = store.accept(new NewMessage(EmailAddress.parse("jane@example.org"), rcpts, false, T0),
                MessageContent.of("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        return store.claim("w", T0, 10, Duration.ofMinutes(1)).stream().filter(c -> c.entry().id().equals(e.id()))
                .findFirst().orElseThrow().lease();
    }

    private static RecipientOutcome delivered(int i) {
        return new RecipientOutcome(i, RecipientState.DELIVERED, 1, "250 ok");
    }

    @Test
    void completeAtOnce_lastPendingRecipientsDelivered_removesTheMessageInOneStatement() throws Exception {
        Lease lease = acceptAndClaim("a", "b");

        assertThat(writes.completeAtOnce(lease, List.of(delivered(0), delivered(1)))).isTrue();
        assertThat(store.show(lease.id())).isEmpty();
        assertThat(test.count("SELECT count(*) FROM " + test.schema + ".body_chunk")).isZero();
    }

    @Test
    void completeAtOnce_aRecipientLeftPending_changesNothing() throws Exception {
        Lease lease = acceptAndClaim("a", "b");

        assertThat(writes.completeAtOnce(lease, List.of(delivered(0)))).isFalse();
        assertThat(store.show(lease.id())).isPresent();
    }

    @Test
    void completeAtOnce_leaseTakenOver_changesNothing() throws Exception {
        Lease old = acceptAndClaim("a");
        store.claim("other", T0.plus(Duration.ofMinutes(2)), 1, Duration.ofMinutes(1));

        assertThat(writes.completeAtOnce(old, List.of(delivered(0)))).isFalse();
        assertThat(store.show(old.id())).isPresent();
    }

    @Test
    void completeAtOnce_outcomeForARecipientAlreadyDelivered_leavesItToTheFullCheck() throws Exception {
        Lease lease = acceptAndClaim("a", "b");
        store.record(lease, List.of(delivered(0)));

        assertThat(writes.completeAtOnce(lease, List.of(delivered(0), delivered(1)))).isFalse();
        assertThat(writes.completeAtOnce(lease, List.of(delivered(1)))).isTrue();
    }
}
