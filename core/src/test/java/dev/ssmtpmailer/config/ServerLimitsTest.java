package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerLimitsTest {

    @Test
    void defaults_arePostfixs() {
        ServerLimits d = ServerLimits.defaults();

        assertThat(d).isEqualTo(new ServerLimits(100, 50, 0, 1000, 10_000, 10, 20, Duration.ofSeconds(1),
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(1)));
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void perClientCap_withoutAValue_followsTheTotal() {
        assertThat(ServerLimits.defaults().toBuilder().maxConnections(10).build().maxConnectionsPerClient()).isEqualTo(5);
        assertThat(ServerLimits.builder().maxConnections(1).build().maxConnectionsPerClient()).isEqualTo(1);
        ServerLimits explicit = ServerLimits.builder().maxConnectionsPerClient(7).build();
        assertThat(explicit.toBuilder().maxConnections(40).build().maxConnectionsPerClient()).isEqualTo(7);
    }

    @Test
    void problems_nameEveryKeyOutOfRange() {
        ServerLimits bad = ServerLimits.builder().maxConnections(4).maxConnectionsPerClient(5).softErrorLimit(30)
                .hardErrorLimit(0).errorDelay(Duration.ofSeconds(-1)).writeTimeout(Duration.ZERO).build();

        assertThat(bad.problems()).containsOnlyKeys(ConfigKeys.SERVER_MAX_CONNECTIONS_PER_CLIENT,
                ConfigKeys.SERVER_SOFT_ERROR_LIMIT, ConfigKeys.SERVER_HARD_ERROR_LIMIT, ConfigKeys.SERVER_ERROR_DELAY,
                ConfigKeys.SERVER_WRITE_TIMEOUT);
        assertThat(bad.problems().get(ConfigKeys.SERVER_MAX_CONNECTIONS_PER_CLIENT))
                .isEqualTo("must not exceed server_max_connections (4), was 5");
        assertThatThrownBy(bad::checked).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid server limits: ")
                .hasMessageContaining("server_max_connections_per_client must not exceed server_max_connections (4)")
                .hasMessageContaining("; server_write_timeout must be positive, was 0 ms");
        assertThat(ServerLimits.defaults().checked()).isEqualTo(ServerLimits.defaults());
    }
}
