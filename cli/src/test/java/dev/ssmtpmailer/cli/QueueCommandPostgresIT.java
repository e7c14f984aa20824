package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.postgres.PostgresBackend;
import dev.ssmtpmailer.postgres.PostgresSettings;
import dev.ssmtpmailer.queue.ClaimedMessage;
import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.NewMessage;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.RecipientOutcome;
import dev.ssmtpmailer.queue.RecipientState;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code queue list|retry} on the PostgreSQL queue of the {@code postgres.sh} peer: the commands check the
 * schema and never migrate it, print the first N at once with {@code --limit}, and retry every message in one
 * request.
 */
@RequiresPeer(Peer.POSTGRES)
class QueueCommandPostgresIT {
    @TempDir
    Path dir;
    private final Peers.Postgres pg = Peers.postgres();
    private final String schema = "qcmd_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
            .toLowerCase(Locale.ROOT);

    @Test
    void list_onADatabaseNoServeMigrated_exits69SayingToStartServe() throws Exception {
        Cli.Result r = Cli.run("--config-dir", tree().toString(), "queue", "list");

        assertThat(r.status()).isEqualTo(69);
        assertThat(r.err()).contains("the queue schema " + schema + " does not exist yet").contains("ssmtp-mailer serve");
    }

    @Test
    void listWithALimit_printsTheOldestN_andRetryMakesEveryDeferredMessageDueInOneRequest() throws Exception {
        Path tree = tree();
        Instant now = Instant.now();
        try (PostgresBackend backend = PostgresBackend.connect(settings()); QueueStore store = backend.queueStore()) {
            for (int i = 0; i < 5; i++) {
                accept(store, now.minusSeconds(60 - i));
            }
            for (ClaimedMessage c : store.claim("test", now, 5, Duration.ofMinutes(1))) {
                store.release(c.lease(), List.of(new RecipientOutcome(0, RecipientState.PENDING, 1, "451 4.3.0 later")),
                        now.plus(Duration.ofHours(1)));
            }

            Cli.Result list = Cli.run("--config-dir", tree.toString(), "queue", "list", "--limit", "2");
            assertThat(list.status()).isZero();
            assertThat(list.out().lines()).hasSize(4).last().isEqualTo("2 queued, 0 dead shown (--limit 2)");

            Cli.Result retry = Cli.run("--config-dir", tree.toString(), "queue", "retry");
            assertThat(retry.out()).isEqualTo("retry requested for 5 queued messages\n");
            assertThat(store.claim("test", Instant.now().plusSeconds(1), 10, Duration.ofMinutes(1))).hasSize(5);
        }
    }

    private PostgresSettings settings() {
        return PostgresSettings.builder(pg.url()).user(pg.user()).password(Secret.of(pg.password())).schema(schema).build();
    }

    private Path tree() throws Exception {
        Path tree = dir.resolve("etc");
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.writeTree(tree, FakeUpstream.PASSWORD);
        }
        Path conf = tree.resolve("ssmtp-mailer.conf");
        Files.writeString(conf, "[global]\ndefault_hostname = mailer.domain1.com\nspool_dir = " + dir.resolve("spool") + "\n"
                + QueueImportIT.postgresKeys(pg, schema));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        return tree;
    }

    private static void accept(QueueStore store, Instant created) throws Exception {
        QueueRecipient r = new QueueRecipient(EmailAddress.parse("a@example.com"), EmailAddress.parse("a@example.com"),
                "mail-relay@domain1.com", false, null, RecipientState.PENDING, 0, "");
        store.accept(new NewMessage(EmailAddress.parse("contact-sales@domain1.com"), List.of(r), false, created),
                MessageContent.of("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @AfterEach
    void dropTheSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
