package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} started under a parent that ignores SIGHUP (as {@code nohup} does): the JVM installs no SIGHUP
 * handler then, so a SIGHUP can neither reopen the log nor reload the tree; {@code serve} says so once at start.
 * No upstream is needed: the test only reads what {@code serve} logs while it starts.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ServeSighupIgnoredIT {
    @TempDir
    Path dir;

    /** Starts {@code serve} as {@code nohup} would, without nohup's own output file: SIGHUP ignored before exec. */
    private Process serveWithSighupIgnored(FakeUpstream upstream) throws IOException {
        Path tree = upstream.writeTree(dir.resolve("etc"), FakeUpstream.PASSWORD);
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "trap '' HUP; exec \"$0\" -jar \"$1\" --config-dir \"$2\" serve --no-watch",
                java, Jar.path().toString(), tree.toString())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        pb.environment().remove(Main.CONFIG_DIR_ENV);
        return pb.start();
    }

    @Test
    void startedWithSighupIgnored_warnsOnceThatSighupWillNotReloadOrReopen() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream()) {
            Process serve = serveWithSighupIgnored(upstream);
            try {
                String stdout = ServeIT.awaitLine(dir.resolve("stdout"), "ssmtp-mailer: listening on"); // after the WARN
                assertThat(stdout).as(Files.readString(dir.resolve("stderr"))).contains("listening on");

                String all = stdout + Files.readString(dir.resolve("stderr"));
                assertThat(all).containsOnlyOnce("SIGHUP will not").contains("WARN", "SIGHUP will not reopen log_file or "
                        + "reload the configuration: serve was started with SIGHUP ignored (e.g. under nohup)",
                        "systemd's ExecReload sends SIGHUP", "copytruncate", "restart serve to apply configuration changes");
            } finally {
                serve.destroy();
                assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
