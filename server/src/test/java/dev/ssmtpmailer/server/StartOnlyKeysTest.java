package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.testing.TestConfigs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StartOnlyKeysTest {
    private static RelayConfig config(String password, String listenAddress, Duration readTimeout) {
        DomainConfig local = TestConfigs.local("mailer.domain1.com").toBuilder().listenAddress(listenAddress).build();
        return RelayConfig.builder().global(g -> g.defaultHostname("mailer.domain1.com").logLevel("INFO")
                        .readTimeout(readTimeout).databasePassword(Secret.of(password)))
                .domain(TestConfigs.upstream("domain1.com", TestConfigs.ACCOUNT)).domain(local).build();
    }

    @Test
    void changed_sameValues_none() {
        assertThat(StartOnlyKeys.changed(config("a", "127.0.0.1", Duration.ofMinutes(1)),
                config("a", "127.0.0.1", Duration.ofMinutes(1)))).isEmpty();
    }

    @Test
    void changed_inlineDatabasePasswordClientTimeoutAndListenAddress_namedWithoutTheirValues() {
        assertThat(StartOnlyKeys.changed(config("a", "127.0.0.1", Duration.ofMinutes(1)),
                config("b", "0.0.0.0", Duration.ofMinutes(2))))
                .containsExactly("read_timeout", "database_password", "listen_address");
    }
}
