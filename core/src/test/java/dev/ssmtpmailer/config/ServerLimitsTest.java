package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
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
                .hasMessageContaining("; server_write_timeout must be a positive duration and at most 1h, was 0s");
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
                        Map.entry(ConfigKeys.SERVER_AUTH_FAILURE_WINDOW, "must be a positive duration and at most 1d, was 0s"));
        assertThat(ServerLimits.builder().authFailureLimit(101).authFailureWindow(Duration.ofSeconds(-5)).build()
                .problems()).containsOnlyKeys(ConfigKeys.SERVER_AUTH_FAILURE_LIMIT, ConfigKeys.SERVER_AUTH_FAILURE_WINDOW);
        assertThat(ServerLimits.builder().authFailureWindow(Duration.ofHours(25)).build().problems())
                .containsExactly(Map.entry(ConfigKeys.SERVER_AUTH_FAILURE_WINDOW, "must be at most 1d, was 25h"));
    }

    @Test
    void durations_hugeOrNegative_namedWithTheirRange_withoutOverflowing() {
        // -999999999999d once made the message's toMillis() throw ArithmeticException; +999999999999d passed and
        // made the server's deadline (toNanos) throw on each connection
        Duration huge = Duration.ofDays(999_999_999_999L);
        ServerLimits bad = ServerLimits.builder().errorDelay(huge.negated()).idleTimeout(huge.negated()).writeTimeout(huge)
                .maxSessionTime(huge).authFailureWindow(huge.negated()).build();

        assertThat(bad.problems()).containsExactly(
                Map.entry(ConfigKeys.SERVER_ERROR_DELAY, "must be 0 or more and at most 1h, was -999999999999d"),
                Map.entry(ConfigKeys.SERVER_IDLE_TIMEOUT, "must be a positive duration and at most 1h, was -999999999999d"),
                Map.entry(ConfigKeys.SERVER_WRITE_TIMEOUT, "must be at most 1h, was 999999999999d"),
                Map.entry(ConfigKeys.SERVER_MAX_SESSION_TIME, "must be at most 1d, was 999999999999d"),
                Map.entry(ConfigKeys.SERVER_AUTH_FAILURE_WINDOW,
                        "must be a positive duration and at most 1d, was -999999999999d"));
        assertThatThrownBy(bad::checked).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server_max_session_time must be at most 1d, was 999999999999d");
        assertThat(ServerLimits.builder().idleTimeout(Duration.ofMillis(-1500)).build().problems())
                .containsExactly(Map.entry(ConfigKeys.SERVER_IDLE_TIMEOUT, "must be a positive duration and at most 1h, was -1500ms"));
        assertThat(ServerLimits.builder().errorDelay(Duration.ofSeconds(Long.MIN_VALUE, 5)).build().problems())
                .containsOnlyKeys(ConfigKeys.SERVER_ERROR_DELAY);
    }

    @Test
    void durations_atEachBound_valid_andJustPastIt_aProblemOfThatKey() {
        // one setter per assertion: a later call of the same setter would hide the bound an earlier one sets
        Duration hour = Duration.ofHours(1);
        Duration past = hour.plusMillis(1);
        assertThat(problems(b -> b.errorDelay(Duration.ZERO))).isEmpty();
        assertThat(problems(b -> b.errorDelay(hour))).isEmpty();
        assertThat(problems(b -> b.errorDelay(Duration.ofMillis(-1)))).containsOnlyKeys(ConfigKeys.SERVER_ERROR_DELAY);
        assertThat(problems(b -> b.errorDelay(past))).containsOnlyKeys(ConfigKeys.SERVER_ERROR_DELAY);
        assertThat(problems(b -> b.idleTimeout(Duration.ofMillis(1)))).isEmpty();
        assertThat(problems(b -> b.idleTimeout(hour))).isEmpty();
        assertThat(problems(b -> b.idleTimeout(Duration.ZERO))).containsOnlyKeys(ConfigKeys.SERVER_IDLE_TIMEOUT);
        assertThat(problems(b -> b.idleTimeout(past))).containsOnlyKeys(ConfigKeys.SERVER_IDLE_TIMEOUT);
        assertThat(problems(b -> b.writeTimeout(Duration.ofMillis(1)))).isEmpty();
        assertThat(problems(b -> b.writeTimeout(hour))).isEmpty();
        assertThat(problems(b -> b.writeTimeout(Duration.ZERO))).containsOnlyKeys(ConfigKeys.SERVER_WRITE_TIMEOUT);
        assertThat(problems(b -> b.writeTimeout(past))).containsOnlyKeys(ConfigKeys.SERVER_WRITE_TIMEOUT);
        assertThat(problems(b -> b.maxSessionTime(Duration.ofMillis(1)))).isEmpty();
        assertThat(problems(b -> b.maxSessionTime(Duration.ofDays(1)))).isEmpty();
        assertThat(problems(b -> b.maxSessionTime(Duration.ZERO))).containsOnlyKeys(ConfigKeys.SERVER_MAX_SESSION_TIME);
        assertThat(problems(b -> b.maxSessionTime(Duration.ofDays(1).plusMillis(1))))
                .containsOnlyKeys(ConfigKeys.SERVER_MAX_SESSION_TIME);
    }

    /** @return the problems of the default limits with {@code change} made */
    private static Map<ConfigKey<?>, String> problems(UnaryOperator<ServerLimits.Builder> change) {
        return change.apply(ServerLimits.builder()).build().problems();
    }

    @Test
    void toBuilder_keepsTheAuthFailureLimit() {
        ServerLimits l = ServerLimits.builder().authFailureLimit(3).authFailureWindow(Duration.ofMinutes(1)).build();

        assertThat(l.toBuilder().build()).isEqualTo(l);
    }
}
