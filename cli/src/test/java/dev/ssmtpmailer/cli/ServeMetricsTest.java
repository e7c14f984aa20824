package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServeMetricsTest {
    @Test
    void limitRequestTime_setsBothLimits_unlessTheJvmWasGivenThem() {
        Properties system = new Properties();
        system.setProperty("sun.net.httpserver.maxRspTime", "30"); // -D in SSMTP_MAILER_JAVA_OPTS

        ServeMetrics.limitRequestTime(system);

        assertThat(system.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("10");
        assertThat(system.getProperty("sun.net.httpserver.maxRspTime")).isEqualTo("30");
    }
}
