package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.postgres.PostgresBackend;
import dev.ssmtpmailer.postgres.PostgresSettings;
import dev.ssmtpmailer.queue.ClaimedMessage;
import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.NewMessage;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.RecipientOutcome;
import dev.ssmtpmailer.queue.RecipientState;
import dev.ssmtpmailer.queue.SpoolExport;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code queue import}: a file spool with a partly delivered message, a large untouched one and a dead letter
 * moves into the PostgreSQL queue of the {@code postgres.sh} peer, each message as it stood.
 */
@RequiresPeer(Peer.POSTGRES)
class QueueImportIT {
    private static final String ACCOUNT = "mail-relay@domain1.com";

    @TempDir
    Path dir;
    private Peers.Postgres pg;
    private String schema;
    private Path spool;
    private Path tree;
    /** The spool's messages before the import, with their bytes. */
    private final Map<QueueEntry, byte[]> before = new LinkedHashMap<>();
    private QueueId partly;
    private QueueId large;
    private QueueId dead;

    @BeforeEach
    void fileSpool() throws IOException {
        pg = Peers.postgres();
        schema = "imp_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
        spool = dir.resolve("spool");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // what both stores keep exactly
        try (QueueStore files = QueueStore.files(spool)) {
            partly = accept(files, now, "partly delivered\r\n".getBytes(StandardCharsets.US_ASCII), "a@example.com", "b@example.com");
            byte[] big = new byte[600_000]; // three chunks in the database
            ThreadLocalRandom.current().nextBytes(big);
            large = accept(files, now, big, "c@example.com");
            dead = accept(files, now, "refused\r\n".getBytes(StandardCharsets.US_ASCII), "d@example.com");
            for (ClaimedMessage m : files.claim("test", now, 10, Duration.ofMinutes(1))) {
                if (m.entry().id().equals(partly)) {
                    files.record(m.lease(), List.of(new RecipientOutcome(0, RecipientState.DELIVERED, 1, "250 2.0.0 Ok")));
                    files.release(m.lease(), List.of(new RecipientOutcome(1, RecipientState.PENDING, 1, "451 4.3.0 try later")),
                            now.plus(Duration.ofHours(1)));
                } else if (m.entry().id().equals(dead)) {
                    files.deadLetter(m.lease(), List.of(new RecipientOutcome(0, RecipientState.FAILED, 1, "550 5.1.1 no such user")),
                            "550 5.1.1 no such user");
                } else {
                    files.release(m.lease(), List.of(), m.entry().nextAttempt()); // the large one: never attempted
                }
            }
        }
        try (SpoolExport export = SpoolExport.open(spool); Stream<QueueEntry> entries = export.entries()) {
            for (QueueEntry e : (Iterable<QueueEntry>) entries::iterator) {
                try (InputStream in = export.openMessage(e)) {
                    before.put(e, in.readAllBytes());
                }
            }
        }
        tree = dir.resolve("etc");
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.writeTree(tree, FakeUpstream.PASSWORD);
        }
        Path conf = tree.resolve("ssmtp-mailer.conf");
        Files.writeString(conf, "[global]\ndefault_hostname = mailer.domain1.com\nspool_dir = " + spool + "\n"
                + postgresKeys(pg, schema));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
    }

    /** @return the [global] lines of {@code queue_backend = postgres} on {@code schema} of the peer (mode 0600 needed) */
    static String postgresKeys(Peers.Postgres pg, String schema) {
        return "queue_backend = postgres\ndatabase_url = " + pg.url() + "\ndatabase_user = " + pg.user()
                + "\ndatabase_password = " + pg.password() + "\ndatabase_schema = " + schema + "\n";
    }

    private static QueueId accept(QueueStore files, Instant now, byte[] body, String... to) throws IOException {
        List<QueueRecipient> rs = Arrays.stream(to).map(a -> new QueueRecipient(EmailAddress.parse(a),
                EmailAddress.parse(a), ACCOUNT, false, EmailAddress.parse("contact-sales@domain1.com"), RecipientState.PENDING, 0, ""))
                .toList();
        return files.accept(new NewMessage(EmailAddress.parse("contact-sales@domain1.com"), rs, true, now),
                MessageContent.of(body)).id();
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (pg != null) {
            try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private PostgresBackend database() {
        return PostgresBackend.connect(PostgresSettings.builder(pg.url()).user(pg.user()).password(Secret.of(pg.password()))
                .schema(schema).instanceId("import-test").maxPoolSize(2).build());
    }

    @Test
    void import_movesEveryMessageWithItsStateAndBytes_andEmptiesTheSpool() throws Exception {
        Cli.Result r = Cli.run("--config-dir", tree.toString(), "queue", "import");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("imported 3 messages from " + spool + "\n");
        assertThat(QueueControl.open(spool).list()).as("the file spool").isEmpty();
        try (PostgresBackend db = database()) {
            QueueStore shared = db.queueStore();
            for (Map.Entry<QueueEntry, byte[]> e : before.entrySet()) {
                QueueEntry moved = shared.show(e.getKey().id()).orElseThrow();
                assertThat(moved).isEqualTo(e.getKey());
                if (!moved.dead()) { // the bytes of dead letters are not read through the SPI
                    try (InputStream in = shared.openMessage(moved.id())) {
                        assertThat(in.readAllBytes()).isEqualTo(e.getValue());
                    }
                }
            }
            assertThat(shared.show(partly).orElseThrow().recipients()).extracting(QueueRecipient::state, QueueRecipient::attempts)
                    .containsExactly(tuple(RecipientState.DELIVERED, 1),
                            tuple(RecipientState.PENDING, 1));
            assertThat(shared.show(dead).orElseThrow().deadReason()).isEqualTo("550 5.1.1 no such user");
            try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT string_agg(data, ''::bytea ORDER BY seq) FROM " + schema
                         + ".body_chunk WHERE message_id = '" + dead.value() + "'")) {
                rs.next();
                assertThat(rs.getBytes(1)).as("the dead letter's bytes").isEqualTo(bytesOf(dead));
            }
            // due now: only the large one; the partly delivered one keeps its backoff, the dead letter stays dead
            assertThat(shared.claim("import-test", Instant.now(), 10, Duration.ofMinutes(1)))
                    .extracting(m -> m.entry().id()).containsExactly(large);
        }
    }

    @Test
    void import_interruptedAfterACommit_finishesOnTheNextRunWithoutDuplicates() throws Exception {
        QueueEntry first = before.keySet().stream().filter(e -> e.id().equals(large)).findFirst().orElseThrow();
        try (PostgresBackend db = database()) {
            // what an interrupted run leaves: the message committed in the database, still in the directory
            assertThat(db.importMessage(first, MessageContent.of(before.get(first)))).isTrue();
        }

        Cli.Result again = Cli.run("--config-dir", tree.toString(), "queue", "import");
        Cli.Result third = Cli.run("--config-dir", tree.toString(), "queue", "import", "--from", spool.toString());

        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("imported 2 messages from " + spool
                + " (1 already in the database, removed from the directory)\n");
        assertThat(third.out()).isEqualTo("imported 0 messages from " + spool + "\n");
        assertThat(QueueControl.open(spool).list()).isEmpty();
        try (PostgresBackend db = database()) {
            assertThat(QueueControl.of(db.queueStore()).list()).extracting(QueueEntry::id)
                    .containsExactlyInAnyOrder(partly, large, dead);
        }
    }

    @Test
    void import_whileTheSpoolIsLocked_refusesAndMovesNothing() {
        SpoolExport held = SpoolExport.open(spool); // holds spool.lock, as a running serve does
        Cli.Result r;
        try {
            r = Cli.run("--config-dir", tree.toString(), "queue", "import");
        } finally {
            held.close();
        }

        assertThat(r.status()).isEqualTo(ExitStatus.IO.code());
        assertThat(r.err()).contains("in use", "stop the serve");
        assertThat(QueueControl.open(spool).list()).hasSize(3);
    }

    @Test
    void import_withTheFileBackend_isAConfigurationError() throws IOException {
        Path conf = tree.resolve("ssmtp-mailer.conf");
        Files.writeString(conf, Files.readString(conf).replace("queue_backend = postgres", "queue_backend = file"));

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "queue", "import");

        assertThat(r.status()).isEqualTo(ExitStatus.CONFIG.code());
        assertThat(r.err()).contains("queue_backend = postgres");
        assertThat(QueueControl.open(spool).list()).hasSize(3);
    }

    private byte[] bytesOf(QueueId id) {
        return before.entrySet().stream().filter(e -> e.getKey().id().equals(id)).findFirst().orElseThrow().getValue();
    }
}
