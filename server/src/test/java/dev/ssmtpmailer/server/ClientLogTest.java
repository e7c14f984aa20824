package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ClientLogTest {
    private final AtomicLong now = new AtomicLong();
    private final ClientLog log = new ClientLog(LoggerFactory.getLogger("dev.ssmtpmailer.server.ClientLogTest"), 3, now::get);

    @Test
    void info_beyondTheLinesOfAMinute_leftOutAndCountedInTheNextMinute() {
        String text = logged(() -> {
            mistakes(1, 5);
            now.addAndGet(TimeUnit.SECONDS.toNanos(61));
            log.warn("client mistake {}", 6);
        });

        assertThat(text).contains("client mistake 1", "client mistake 2", "client mistake 3", "client mistake 6")
                .doesNotContain("client mistake 4", "client mistake 5")
                .contains("WARN dev.ssmtpmailer.server.ClientLogTest - 2 similar client log lines left out");
        assertThat(text.indexOf("2 similar")).isLessThan(text.indexOf("client mistake 6"));
    }

    @Test
    void info_aBurstAcrossTheTurnOfAMinute_staysWithinTheLinesOfAnyMinute() {
        String text = logged(() -> {
            now.set(TimeUnit.SECONDS.toNanos(59));
            mistakes(1, 3);
            now.set(TimeUnit.SECONDS.toNanos(61));
            mistakes(4, 4);
            now.set(TimeUnit.SECONDS.toNanos(119));
            mistakes(5, 5);
        });

        assertThat(text).contains("client mistake 1", "client mistake 2", "client mistake 3", "client mistake 5")
                .doesNotContain("client mistake 4")
                .contains("INFO dev.ssmtpmailer.server.ClientLogTest - 1 similar client log lines left out");
    }

    @Test
    void info_aFloodOfLines_noMinuteHoldsMoreThanItsLinesAndOneCount() {
        String text = logged(() -> {
            for (long ms = 0; ms < 180_000; ms += 10) {
                now.set(TimeUnit.MILLISECONDS.toNanos(ms));
                log.info("client mistake at {}", ms);
            }
        });

        // a count line is written just before a line, at that line's time
        List<long[]> written = new ArrayList<>(); // {time ms, 1 if a count line}
        boolean count = false;
        for (String line : text.lines().toList()) {
            if (line.contains("similar client log lines left out")) {
                count = true;
            } else if (line.contains("client mistake at ")) {
                long ms = Long.parseLong(line.substring(line.indexOf("client mistake at ") + 18).trim());
                if (count) {
                    written.add(new long[] {ms, 1});
                }
                written.add(new long[] {ms, 0});
                count = false;
            }
        }
        assertThat(written).filteredOn(w -> w[1] == 1).hasSize(2);
        for (long[] from : written) {
            List<long[]> minute = written.stream().filter(w -> w[0] >= from[0] && w[0] < from[0] + 60_000).toList();
            assertThat(minute.stream().filter(w -> w[1] == 0)).as("lines in the minute from %d ms", from[0]).hasSizeLessThanOrEqualTo(3);
            assertThat(minute.stream().filter(w -> w[1] == 1)).as("count lines in the minute from %d ms", from[0]).hasSizeLessThanOrEqualTo(1);
        }
    }

    private void mistakes(int first, int last) {
        for (int i = first; i <= last; i++) {
            log.info("client mistake {}", i);
        }
    }

    private static String logged(Runnable lines) {
        try (LogCapture capture = new LogCapture()) {
            lines.run();
            return capture.text();
        }
    }
}
