package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

class BenchCommandTest {

    @Test
    void bench_acceptingServer_countsEveryMessageAndEndsWithMsgsPerSecond() {
        AtomicInteger got = new AtomicInteger();
        SMTPServer server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress())
                .messageHandler((ctx, from, to, data) -> got.incrementAndGet()).build();
        server.start();
        try {
            Cli.Result r = Cli.run("bench", "--port", Integer.toString(server.getPortAllocated()), "--messages", "50",
                    "--connections", "3", "--size", "2000");

            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("accepted: 50, refused: 0").containsPattern("(?m)^msgs/s: [0-9.]+\\n\\z");
            assertThat(got).hasValue(50);
        } finally {
            server.stop();
        }
    }

    @Test
    void bench_refusingServer_exitsUnavailableWithTheFirstRefusal() {
        SMTPServer server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress())
                .messageHandler((ctx, from, to, data) -> {
                    throw new RejectException(554, "5.7.1 no thanks");
                }).build();
        server.start();
        try {
            Cli.Result r = Cli.run("bench", "--port", Integer.toString(server.getPortAllocated()), "--messages", "4",
                    "--connections", "2");

            assertThat(r.status()).isEqualTo(69);
            assertThat(r.out()).contains("accepted: 0, refused: 4", "msgs/s:");
            assertThat(r.err()).contains("4 of 4 messages refused", "554");
        } finally {
            server.stop();
        }
    }
}
