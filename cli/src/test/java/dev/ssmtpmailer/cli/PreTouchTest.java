package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s pre-touch: it sets up what the first message needs, and touches neither the spool nor the upstream. */
class PreTouchTest {
    @TempDir
    Path dir;

    @Test
    void run_tlsAccountAndNoSpoolYet_neitherMakesTheSpoolNorConnectsUpstream() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path spool = dir.resolve("spool");

            PreTouch.run(config(spool, upstream.getLocalPort(), TlsMode.STARTTLS));

            assertThat(spool).doesNotExist();
            upstream.setSoTimeout(200);
            assertThat(accepted(upstream)).as("a connection to the upstream").isFalse();
        }
    }

    @Test
    void inBackground_runsInADaemonThreadThatEnds() throws Exception {
        Thread t = PreTouch.inBackground(config(dir.resolve("spool"), 9, TlsMode.NONE));

        assertThat(t.isDaemon()).isTrue();
        t.join(60_000);
        assertThat(t.isAlive()).isFalse();
    }

    private static boolean accepted(ServerSocket upstream) throws Exception {
        try {
            upstream.accept().close();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static RelayConfig config(Path spool, int upstreamPort, TlsMode tls) {
        String account = "relay@upstream.example";
        return RelayConfig.builder()
                .global(g -> g.defaultHostname("mailer.example").spoolDir(spool))
                .domain(DomainConfig.builder("upstream.example").smtpServer("127.0.0.1").smtpPort(upstreamPort).tls(tls)
                        .authMethod(AuthMethod.NONE).relayAccount(account).build())
                .domain(DomainConfig.builder("mailer.example").smtpServer("localhost").smtpPort(25).tls(TlsMode.NONE)
                        .authMethod(AuthMethod.NONE).build())
                .mapping(MappingConfig.of("cron", "cron@mailer.example", "ops@upstream.example", account))
                .build();
    }
}
