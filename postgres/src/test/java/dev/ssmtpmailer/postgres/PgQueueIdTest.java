package dev.ssmtpmailer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ids of the PostgreSQL store are written as they were with {@code Long.toString} and {@code Character.forDigit}. */
class PgQueueIdTest {
    @Test
    void newId_timeAsLongToStringUpperCase_thenTenRandomDigits() {
        Random random = new Random(14);
        long[] fixed = {0, 1, 35, 36, 1_764_590_400_000L, Long.MAX_VALUE, -1, -36, -1_000_000_000_000L, Long.MIN_VALUE};
        for (int i = 0; i < 100_000 + fixed.length; i++) {
            long ms = i < fixed.length ? fixed[i] : i % 2 == 0 ? random.nextLong() : random.nextLong() >>> random.nextInt(64);
            Instant created = Instant.ofEpochMilli(ms);

            String id = PgQueueStore.newId(created).value();

            String time = id.substring(0, id.length() - 11);
            assertThat(time).as("ms %d", ms).isEqualTo(Long.toString(ms, 36).toUpperCase(Locale.ROOT));
            assertThat(id.substring(id.length() - 11)).matches("-[0-9A-Z]{10}");
        }
    }

    @Test
    void idDigits_areForDigitInUpperCase() {
        assertThat(PgQueueStore.ID_DIGITS).hasSize(36);
        for (int d = 0; d < 36; d++) {
            assertThat(PgQueueStore.ID_DIGITS.charAt(d)).isEqualTo(Character.toUpperCase(Character.forDigit(d, 36)));
        }
    }

    @Test
    void newId_randomPart_usesEveryDigit() {
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            seen.append(PgQueueStore.newId(Instant.EPOCH).value().substring(2));
        }
        for (char c : "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray()) {
            assertThat(seen.toString()).contains(String.valueOf(c));
        }
    }
}
