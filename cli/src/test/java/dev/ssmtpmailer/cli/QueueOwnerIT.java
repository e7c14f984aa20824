package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue commands of a user who is not the spool's owner, as a login other than the service's (or a
 * {@code sudo} without {@code -u}) runs them: the jar run as {@code nobody} through {@code setpriv}, which needs
 * root (CI runs as root; skipped otherwise).
 */
class QueueOwnerIT {
    @TempDir
    Path dir;

    private Cli.Result runAsNobody(String... args) throws IOException, InterruptedException {
        Path jar = dir.resolve("ssmtp-mailer.jar");
        if (!Files.exists(jar)) {
            Files.copy(Jar.path(), jar); // where nobody can read it (the build's directories may be closed)
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        }
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().remove(Main.CONFIG_DIR_ENV);
        pb.environment().put("HOME", "/");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
        return new Cli.Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void queue_asAUserWhoCannotEnterTheSpool_isPermissionDeniedNamingTheOwner() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to run as nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path spool = dir.resolve("spool");
        for (String d : new String[] {"queue", "dead", "control"}) {
            Files.createDirectories(spool.resolve(d));
        }
        Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwx------"));

        Cli.Result list = runAsNobody("queue", "--spool-dir", spool.toString(), "list");
        Cli.Result retry = runAsNobody("queue", "--spool-dir", spool.toString(), "retry");

        assertThat(list.status()).as(list.err()).isEqualTo(77);
        assertThat(list.err()).isEqualTo("ssmtp-mailer: permission denied: cannot enter the spool directory; run as its owner: "
                + "sudo -u root ... (spool " + spool + ")\n");
        assertThat(retry.status()).as(retry.err()).isEqualTo(77);
        assertThat(retry.err()).isEqualTo("ssmtp-mailer: queue retry: " + spool + " belongs to root, and files written as nobody "
                + "could not be read by its serve; run as root: sudo -u root ssmtp-mailer queue retry ...\n");
    }
}
