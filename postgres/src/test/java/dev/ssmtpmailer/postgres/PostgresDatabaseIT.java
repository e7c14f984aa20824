package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.testing.Peers;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresPeer(Peer.POSTGRES)
class PostgresDatabaseIT {
    private TestDatabase test;

    @BeforeEach
    void schema() {
        test = TestDatabase.create();
    }

    @AfterEach
    void drop() throws Exception {
        test.close();
    }

    @Test
    void connect_freshDatabase_createsTheSchemaWithItsOwnHistoryTable() throws Exception {
        try (PostgresDatabase db = test.connect()) {
            assertThat(db.url()).isEqualTo(test.peer.url());
        }
        assertThat(test.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + test.schema
                + "' AND table_name IN ('message', 'recipient', 'body_chunk', 'rate_bucket', '"
                + PostgresDatabase.HISTORY_TABLE + "')")).isEqualTo(5);
        assertThat(test.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_name LIKE '%schema_history%'")).isZero();
    }

    @Test
    void connect_secondInstance_findsTheSchemaUpToDate() throws Exception {
        try (PostgresDatabase a = test.connect(); PostgresDatabase b = test.connect()) {
            assertThat(b.settings().schema()).isEqualTo(a.settings().schema());
        }
        assertThat(test.count("SELECT count(*) FROM " + test.schema + "." + PostgresDatabase.HISTORY_TABLE
                + " WHERE success AND version = '1'")).isOne();
    }

    @Test
    void connect_migrationsOff_leavesTheDatabaseAlone() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.connect(test.settings().migrate(false).build())) {
            assertThat(db.settings().migrate()).isFalse();
        }
        assertThat(test.count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                + test.schema + "'")).isZero();
    }

    @Test
    void connect_wrongPassword_namesTheUrlButNotThePassword() {
        PostgresSettings settings = test.settings().password(Secret.of("wrong-secret-4711")).build();

        assertThatThrownBy(() -> PostgresDatabase.connect(settings))
                .isInstanceOfSatisfying(DatabaseException.class, e -> {
                    assertThat(e.url()).isEqualTo(test.peer.url());
                    assertThat(e.transientFailure()).isFalse();
                })
                .hasMessageContaining(test.peer.url())
                .hasMessageContaining("28P01")
                .message().doesNotContain("wrong-secret-4711");
    }

    @Test
    void connect_nothingListening_isATransientFailureNamingTheUrl() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + Peers.freePort() + "/ssmtp_mailer?password=in-the-url";
        PostgresSettings settings = test.settings().build();
        PostgresSettings down = new PostgresSettings(url, settings.user(), settings.password(), settings.schema(),
                settings.instanceId(), settings.lease(), true, 2);

        assertThatThrownBy(() -> PostgresDatabase.connect(down))
                .isInstanceOfSatisfying(DatabaseException.class, e -> assertThat(e.transientFailure()).isTrue())
                .hasMessageContaining("cannot connect to the queue database")
                .hasMessageContaining("password=" + Secret.MASK)
                .message().doesNotContain("in-the-url").doesNotContain(test.peer.password());
    }

    @Test
    void using_applicationDataSource_migratesAndLeavesThePoolOpen() throws Exception {
        try (PostgresDatabase own = test.connect()) {
            PostgresDatabase borrowed = PostgresDatabase.using(own.dataSource(), test.settings().build());
            borrowed.close();
            try (Connection c = own.dataSource().getConnection(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT count(*) FROM " + test.schema + ".message")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
