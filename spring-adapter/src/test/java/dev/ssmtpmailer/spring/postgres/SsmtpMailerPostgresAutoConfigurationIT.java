package dev.ssmtpmailer.spring.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.postgres.PostgresBackend;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import dev.ssmtpmailer.spring.SsmtpMailerConfigException;
import dev.ssmtpmailer.spring.TestProperties;
import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code ssmtp-mailer.queue.backend=postgres} with and without the application's DataSource, on the postgres.sh peer. */
@RequiresPeer(Peer.POSTGRES)
class SsmtpMailerPostgresAutoConfigurationIT {
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(SsmtpMailerPostgresAutoConfiguration.class, SsmtpMailerAutoConfiguration.class));

    /** The application's pool: the driver's own data source, counting the connections it hands out. */
    private static CountingDataSource dataSource;
    private static Peers.Postgres peer;
    private String schema;

    /** The application's DataSource: pgjdbc's, counting what it hands out (a subclass, not a mock). */
    static final class CountingDataSource extends PGSimpleDataSource {
        private static final long serialVersionUID = 1L;
        final AtomicInteger connections = new AtomicInteger();

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            return super.getConnection();
        }
    }

    @BeforeEach
    void peer() {
        peer = Peers.postgres();
        dataSource = new CountingDataSource();
        dataSource.setUrl(peer.url());
        dataSource.setUser(peer.user());
        dataSource.setPassword(peer.password());
        schema = "spring_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
    }

    @AfterEach
    void drop() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Application {
        @Bean
        DataSource dataSource() {
            return dataSource;
        }

        @Bean
        FakeSmtpClient fakeSmtpClient() {
            return new FakeSmtpClient();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationWithoutDataSource {
        @Bean
        FakeSmtpClient fakeSmtpClient() {
            return new FakeSmtpClient();
        }
    }

    /** The keys beside the backend, with no database URL. */
    private String[] shared(String backendProperty) {
        return new String[] {backendProperty + "=postgres", "ssmtp-mailer.global.database-schema=" + schema,
                "ssmtp-mailer.global.instance-id=spring-test", "ssmtp-mailer.spool.enabled=true"};
    }

    @Test
    void queueBackendPostgres_withTheApplicationsDataSource_needsNoUrlAndQueuesInIt() {
        runner.withUserConfiguration(Application.class).withPropertyValues(TestProperties.guide())
                .withPropertyValues(shared("ssmtp-mailer.queue.backend")).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(PostgresBackend.class);
                    PostgresBackend backend = context.getBean(PostgresBackend.class);
                    assertThat(backend.database().dataSource()).isSameAs(dataSource);
                    assertThat(backend.database().settings().instanceId()).isEqualTo("spring-test");
                    assertThat(context.getBean(RelayConfig.class).global().queue().databaseUrl())
                            .as("read from the DataSource").isEqualTo(peer.url());

                    FakeSmtpClient client = context.getBean(FakeSmtpClient.class);
                    CountDownLatch upstream = new CountDownLatch(1);
                    client.hold(upstream);
                    int before = dataSource.connections.get();
                    QueueId id = context.getBean(Relay.class).submit(RelayMessage.builder()
                            .from("contact-sales@mailer.domain1.com").to("test@example.com").subject("shared")
                            .text("through PostgreSQL").build());
                    assertThat(dataSource.connections.get()).as("the accept took a connection of the application's pool")
                            .isGreaterThan(before);

                    // While the upstream holds the attempt, the message is a row of the application's database,
                    // leased by this instance, its recipient still pending.
                    Await.within(Duration.ofSeconds(30), "the attempt started", () -> client.entered().getCount() == 0);
                    assertThat(text("SELECT m.lease_owner || ' ' || r.state || ' ' || r.deliver_to FROM " + schema
                            + ".message m JOIN " + schema + ".recipient r ON r.message_id = m.id WHERE m.id = ?", id.value()))
                            .isEqualTo("spring-test PENDING test@example.com");

                    client.release();
                    Await.within(Duration.ofSeconds(60), "the message delivered and gone from the queue",
                            () -> count("SELECT count(*) FROM " + schema + ".message") == 0);
                    assertThat(client.sent()).hasSize(1);
                    assertThat(count("SELECT count(*) FROM " + schema + ".rate_bucket")).as("the shared buckets").isPositive();
                });
    }

    @Test
    void globalQueueBackendAlias_withoutDataSource_opensItsOwnPoolOnTheUrl() {
        runner.withUserConfiguration(ApplicationWithoutDataSource.class).withPropertyValues(TestProperties.guide())
                .withPropertyValues(shared("ssmtp-mailer.global.queue-backend"))
                .withPropertyValues("ssmtp-mailer.global.database-url=" + peer.url(),
                        "ssmtp-mailer.global.database-user=" + peer.user(),
                        "ssmtp-mailer.global.database-password=" + peer.password())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PostgresBackend backend = context.getBean(PostgresBackend.class);
                    assertThat(backend.database().dataSource()).isNotSameAs(dataSource);
                    context.getBean(Relay.class).submit(RelayMessage.builder().from("contact-sales@mailer.domain1.com")
                            .to("test@example.com").subject("own pool").text("through PostgreSQL").build());
                    FakeSmtpClient client = context.getBean(FakeSmtpClient.class);
                    Await.within(Duration.ofSeconds(60), "the message delivered", () -> !client.sent().isEmpty());
                    assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
                            + "' AND table_name = 'message'")).as("the schema was migrated through the URL").isOne();
                });
    }

    @Test
    void queueBackendPostgres_withoutDataSourceOrUrl_failsNamingTheUrlProperty() {
        runner.withUserConfiguration(ApplicationWithoutDataSource.class).withPropertyValues(TestProperties.guide())
                .withPropertyValues(shared("ssmtp-mailer.queue.backend")).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(TestProperties.configFailure(context.getStartupFailure()).problems())
                            .extracting(SsmtpMailerConfigException.Problem::where).containsExactly("ssmtp-mailer.global.database-url");
                });
    }

    @Test
    void queueBackendAndAlias_disagreeing_failNamingBoth() {
        runner.withUserConfiguration(Application.class).withPropertyValues(TestProperties.guide())
                .withPropertyValues(shared("ssmtp-mailer.queue.backend"))
                .withPropertyValues("ssmtp-mailer.global.queue-backend=file").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(TestProperties.configFailure(context.getStartupFailure()).problems()).singleElement().satisfies(p -> {
                        assertThat(p.where()).isEqualTo("ssmtp-mailer.queue.backend");
                        assertThat(p.message()).contains("ssmtp-mailer.global.queue-backend is file");
                    });
                });
    }

    @Test
    void fileBackend_hasNoPostgresBeans() {
        runner.withUserConfiguration(Application.class).withPropertyValues(TestProperties.guide())
                .withPropertyValues("ssmtp-mailer.queue.backend=file", "ssmtp-mailer.global.database-schema=" + schema)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(PostgresBackend.class);
                    assertThat(count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'"))
                            .isZero();
                });
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
