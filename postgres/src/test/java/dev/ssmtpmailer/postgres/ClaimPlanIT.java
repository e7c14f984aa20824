package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.queue.ClaimedMessage;
import dev.ssmtpmailer.queue.QueueStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With 10,000 messages waiting, the claim reads the head of the index on {@code available_at}, not the table. */
@RequiresPeer(Peer.POSTGRES)
class ClaimPlanIT {

    @Test
    void claim_tenThousandWaiting_isAnIndexScanThatReadsOnlyWhatItClaims() throws Exception {
        try (TestDatabase test = TestDatabase.create(); PostgresDatabase db = test.connect();
             QueueStore store = db.queueStore()) {
            String s = test.schema;
            try (Connection c = test.direct(); Statement st = c.createStatement()) {
                // half due now, half due later, plus dead letters: the index must skip the ones not due
                st.execute("INSERT INTO " + s + ".message (id, created, sender, size, rewrite_from, next_attempt)"
                        + " SELECT 'W' || g, now() - interval '1 hour', 'jane@example.org', 10, false,"
                        + "   CASE WHEN g % 2 = 0 THEN now() - interval '1 minute' ELSE now() + interval '1 hour' END"
                        + " FROM generate_series(1, 10000) g");
                st.execute("INSERT INTO " + s + ".message (id, created, size, rewrite_from, next_attempt, dead_reason,"
                        + " dead_since) SELECT 'D' || g, now(), 10, false, now(), 'test', now() FROM generate_series(1, 2000) g");
                st.execute("INSERT INTO " + s + ".recipient (message_id, position, original, deliver_to, account, forwarded,"
                        + " state) SELECT id, 0, 'a@mailer.domain1.com', 'a@domain1.com', 'relay', true, 'PENDING' FROM "
                        + s + ".message");
                st.execute("ANALYZE " + s + ".message");
                st.execute("ANALYZE " + s + ".recipient");

                String plan = explain(st, "SELECT id, available_at, purge_requested FROM " + s + ".message WHERE dead_reason IS NULL"
                        + " AND available_at <= now() ORDER BY available_at LIMIT 20 FOR UPDATE SKIP LOCKED");

                assertThat(plan).contains("Index Scan using message_available").doesNotContain("Seq Scan")
                        .doesNotContain("Sort");
            }

            List<ClaimedMessage> claimed = store.claim("plan", Instant.now(), 20, Duration.ofMinutes(1));
            assertThat(claimed).hasSize(20).allSatisfy(m -> assertThat(m.entry().nextAttempt()).isBefore(Instant.now()));
        }
    }

    private static String explain(Statement st, String sql) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
