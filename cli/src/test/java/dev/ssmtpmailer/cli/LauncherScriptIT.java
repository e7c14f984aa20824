package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options the installed launcher ({@code packaging/install.sh}'s {@code bin/ssmtp-mailer}) chooses for a
 * command line: the launcher is installed without CDS archives (empty stand-ins take their place) and runs a
 * stand-in {@code java} that prints its arguments, one per line, so each case costs a shell, not a JVM.
 * {@link InstallIT} runs the real JVM with them.
 */
class LauncherScriptIT {
    private static final String C1 = "-XX:TieredStopAtLevel=1";
    private static final String NO_PERF_DATA = "-XX:-UsePerfData";

    @TempDir
    static Path dir;
    private static Path usr;
    private static Path lib;
    /** {@link #lib} as the launcher names it: beside its own directory */
    private static Path named;

    /** What the stand-in java was given: the JVM options before {@code -Dssmtp.argv0}, and the command's arguments. */
    private record Java(List<String> options, List<String> args) {
        boolean serveOptions() {
            return options.contains("@" + named.resolve("serve.jvm-options"));
        }

        String archive() {
            return options.stream().filter(o -> o.startsWith("-XX:SharedArchiveFile=")).map(o -> o.substring(o.lastIndexOf('/') + 1))
                    .findFirst().orElse("none");
        }
    }

    /**
     * Runs {@code packaging/install.sh} (without CDS archives) into {@code root}, with the caller's SERVE_GC and JVM
     * option variables removed and {@code env} added.
     *
     * @return its exit status; its output is in {@code install.log}
     */
    private static int install(Path root, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", Path.of("..", "packaging", "install.sh").toString(), Jar.path().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile());
        for (String variable : new String[] {"SERVE_GC", "SSMTP_MAILER_JAVA_OPTS", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"}) {
            pb.environment().remove(variable);
        }
        pb.environment().putAll(Map.of("DESTDIR", root.toString(), "PREFIX", "/usr", "NO_CDS", "1"));
        pb.environment().putAll(env);
        Process install = pb.start();
        install.getOutputStream().close();
        assertThat(install.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return install.exitValue();
    }

    @BeforeAll
    static void install() throws IOException, InterruptedException {
        Path root = dir.resolve("root");
        int status = install(root, Map.of());
        usr = root.resolve("usr");
        lib = usr.resolve("lib/ssmtp-mailer");
        named = usr.resolve("bin/../lib/ssmtp-mailer");
        assertThat(status).as(Files.readString(dir.resolve("install.log"))).isZero();
        Files.createSymbolicLink(usr.resolve("sbin/mailq"), Path.of("../bin/ssmtp-mailer"));
        Files.createFile(lib.resolve("ssmtp-mailer.jsa"));
        Files.createFile(lib.resolve("sendmail.jsa"));
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path launcher = usr.resolve("bin/ssmtp-mailer");
        String script = Files.readString(launcher);
        assertThat(script).containsPattern("(?m)^java=/.*$");
        Files.writeString(launcher, script.replaceFirst("(?m)^java=/.*$", "java=" + java));
    }

    private static Java run(String program, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(usr.resolve(program).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("SSMTP_MAILER_JAVA_OPTS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        int argv0 = lines.indexOf("-Dssmtp.argv0=" + usr.resolve(program));
        assertThat(argv0).as("%s", lines).isNotNegative();
        // then -cp JAR CLASS, then the command line, unchanged
        assertThat(lines.subList(argv0 + 1, argv0 + 4)).containsExactly("-cp", named.resolve("ssmtp-mailer.jar").toString(),
                "dev.ssmtpmailer.cli.Launcher");
        return new Java(lines.subList(0, argv0), lines.subList(argv0 + 4, lines.size()));
    }

    private static Java run(String... args) throws IOException, InterruptedException {
        return run("bin/ssmtp-mailer", Map.of(), args);
    }

    @Test
    void serve_first_getsServeOptionsAndTheJdksJit() throws Exception {
        Java java = run("serve", "--warm-up", "idle");
        assertThat(java.serveOptions()).isTrue();
        assertThat(java.options()).doesNotContain(C1, NO_PERF_DATA);
        assertThat(java.archive()).isEqualTo("ssmtp-mailer.jsa");
        assertThat(java.args()).containsExactly("serve", "--warm-up", "idle");
    }

    @Test
    void serve_afterGlobalOptions_getsServeOptions() throws Exception {
        assertThat(run("--config-dir", "/etc/relay", "serve").serveOptions()).isTrue();
        assertThat(run("--config-dir=/etc/relay", "-v", "serve").serveOptions()).isTrue();
        assertThat(run("--verbose", "--config-dir", "queue", "serve").serveOptions()).as("a directory named queue").isTrue();
    }

    @Test
    void serve_asAnOptionValueOrArgument_getsNoServeOptions() throws Exception {
        Java configDir = run("--config-dir", "serve", "queue", "list");
        assertThat(configDir.serveOptions()).isFalse();
        assertThat(configDir.options()).contains(C1, NO_PERF_DATA);
        Java show = run("queue", "show", "serve");
        assertThat(show.serveOptions()).isFalse();
        assertThat(show.options()).contains(C1, NO_PERF_DATA);
        Java send = run("send", "--subject", "serve now", "ops@example.com");
        assertThat(send.serveOptions()).isFalse();
        assertThat(send.options()).doesNotContain(C1, NO_PERF_DATA);
        assertThat(send.args()).containsExactly("send", "--subject", "serve now", "ops@example.com");
    }

    @Test
    void queue_firstOrAfterGlobalOptions_startsAsMailq() throws Exception {
        for (String[] args : new String[][] {{"queue", "list"}, {"--config-dir", "/etc/relay", "queue", "list"},
                {"--config-dir=/etc/relay", "queue", "list", "--limit", "100"}, {"-v", "queue", "show", "ID"}}) {
            Java java = run(args);
            assertThat(java.options()).as(String.join(" ", args)).contains(C1, NO_PERF_DATA);
            assertThat(java.serveOptions()).isFalse();
            assertThat(java.archive()).isEqualTo("ssmtp-mailer.jsa");
            assertThat(java.args()).containsExactly(args);
        }
    }

    @Test
    void queueRetry_getsTheJdksJit() throws Exception {
        for (String[] args : new String[][] {{"queue", "retry"}, {"--config-dir", "/etc/relay", "queue", "retry", "ID"},
                {"queue", "--spool-dir", "/var/spool/relay", "retry"}, {"-v", "queue", "--spool-dir=/var/spool/relay", "-v", "retry"}}) {
            Java java = run(args);
            assertThat(java.options()).as(String.join(" ", args)).contains(NO_PERF_DATA).doesNotContain(C1);
            assertThat(java.args()).containsExactly(args);
        }
        for (String[] args : new String[][] {{"queue", "import", "--from", "/var/spool/relay"}, {"queue", "show", "retry"},
                {"queue", "--spool-dir", "retry", "list"}}) {
            assertThat(run(args).options()).as(String.join(" ", args)).contains(C1, NO_PERF_DATA);
        }
    }

    @Test
    void sendmail_first_startsFastWithItsArchive() throws Exception {
        Java java = run("sendmail", "-t", "-i");
        assertThat(java.options()).contains(C1, NO_PERF_DATA);
        assertThat(java.archive()).isEqualTo("sendmail.jsa");
    }

    @Test
    void sendmail_afterGlobalOptions_startsFastWithItsArchive() throws Exception {
        // the fast start (SendmailFastPath) runs here too (Launcher.sendmailArguments), so it gets its archive
        Java java = run("--config-dir", "/etc/relay", "sendmail", "-t");
        assertThat(java.options()).contains(C1, NO_PERF_DATA);
        assertThat(java.archive()).isEqualTo("sendmail.jsa");
    }

    @Test
    void calledAsSendmail_argumentsAreRecipients() throws Exception {
        for (String word : new String[] {"serve", "queue", "sendmail"}) {
            Java java = run("sbin/sendmail", Map.of(), word);
            assertThat(java.options()).as(word).contains(C1, NO_PERF_DATA);
            assertThat(java.serveOptions()).as(word).isFalse();
            assertThat(java.archive()).as(word).isEqualTo("sendmail.jsa");
            assertThat(java.args()).containsExactly(word);
        }
    }

    @Test
    void calledAsMailq_startsFastWithTheCommandsArchive() throws Exception {
        Java java = run("sbin/mailq", Map.of(), "-v");
        assertThat(java.options()).contains(C1, NO_PERF_DATA);
        assertThat(java.serveOptions()).isFalse();
        assertThat(java.archive()).isEqualTo("ssmtp-mailer.jsa");
        assertThat(java.args()).containsExactly("-v");
    }

    @Test
    void noCommand_getsTheJdksDefaults() throws Exception {
        for (String[] args : new String[][] {{}, {"--help"}, {"--config-dir"}, {"--config-dir", "serve"}, {"-V", "serve"}}) {
            Java java = run(args);
            assertThat(java.options()).as(String.join(" ", args)).doesNotContain(C1, NO_PERF_DATA);
            assertThat(java.serveOptions()).as(String.join(" ", args)).isFalse();
        }
    }

    @Test
    void serveGcOptions_installed_addedUnlessTheOperatorNamesACollectorOrYoungGeneration() throws Exception {
        Path gc = lib.resolve("serve-gc.jvm-options");
        String file = "@" + named.resolve("serve-gc.jvm-options");
        assertThat(run("serve").options()).as("not installed").doesNotContain(file);
        Files.copy(Path.of("..", "packaging", "serve-serial.jvm-options"), gc);
        try {
            Java plain = run("--config-dir", "/etc/relay", "serve");
            assertThat(plain.options()).containsSubsequence("@" + named.resolve("serve.jvm-options"), file);
            assertThat(run("bin/ssmtp-mailer", Map.of("SSMTP_MAILER_JAVA_OPTS", "-Xmx256m -XX:+UseGCOverheadLimit"), "serve")
                    .options()).contains(file);
            assertThat(run("queue", "list").options()).doesNotContain(file);
            for (String opts : new String[] {"-XX:+UseG1GC", "-Xmx1g -XX:+UseParallelGC", "-XX:-UseSerialGC -XX:+UseZGC",
                    "-XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC", "-XX:+UseShenandoahGC", "-Xmn64m",
                    "-XX:NewSize=64m -XX:MaxNewSize=64m", "-XX:NewRatio=3"}) {
                Java java = run("bin/ssmtp-mailer", Map.of("SSMTP_MAILER_JAVA_OPTS", opts), "serve");
                assertThat(java.options()).as(opts).doesNotContain(file).contains(opts.split(" "));
                assertThat(java.serveOptions()).isTrue();
            }
            for (String env : new String[] {"JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"}) {
                assertThat(run("bin/ssmtp-mailer", Map.of(env, "-XX:+UseG1GC"), "serve").options()).as(env).doesNotContain(file);
            }
        } finally {
            Files.delete(gc);
        }
    }

    @Test
    void installWithServeGc_serialInstallsTheFile_withoutRemovesIt_otherValuesRefused() throws Exception {
        Path root = dir.resolve("serve-gc");
        Path gc = root.resolve("usr/lib/ssmtp-mailer/serve-gc.jvm-options");
        assertThat(install(root, Map.of("SERVE_GC", "serial"))).as(Files.readString(dir.resolve("install.log"))).isZero();
        assertThat(gc).hasSameBinaryContentAs(Path.of("..", "packaging", "serve-serial.jvm-options"));
        assertThat(install(root, Map.of())).as(Files.readString(dir.resolve("install.log"))).isZero();
        assertThat(gc).doesNotExist();
        assertThat(root.resolve("usr/lib/ssmtp-mailer/serve.jvm-options")).exists();

        Path refused = dir.resolve("serve-gc-g1");
        for (String value : new String[] {"g1", "Serial", " serial"}) {
            assertThat(install(refused, Map.of("SERVE_GC", value))).as(value).isEqualTo(64);
            assertThat(Files.readString(dir.resolve("install.log"))).as(value).contains("SERVE_GC must be serial or empty");
            assertThat(refused).as(value).doesNotExist();
        }
    }

    @Test
    void operatorsOptions_comeAfterTheLaunchers() throws Exception {
        Java java = run("bin/ssmtp-mailer", Map.of("SSMTP_MAILER_JAVA_OPTS", "-Xmx64m -XX:TieredStopAtLevel=4"), "queue", "list");
        assertThat(java.options()).containsSubsequence(C1, "-Xmx64m", "-XX:TieredStopAtLevel=4");
    }
}
