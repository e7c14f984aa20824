package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff postfix = new Backoff(Duration.ofSeconds(300), Duration.ofSeconds(4000));

    @Test
    void delay_nominalJitter_doublesUpToMax() {
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(n -> postfix.delay(n, 0.5).toSeconds()).toList())
                .containsExactly(300L, 600L, 1200L, 2400L, 4000L, 4000L, 4000L);
    }

    @Test
    void delay_extremeJitter_spreadsAQuarterWithinMinAndMax() {
        assertThat(postfix.delay(2, 0.0)).isEqualTo(Duration.ofSeconds(450));
        assertThat(postfix.delay(2, 0.999999)).isBetween(Duration.ofSeconds(749), Duration.ofSeconds(750));
        assertThat(postfix.delay(1, 0.0)).isEqualTo(Duration.ofSeconds(300));
        assertThat(postfix.delay(9, 1.0)).isEqualTo(Duration.ofSeconds(4000));
    }

    @Test
    void delay_manyFailures_noOverflow() {
        assertThat(postfix.delay(Integer.MAX_VALUE, 0.5)).isEqualTo(Duration.ofSeconds(4000));
    }

    @Test
    void new_maxBelowMin_refused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
