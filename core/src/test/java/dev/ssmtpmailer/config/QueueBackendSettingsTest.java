package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueBackendSettingsTest {

    private static RelayConfig.Builder config() {
        return RelayConfig.builder().domain(RelayConfigTest.gmail());
    }

    @Test
    void defaults_areTheFileBackend() {
        QueueBackendSettings q = config().build().global().queue();

        assertThat(q.postgres()).isFalse();
        assertThat(q.backend()).isEqualTo("file");
        assertThat(q.databaseSchema()).isEqualTo("ssmtp_mailer");
        assertThat(q.lease()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void postgres_withUrl_isValidAndKeepsEveryKey() {
        QueueBackendSettings q = config().global(g -> g.queueBackend("postgres")
                .databaseUrl("jdbc:postgresql://db:5432/mail").databaseUser("relay").databasePassword(Secret.of("pw-4711"))
                .databaseSchema("relay_a").instanceId("host-a").queueLease(Duration.ofSeconds(30))).build().global().queue();

        assertThat(q.postgres()).isTrue();
        assertThat(q).extracting(QueueBackendSettings::databaseUrl, QueueBackendSettings::databaseUser,
                QueueBackendSettings::databaseSchema, QueueBackendSettings::instanceId, QueueBackendSettings::lease)
                .containsExactly("jdbc:postgresql://db:5432/mail", "relay", "relay_a", "host-a", Duration.ofSeconds(30));
        assertThat(q.toString()).contains("jdbc:postgresql://db:5432/mail").doesNotContain("pw-4711");
    }

    @Test
    void toString_urlCarryingAPassword_masksIt() {
        // pgjdbc takes the password from the URL too
        QueueBackendSettings q = config().global(g -> g.queueBackend("postgres")
                .databaseUrl("jdbc:postgresql://db/mail?user=r&password=s3cret&ssl=true")).build().global().queue();

        assertThat(q.toString()).contains("jdbc:postgresql://db/mail?user=r&password=******&ssl=true")
                .doesNotContain("s3cret");
    }

    @Test
    void redactUrl_masksEveryPasswordParameter_andKeepsTheRest() {
        assertThat(QueueBackendSettings.redactUrl("jdbc:postgresql://db/mail?PASSWORD=a;b&user=r&sslpassword=k"))
                .isEqualTo("jdbc:postgresql://db/mail?PASSWORD=******;b&user=r&sslpassword=******");
        assertThat(QueueBackendSettings.redactUrl("jdbc:postgresql://db:5432/mail")).isEqualTo("jdbc:postgresql://db:5432/mail");
        assertThat(QueueBackendSettings.redactUrl(null)).isNull();
    }

    @Test
    void postgres_withoutUrl_badSchemaAndShortLease_areReportedTogether() {
        assertThatThrownBy(() -> config().global(g -> g.queueBackend("postgres").databaseSchema("Relay-Schema")
                .queueLease(Duration.ofSeconds(1))).build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key)
                        .containsExactlyInAnyOrder("database_url", "database_schema", "queue_lease"));
    }

    @Test
    void postgres_urlOfAnotherDatabase_isRefused() {
        assertThatThrownBy(() -> config().global(g -> g.queueBackend("postgres").databaseUrl("jdbc:mysql://db/mail"))
                .build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("database_url")
                .hasMessageContaining("PostgreSQL JDBC URL");
    }

    @Test
    void unknownBackend_isRefusedNamingTheChoices() {
        assertThatThrownBy(() -> config().global(g -> g.queueBackend("redis")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("queue_backend")
                .hasMessageContaining("must be file or postgres");
    }

    @Test
    void passwordFromAMissingEnvironmentVariable_isReportedAtItsKey() {
        Secret missing = Secret.fromEnv("NO_SUCH_DB_PASSWORD", Map.<String, String>of()::get);

        assertThatThrownBy(() -> config().global(g -> g.queueBackend("postgres").databaseUrl("jdbc:postgresql://db/mail")
                .databasePassword(missing)).build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key).containsExactly("database_password_env"));
    }
}
