package dev.ssmtpmailer.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.queue.ClaimedMessage;
import dev.ssmtpmailer.queue.ControlRequest;
import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.NewMessage;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.RecipientOutcome;
import dev.ssmtpmailer.queue.RecipientState;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queue commands' database ({@link PostgresDatabase#forCommand}): one connection, the schema checked with one
 * query and never migrated; {@code serve}'s ({@link PostgresDatabase#connect}) migrates only what is behind.
 */
@RequiresPeer(Peer.POSTGRES)
class CommandDatabaseIT {
    private static final Duration LEASE = Duration.ofMinutes(5);
    /** Not migrated: some tests need the schema missing (SchemaPerTest connects first). */
    private final TestDatabase test = TestDatabase.create();

    @AfterEach
    void dropTheSchema() throws Exception {
        test.close();
    }

    @Test
    void forCommand_unmigratedDatabase_isRefusedWithWhatToDo_andCreatesNothing() throws Exception {
        assertThatThrownBy(() -> PostgresDatabase.forCommand(test.settings().build()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("the queue schema " + test.schema + " does not exist yet")
                .hasMessageContaining("ssmtp-mailer serve");
        assertThat(test.count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + test.schema + "'"))
                .isZero();
    }

    @Test
    void forCommand_olderSchema_isRefusedNamingBothVersions() throws Exception {
        test.connect().close();
        history("UPDATE %s SET version = '0.9' WHERE version = '" + SchemaCheck.LATEST + "'");

        assertThatThrownBy(() -> PostgresDatabase.forCommand(test.settings().build()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("is at version 0.9, this ssmtp-mailer needs version " + SchemaCheck.LATEST);
    }

    @Test
    void newerSchema_isRefusedByTheCommandsAndByServe() throws Exception {
        test.connect().close();
        history("INSERT INTO %s (installed_rank, version, description, type, script, installed_by, execution_time, success)"
                + " VALUES (100, '99', 'from the future', 'SQL', 'V99__future.sql', 'relay', 0, true)");

        assertThatThrownBy(() -> PostgresDatabase.forCommand(test.settings().build()))
                .hasMessageContaining("is at version 99, newer than this ssmtp-mailer knows");
        assertThatThrownBy(test::connect)
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("is at version 99, newer than this ssmtp-mailer knows");
    }

    @Test
    void connect_freshDatabase_migrates_thenTheCommandsFindItCurrent() throws Exception {
        test.connect().close();
        assertThat(test.count("SELECT count(*) FROM " + test.schema + "." + PostgresDatabase.HISTORY_TABLE
                + " WHERE success AND version = '" + SchemaCheck.LATEST + "'")).isOne();

        try (PostgresDatabase db = PostgresDatabase.forCommand(test.settings().build())) {
            assertThat(db.listens()).isFalse();
            assertThat(QueueControl.of(db.queueStore()).stats().depth()).isZero();
        }
    }

    @Test
    void list_withALimit_givesTheOldestQueuedFirst_thenTheDeadLetters_overOneConnection() throws Exception {
        List<QueueId> ids = new ArrayList<>();
        try (PostgresDatabase db = test.connect(); QueueStore store = db.queueStore()) {
            for (int i = 0; i < 5; i++) {
                ids.add(accept(store, Instant.parse("2026-11-27T10:00:00Z").plusSeconds(i)));
            }
            store.control(ControlRequest.purge(ids.get(0)), Instant.now());
        }
        try (PostgresDatabase db = PostgresDatabase.forCommand(test.settings().build())) {
            QueueControl control = QueueControl.of(db.queueStore());
            try (Stream<QueueEntry> first = control.list(2)) {
                assertThat(first).extracting(QueueEntry::id).containsExactly(ids.get(1), ids.get(2));
            }
            try (Stream<QueueEntry> all = control.list(Integer.MAX_VALUE)) { // the one connection was given back
                assertThat(all).extracting(QueueEntry::id).containsExactly(ids.get(1), ids.get(2), ids.get(3), ids.get(4), ids.get(0));
            }
            assertThat(control.list(4)).extracting(QueueEntry::dead).containsOnly(false);
        }
    }

    @Test
    void retryAll_isOneStatement_thatMakesEveryDeferredMessageDue() throws Exception {
        int n = 300;
        Instant now = Instant.now();
        try (PostgresDatabase db = test.connect(); QueueStore store = db.queueStore()) {
            for (int i = 0; i < n; i++) {
                accept(store, now.minusSeconds(60));
            }
            for (ClaimedMessage c : store.claim("w", now, n, LEASE)) {
                store.release(c.lease(), List.of(new RecipientOutcome(0, RecipientState.PENDING, 1, "451 later")),
                        now.plusSeconds(3600));
            }
            assertThat(store.claim("w", now.plusSeconds(60), n, LEASE)).isEmpty();

            try (PostgresDatabase cli = PostgresDatabase.forCommand(test.settings().build())) {
                // one UPDATE in one transaction: a crash or kill before its commit leaves every message as it was
                assertThat(QueueControl.of(cli.queueStore()).retryAll()).isEqualTo(n);
            }

            assertThat(store.claim("w", Instant.now().plusSeconds(1), 2 * n, LEASE)).hasSize(n);
        }
    }

    private void history(String sql) throws Exception {
        try (Connection c = test.direct(); Statement s = c.createStatement()) {
            s.execute(String.format(sql, test.schema + "." + PostgresDatabase.HISTORY_TABLE));
        }
    }

    private static QueueId accept(QueueStore store, Instant created) throws Exception {
        QueueRecipient r = new QueueRecipient(EmailAddress.parse("sales@mailer.domain1.com"),
                EmailAddress.parse("sales@domain1.com"), "gmail", false, null, RecipientState.PENDING, 0, "");
        return store.accept(new NewMessage(EmailAddress.parse("app@domain1.com"), List.of(r), false, created),
                MessageContent.of("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII))).id();
    }
}
