package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresPeer(Peer.POSTGRES)
class BodyChunksIT extends SchemaPerTest {
    private BodyChunks chunks;

    @BeforeEach
    void open() {
        chunks = new BodyChunks(db);
    }

    @Test
    void writer_messageOfSeveralChunks_isReadBackByteForByte() throws Exception {
        byte[] message = new byte[4 * BodyChunks.CHUNK_SIZE + 17];
        new Random(7).nextBytes(message);

        long size = store("m1", message, 1000);

        assertThat(size).isEqualTo(message.length);
        assertThat(test.count("SELECT count(*) FROM " + test.schema + ".body_chunk WHERE message_id = 'm1'")).isEqualTo(5);
        try (InputStream in = chunks.reader("m1", size)) {
            assertThat(in.readAllBytes()).isEqualTo(message);
        }
    }

    @Test
    void writer_singleBytesAndSmallWrites_giveTheSameBytes() throws Exception {
        byte[] message = "Subject: hi\r\n\r\nbody\r\n".repeat(2000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        long size = store("m2", message, 1);

        try (InputStream in = chunks.reader("m2", size)) {
            assertThat(in.readAllBytes()).isEqualTo(message);
        }
    }

    @Test
    void writer_emptyMessage_storesNoChunkAndReadsEmpty() throws Exception {
        long size = store("m3", new byte[0], 100);

        assertThat(size).isZero();
        assertThat(test.count("SELECT count(*) FROM " + test.schema + ".body_chunk")).isZero();
        try (InputStream in = chunks.reader("m3", 0)) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void closeKeepingSingleChunk_messageOfExactlyOneChunk_returnsItWithoutATransactionOrARow() throws Exception {
        byte[] message = new byte[BodyChunks.CHUNK_SIZE];
        new Random(9).nextBytes(message);
        try (Connection c = db.dataSource().getConnection()) {
            BodyChunks.Writer w = chunks.writer(c, "m5");
            w.write(message, 0, message.length);

            assertThat(w.closeKeepingSingleChunk()).isEqualTo(message);
            assertThat(w.size()).isEqualTo(message.length);
            assertThat(c.getAutoCommit()).isTrue();
            assertThatThrownBy(() -> w.write(1)).isInstanceOf(IOException.class).hasMessage("message stream closed");
        }
        assertThat(test.count("SELECT count(*) FROM " + test.schema + ".body_chunk")).isZero();
    }

    @Test
    void reader_chunkRemovedMeanwhile_failsNamingTheMessage() throws Exception {
        byte[] message = new byte[2 * BodyChunks.CHUNK_SIZE];
        long size = store("m4", message, 4096);
        try (Connection c = test.direct()) {
            c.createStatement().execute("DELETE FROM " + test.schema + ".body_chunk WHERE seq = 1");
        }

        try (InputStream in = chunks.reader("m4", size)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
                    .hasMessageContaining("message m4 is missing chunk 1");
        }
    }

    /** Stores the message row and its chunks in one transaction, writing {@code step} bytes at a time. */
    private long store(String id, byte[] message, int step) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + test.schema + ".message (id, created, size,"
                    + " rewrite_from, next_attempt) VALUES (?, now(), 0, false, now())")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            BodyChunks.Writer w = chunks.writer(c, id);
            for (int off = 0; off < message.length; off += step) {
                int n = Math.min(step, message.length - off);
                if (n == 1) {
                    w.write(message[off]);
                } else {
                    w.write(message, off, n);
                }
            }
            w.close();
            c.commit();
            return w.size();
        }
    }
}
