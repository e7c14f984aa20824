package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerLimitsTest {

    @Test
    void defaults_arePostfixs() {
        ServerLimits d = ServerLimits.defaults();

        assertThat(d).isEqualTo(new ServerLimits(100, 50, 0, 1000, 10_000, 10, 20, Duration.ofSeconds(1),
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(1), 10, Duration.ofMinutes(5)));
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

    @Test
    void authFailureLimit_zeroIsOff_negativeOrAbove100_andWindowZeroNegativeOrOverADay_areProblems() {
        assertThat(ServerLimits.builder().authFailureLimit(0).build().problems()).isEmpty();
        assertThat(ServerLimits.builder().authFailureLimit(100).authFailureWindow(Duration.ofDays(1)).build().problems())
                .isEmpty();

        assertThat(ServerLimits.builder().authFailureLimit(-1).authFailureWindow(Duration.ZERO).build().problems())
                .containsExactly(
                        Map.entry(ConfigKeys.SERVER_AUTH_FAILURE_LIMIT, "must be between 0 (no limit) and 100, was -1"),
                        Map.entry(ConfigKeys.SERVER_AUTH_FAILURE_WINDOW, "must be positive, was 0 ms"));
        assertThat(ServerLimits.builder().authFailureLimit(101).authFailureWindow(Duration.ofSeconds(-5)).build()
                .problems()).containsOnlyKeys(ConfigKeys.SERVER_AUTH_FAILURE_LIMIT, ConfigKeys.SERVER_AUTH_FAILURE_WINDOW);
        assertThat(ServerLimits.builder().authFailureWindow(Duration.ofHours(25)).build().problems())
                .containsExactly(Map.entry(ConfigKeys.SERVER_AUTH_FAILURE_WINDOW, "must not be longer than a day, was 25h"));
    }

    @Test
    void toBuilder_keepsTheAuthFailureLimit() {
        ServerLimits l = ServerLimits.builder().authFailureLimit(3).authFailureWindow(Duration.ofMinutes(1)).build();

        assertThat(l.toBuilder().build()).isEqualTo(l);
    }
}
