package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * logrotate's cycle against {@code serve}: the log is moved away, SIGHUP arrives; {@code serve} keeps running,
 * writes to a new {@code log_file}, and has reloaded the tree (here with {@code --no-watch}, so only SIGHUP can have
 * done it). Each delivery is one {@code status=sent} line.
 */
class ServeSighupIT {
    @TempDir
    Path dir;

    @Test
    void sighup_reopensTheLogAndReloadsTheTreeWithoutStopping() throws Exception {
        int port = Peers.freePort();
        Path tree = ServeIT.tree(dir, "");
        Process serve = Jar.start(dir, "--config-dir", tree.toString(), "serve", "--no-watch", "--listen", "127.0.0.1:" + port);
        try {
            String stdout = ServeIT.awaitLine(dir.resolve("stdout"), "listening on");
            assertThat(stdout).as(Files.readString(dir.resolve("stderr"))).contains("listening on 127.0.0.1:" + port);
            assertThat(ServeIT.sendAsOutsider(port, "contact-new@mailer.domain1.com", "x")).startsWith("550");

            Path log = dir.resolve("relay.log");
            Files.move(log, dir.resolve("relay.log.1")); // what logrotate does before postrotate
            addMappingAndHangUp(tree, serve);

            String reopened = ServeIT.awaitLine(log, "SIGHUP: log reopened, configuration applied");
            assertThat(reopened).contains("SIGHUP: log reopened, configuration applied");
            assertThat(serve.isAlive()).isTrue();

            String subject = "after hup " + System.nanoTime();
            assertThat(ServeIT.sendAsOutsider(port, "contact-new@mailer.domain1.com", subject)).startsWith("250");
            assertThat(ServeIT.findDelivered(Path.of(Jar.peer("MAILDIR_NEW")), subject)).isNotEmpty();
            String sent = ServeIT.awaitLine(log, "status=sent");
            assertThat(sent).containsPattern(": to=<contact-sales@domain1.com>, orig_to=<contact-new@mailer\\.domain1\\.com>, "
                    + "account=" + Jar.peer("SMTP_USER") + ", relay=127\\.0\\.0\\.1, delay=[0-9.]+, attempts=1, status=sent \\(250 ");
            assertThat(sent).doesNotContain(Jar.peer("SMTP_PASSWORD"), "Subject: " + subject);
            assertThat(Files.readString(dir.resolve("relay.log.1"))).contains("listening on 127.0.0.1:" + port)
                    .doesNotContain("SIGHUP");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * The file watcher (the installed unit's default) applies a changed start-only key first and names it; a SIGHUP
     * after it finds the tree unchanged, and still names the key that waits for a restart.
     */
    @Test
    void sighupAfterTheWatcherAppliedAStartOnlyKey_stillNamesIt() throws Exception {
        int port = Peers.freePort();
        Path tree = ServeIT.tree(dir, "");
        Process serve = Jar.start(dir, "--config-dir", tree.toString(), "serve", "--listen", "127.0.0.1:" + port);
        try {
            ServeIT.awaitLine(dir.resolve("stdout"), "listening on");
            Path main = tree.resolve("ssmtp-mailer.conf");
            Files.writeString(main, Files.readString(main) + "server_max_connections = 7\n");
            Path log = dir.resolve("relay.log");
            assertThat(ServeIT.awaitLine(log, "server_max_connections changed"))
                    .contains("server_max_connections changed: it is read at start only and needs a restart");

            hangUp(serve);

            assertThat(ServeIT.awaitLine(log, "SIGHUP: log reopened, configuration"))
                    .contains("SIGHUP: log reopened, configuration unchanged but for server_max_connections");
        } finally {
            serve.destroy();
        }
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** A log that cannot be reopened (here a directory stands where the file was) stopped the reload too. */
    @Test
    void sighup_logCannotBeReopened_reloadsTheTreeAnyway() throws Exception {
        int port = Peers.freePort();
        Path tree = ServeIT.tree(dir, "");
        Path moved = dir.resolve("relay.log.1");
        Process serve = Jar.start(dir, "--config-dir", tree.toString(), "serve", "--no-watch", "--listen", "127.0.0.1:" + port);
        try {
            ServeIT.awaitLine(dir.resolve("stdout"), "listening on");
            Files.move(dir.resolve("relay.log"), moved);
            Files.createDirectory(dir.resolve("relay.log")); // what stands there now cannot be opened as a file
            addMappingAndHangUp(tree, serve);

            assertThat(ServeIT.awaitLine(moved, "SIGHUP: configuration applied"))
                    .contains("SIGHUP: the log stays the old file: cannot open log_file", "SIGHUP: configuration applied");
            assertThat(ServeIT.sendAsOutsider(port, "contact-new@mailer.domain1.com", "x")).startsWith("250");
        } finally {
            serve.destroy();
        }
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** Maps contact-new@ (refused before), then SIGHUP: with {@code --no-watch}, only SIGHUP can apply it. */
    private static void addMappingAndHangUp(Path tree, Process serve) throws Exception {
        Files.writeString(tree.resolve("mappings/new.conf"), "[mapping:contact-new]\nfrom_pattern = "
                + "contact-new@mailer.domain1.com\nto_pattern = contact-sales@domain1.com\nsmtp_account = "
                + Jar.peer("SMTP_USER") + "\n");
        hangUp(serve);
    }

    private static void hangUp(Process serve) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(serve.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
