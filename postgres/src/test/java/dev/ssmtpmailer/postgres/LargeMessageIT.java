package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 50 MB message accepted into PostgreSQL and delivered by a relay whose heap is 64 MB. */
@RequiresPeer(Peer.POSTGRES)
class LargeMessageIT {
    private static final long SIZE = 50L * 1000 * 1000;

    @TempDir
    Path dir;

    @Test
    void fiftyMegabyteMessage_acceptedAndDeliveredWithA64MegabyteHeap() throws Exception {
        try (TestDatabase test = TestDatabase.create(); FakeSmtpServer upstream = new FakeSmtpServer()) {
            Path log = dir.resolve("child.log");
            Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-cp", System.getProperty("java.class.path"), LargeMessageChild.class.getName(),
                    test.peer.url(), test.peer.user(), test.peer.password(), test.schema,
                    Integer.toString(upstream.port()), Long.toString(SIZE)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();

            boolean ended = child.waitFor(5, TimeUnit.MINUTES);
            if (!ended) {
                child.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);

            assertThat(ended).as("the child ended; its output:%n%s", output).isTrue();
            assertThat(child.exitValue()).as("exit status; output:%n%s", output).isZero();
            assertThat(output).contains("accepted ").contains(" " + SIZE + "\n").contains("delivered ")
                    .doesNotContain("OutOfMemoryError");
            System.out.print(output); // the peak heap, for docs/queue.md
            assertThat(upstream.messages()).hasSize(1);
            assertThat(upstream.messages().get(0).length()).isBetween((int) SIZE, (int) SIZE + 2);
        }
    }
}
