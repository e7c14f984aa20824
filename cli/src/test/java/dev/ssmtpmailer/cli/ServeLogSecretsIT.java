package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.SmtpScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log_level = DEBUG} logs our decisions, never a client's command lines: SubEthaSMTP logs each line it
 * reads at DEBUG ("Client: ..."), an {@code AUTH PLAIN} with its base64 credentials included.
 *
 * <p>The credentials: {@code AHVzZXIAc2VjcmV0}, {@code \0user\0secret} in base64.
 */
class ServeLogSecretsIT {
    @TempDir
    Path dir;

    @Test
    void serve_atLogLevelDebug_logsNoClientCommandLine() throws Exception {
        Path log = dir.resolve("relay.log");
        try (FakeUpstream upstream = new FakeUpstream()) {
            Path tree = upstream.writeTree(dir.resolve("tree"), FakeUpstream.PASSWORD);
            int port = FakeUpstream.addServe(tree, dir.resolve("spool"));
            Files.writeString(tree.resolve("ssmtp-mailer.conf"), "log_file = " + log + "\nlog_level = DEBUG\n",
                    StandardOpenOption.APPEND);
            Process serve = Jar.start(dir, "--config-dir", tree.toString(), "serve");
            try {
                assertThat(ServeIT.awaitLine(log, "listening on")).as(Files.readString(dir.resolve("stderr")))
                        .contains("listening on");
                talk(port);
            } finally {
                Jar.stop(List.of(serve));
            }
        }
        String logged = Files.readString(log);
        assertThat(logged).as("DEBUG is on").contains("DEBUG");
        assertThat(logged).doesNotContain("AHVzZXIAc2VjcmV0");
    }

    /** A session whose lines SubEthaSMTP would log at DEBUG: AUTH (refused before STARTTLS), and a NOOP. */
    private static void talk(int port) throws Exception {
        try (SmtpScript smtp = new SmtpScript(port)) {
            for (String line : new String[] {"EHLO client.example.org", "AUTH PLAIN AHVzZXIAc2VjcmV0",
                    "NOOP AHVzZXIAc2VjcmV0", "QUIT"}) {
                smtp.send(line);
            }
        }
    }
}
