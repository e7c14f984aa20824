package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code serve --warm-up N}: the throwaway messages go through a private relay in this JVM and leave nothing behind. */
class WarmUpTest {

    @Test
    void run_relaysEveryThrowawayMessageToTheInProcessUpstream_andRemovesItsSpool() throws Exception {
        List<Path> before = scratchSpools();

        WarmUp.Result r = WarmUp.run(40);

        assertThat(r.messages()).isEqualTo(40);
        assertThat(r.delivered()).isEqualTo(40);
        assertThat(scratchSpools()).isEqualTo(before);
    }

    @Test
    void serve_negativeWarmUp_isAUsageError() {
        Cli.Result r = Cli.run("serve", "--warm-up", "-1");

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.err()).contains("--warm-up must not be negative");
    }

    private static List<Path> scratchSpools() throws IOException {
        try (Stream<Path> s = Files.list(WarmUp.scratchParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(WarmUp.SCRATCH_PREFIX)).sorted().toList();
        }
    }
}
