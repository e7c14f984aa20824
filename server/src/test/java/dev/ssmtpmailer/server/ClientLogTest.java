package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ClientLogTest {

    @Test
    void info_beyondTheLinesOfAMinute_leftOutAndCountedInTheNextMinute() {
        AtomicLong now = new AtomicLong();
        ClientLog log = new ClientLog(LoggerFactory.getLogger("dev.ssmtpmailer.server.ClientLogTest"), 3, now::get);
        String text;
        try (LogCapture capture = new LogCapture()) {
            for (int i = 1; i <= 5; i++) {
                log.info("client mistake {}", i);
            }
            now.addAndGet(TimeUnit.SECONDS.toNanos(61));
            log.warn("client mistake {}", 6);
            text = capture.text();
        }

        assertThat(text).contains("client mistake 1", "client mistake 2", "client mistake 3", "client mistake 6")
                .doesNotContain("client mistake 4", "client mistake 5")
                .contains("WARN dev.ssmtpmailer.server.ClientLogTest - 2 similar client log lines left out in the last minute");
        assertThat(text.indexOf("2 similar")).isLessThan(text.indexOf("client mistake 6"));
    }
}
