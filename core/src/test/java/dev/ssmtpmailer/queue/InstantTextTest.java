package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantTextTest {

    private static String text(Instant t) {
        return InstantText.append(new StringBuilder(), t).toString();
    }

    @Test
    void append_randomInstantsOfEveryPrecision_sameTextAsToString() {
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong(-100_000_000_000L, 400_000_000_000L); // years -1200 to 14600
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            assertThat(text(t)).isEqualTo(t.toString());
            assertThat(InstantText.parse(t.toString())).isEqualTo(t);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00.1Z",
            "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "2026-11-27T10:05:00.123Z",
            "2026-11-27T10:05:00.000001Z", "2026-11-27T10:05:00.000000001Z", "0000-01-01T00:00:00Z"})
    void appendAndParse_edges_sameAsInstant(String s) {
        Instant t = Instant.parse(s);

        assertThat(text(t)).isEqualTo(t.toString());
        assertThat(InstantText.parse(s)).isEqualTo(t);
        assertThat(InstantText.parse(t.toString())).isEqualTo(t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T10:05:00.12Z", "2026-11-27t10:05:00z", "2026-11-27T10:05:00+01:00",
            "2026-12-31T23:59:60Z", "2026-11-27T24:00:00Z", "2026-11-27T10:05:00.Z"})
    void parse_otherFormsInstantReads_sameInstant(String s) {
        assertThat(InstantText.parse(s)).isEqualTo(Instant.parse(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-27T10:60:00Z",
            "2026-11-27T10:05Z", "2026-11-27T10:05:00.1234567890Z", "2026-11-27T1a:05:00Z", "2026-11-27 10:05:00Z",
            "2026-11-27T10:05:00"})
    void parse_notAnInstant_refusedAsInstantRefusesIt(String s) {
        assertThatThrownBy(() -> Instant.parse(s)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> InstantText.parse(s)).isInstanceOf(DateTimeParseException.class);
    }
}
