package dev.ssmtpmailer.spring.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.postgres.PostgresBackend;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import dev.ssmtpmailer.spring.TestProperties;
import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code ssmtp-mailer.global.queue-backend=postgres} with the application's DataSource, on the postgres.sh peer. */
class SsmtpMailerPostgresAutoConfigurationIT {
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(SsmtpMailerPostgresAutoConfiguration.class, SsmtpMailerAutoConfiguration.class));

    private static PGSimpleDataSource dataSource;
    private String schema;

    @BeforeEach
    void peer() {
        String url = System.getenv("PG_URL");
        if (url == null || url.isBlank()) {
            String why = "postgres not available: PG_URL not set (see /work/shared/peers/README.md)";
            if ("1".equals(System.getenv("SSMTP_REQUIRE_PEERS"))) {
                throw new AssertionError(why + " and SSMTP_REQUIRE_PEERS=1");
            }
            Assumptions.abort(why);
        }
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(System.getenv("PG_USER"));
        dataSource.setPassword(System.getenv("PG_PASSWORD"));
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

    private String[] postgres() {
        return new String[] {"ssmtp-mailer.global.queue-backend=postgres",
                "ssmtp-mailer.global.database-url=" + System.getenv("PG_URL"), "ssmtp-mailer.global.database-schema=" + schema,
                "ssmtp-mailer.global.instance-id=spring-test", "ssmtp-mailer.spool.enabled=true"};
    }

    @Test
    void queueBackendPostgres_usesTheApplicationsDataSource_forTheQueueAndTheLimits() {
        runner.withUserConfiguration(Application.class).withPropertyValues(TestProperties.guide())
                .withPropertyValues(postgres()).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(PostgresBackend.class);
                    PostgresBackend backend = context.getBean(PostgresBackend.class);
                    assertThat(backend.database().dataSource()).isSameAs(dataSource);
                    assertThat(backend.database().settings().instanceId()).isEqualTo("spring-test");

                    context.getBean(Relay.class).submit(RelayMessage.builder().from("contact-sales@mailer.domain1.com")
                            .to("test@example.com").subject("shared").text("through PostgreSQL").build());

                    FakeSmtpClient client = context.getBean(FakeSmtpClient.class);
                    Await.within(Duration.ofSeconds(60), "the message delivered", () -> !client.sent().isEmpty());
                    assertThat(client.sent()).hasSize(1);
                    assertThat(count("SELECT count(*) FROM " + schema + ".rate_bucket")).as("the shared buckets").isPositive();
                });
    }

    @Test
    void fileBackend_hasNoPostgresBeans() {
        runner.withUserConfiguration(Application.class).withPropertyValues(TestProperties.guide()).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(PostgresBackend.class);
            assertThat(count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'")).isZero();
        });
    }

    private static long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
