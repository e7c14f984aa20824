package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.NewMessage;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.RecipientState;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A small message's bytes come with its claim; a large one's are streamed from the table at each open. */
@RequiresPeer(Peer.POSTGRES)
class PrefetchIT extends SchemaPerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private QueueStore store;

    @BeforeEach
    void open() {
        store = db.queueStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private QueueEntry acceptAndClaim(byte[] body) throws Exception {
        QueueRecipient rcpt = new QueueRecipient(EmailAddress.parse("a@mailer.domain1.com"), EmailAddress.parse("a@domain1.com"),
                "relay", true, null, RecipientState.PENDING, 0, "");
        QueueEntry e = store.accept(new NewMessage(EmailAddress.parse("jane@example.org"), List.of(rcpt), false, T0),
                MessageContent.of(body));
        assertThat(store.claim("w", T0, 1, Duration.ofMinutes(1))).hasSize(1);
        try (Connection c = test.direct()) {
            c.createStatement().execute("DELETE FROM " + test.schema + ".body_chunk"); // what is read from now on fails
        }
        return e;
    }

    private byte[] read(QueueEntry e) throws IOException {
        try (InputStream in = store.openMessage(e.id())) {
            return in.readAllBytes();
        }
    }

    @Test
    void openMessage_smallClaimedMessage_isServedFromTheClaimOnce() throws Exception {
        byte[] body = "Subject: small\r\n\r\nhello\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        QueueEntry e = acceptAndClaim(body);

        assertThat(read(e)).isEqualTo(body);
        assertThatThrownBy(() -> read(e)).isInstanceOf(IOException.class).hasMessageContaining("missing chunk 0");
    }

    @Test
    void openMessage_messageAboveThePrefetchSize_isReadFromTheTable() throws Exception {
        byte[] body = new byte[100 * 1024];
        Arrays.fill(body, (byte) 'x');
        QueueEntry e = acceptAndClaim(body);

        assertThatThrownBy(() -> read(e)).isInstanceOf(IOException.class);
    }
}
