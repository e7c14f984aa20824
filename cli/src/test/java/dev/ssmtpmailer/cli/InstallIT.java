package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.server.MailerService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code packaging/install.sh} into a temporary DESTDIR, then the installed launchers run from there, each with
 * its CDS archive ({@code ssmtp-mailer.jsa} for the command, {@code sendmail.jsa} for the sendmail fast start).
 */
class InstallIT {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run run(List<String> command, Map<String, String> env, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        // the caller's collector choice and JVM options would change what the installed launchers choose
        for (String variable : new String[] {"SERVE_GC", "SSMTP_MAILER_JAVA_OPTS", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"}) {
            pb.environment().remove(variable);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    /** @return what the installed {@code ssmtp-mailer serve --help} printed with {@code -XX:+PrintFlagsFinal} and {@code opts} */
    private String serveFlags(Path usr, String opts) throws IOException, InterruptedException {
        Run serve = run(List.of(usr.resolve("bin/ssmtp-mailer").toString(), "serve", "--help"),
                Map.of("SSMTP_MAILER_JAVA_OPTS", "-XX:+PrintFlagsFinal " + opts), "");
        assertThat(serve.status()).as(serve.err()).isZero();
        return serve.out();
    }

    @Test
    void install_intoDestdir_launchersRunAndSendmailHandsOverToServe() throws Exception {
        Path root = dir.resolve("root");
        Run install = run(List.of("sh", Path.of("..", "packaging", "install.sh").toString(), Jar.path().toString()),
                Map.of("DESTDIR", root.toString(), "PREFIX", "/usr"), "");
        assertThat(install.status()).as(install.err()).isZero();

        Path usr = root.resolve("usr");
        for (String file : new String[] {"bin/ssmtp-mailer", "sbin/sendmail", "lib/ssmtp-mailer/ssmtp-mailer.jar",
                "lib/ssmtp-mailer/ssmtp-mailer.jsa", "lib/ssmtp-mailer/sendmail.jsa", "share/bash-completion/completions/ssmtp-mailer",
                "lib/systemd/system/ssmtp-mailer.service", "lib/ssmtp-mailer/serve.jvm-options"}) {
            assertThat(usr.resolve(file)).as(file).exists();
        }
        assertThat(Files.isSymbolicLink(usr.resolve("sbin/sendmail"))).isTrue();
        assertThat(Files.readString(usr.resolve("lib/systemd/system/ssmtp-mailer.service")))
                .contains("ExecStart=/usr/bin/ssmtp-mailer serve", "KillSignal=SIGTERM", "SuccessExitStatus=143");
        assertThat(Files.readString(usr.resolve("share/bash-completion/completions/ssmtp-mailer"))).contains("sendmail", "dns-check");
        assertThat(run(List.of("bash", "-n", usr.resolve("share/bash-completion/completions/ssmtp-mailer").toString()), Map.of(), "")
                .status()).isZero();
        if (Files.exists(Path.of("/usr/bin/asciidoctor"))) {
            assertThat(Files.readString(usr.resolve("share/man/man1/ssmtp-mailer-sendmail.1"))).contains(".TH", "dead.letter");
        }

        Run help = run(List.of(usr.resolve("bin/ssmtp-mailer").toString(), "--help"), Map.of(), "");
        assertThat(help.status()).as(help.err()).isZero();
        assertThat(help.out()).contains("sendmail", "Exit status:");
        assertThat(help.err()).isEmpty(); // the CDS archive maps silently
        Run version = run(List.of(usr.resolve("bin/ssmtp-mailer").toString(), "--version"),
                Map.of("SSMTP_MAILER_JAVA_OPTS", "-Xshare:on -Xlog:class+load"), "");
        assertThat(version.status()).as(version.err()).isZero();
        assertThat(version.out()).contains("dev.ssmtpmailer.cli.Main source: shared objects file (top)", "ssmtp-mailer ");
        // serve, and only serve, runs with its own JVM options (C2 later, C1 sooner); an operator's come after them and win
        assertThat(serveFlags(usr, "-XX:Tier4BackEdgeThreshold=99999"))
                .containsPattern("Tier4InvocationThreshold += 15000 +\\{product\\} \\{command line\\}")
                .containsPattern("Tier3InvocationThreshold += 20 +\\{product\\} \\{command line\\}")
                .containsPattern("Tier0InvokeNotifyFreqLog += 3 ")
                .containsPattern("Tier4BackEdgeThreshold += 99999 ");

        // serve's collector and heap (SERVE_GC=serial at install): the JVM refuses two collectors, so the launcher
        // leaves the file out when the operator names one
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Run two = run(List.of(java.toString(), "-XX:+UseSerialGC", "-XX:+UseG1GC", "-version"), Map.of(), "");
        assertThat(two.status()).isNotZero();
        assertThat(two.out() + two.err()).contains("Multiple garbage collectors selected");
        Path gc = usr.resolve("lib/ssmtp-mailer/serve-gc.jvm-options");
        Files.copy(Path.of("..", "packaging", "serve-serial.jvm-options"), gc);
        assertThat(serveFlags(usr, "")).containsPattern("UseSerialGC += true ").containsPattern("NewSize += 33554432 ")
                .containsPattern("Tier4InvocationThreshold += 15000 ");
        assertThat(serveFlags(usr, "-XX:+UseG1GC")).containsPattern("UseG1GC += true ").containsPattern("UseSerialGC += false ");
        Files.delete(gc);

        // `queue ...` starts as mailq does (C1 only, no perf data file, serve's options not given); `serve` with the
        // JVM's defaults for those two
        Run queue = run(List.of(usr.resolve("bin/ssmtp-mailer").toString(), "queue", "--help"),
                Map.of("SSMTP_MAILER_JAVA_OPTS", "-XX:+PrintFlagsFinal"), "");
        assertThat(queue.status()).as(queue.err()).isZero();
        assertThat(queue.out()).containsPattern("TieredStopAtLevel +:?= 1 ").containsPattern("UsePerfData +:?= false ")
                .containsPattern("Tier4InvocationThreshold += 5000 +\\{product\\} \\{default\\}")
                .containsPattern("Tier3InvocationThreshold += 200 +\\{product\\} \\{default\\}")
                .contains("Usage: ssmtp-mailer queue");
        assertThat(serveFlags(usr, "")).containsPattern("TieredStopAtLevel +:?= 4 ").containsPattern("UsePerfData +:?= true ")
                .contains("Usage: ssmtp-mailer serve");

        try (FakeUpstream upstream = new FakeUpstream()) {
            Path tree = upstream.writeTree(dir.resolve("tree"), FakeUpstream.PASSWORD);
            int port = FakeUpstream.addServe(tree, dir.resolve("spool"));
            try (MailerService serve = MailerService.start(IniConfig.load(tree))) {
                assertThat(serve.port()).isEqualTo(port);
                // -Xshare:on: the JVM refuses to start unless it maps the archive; the class log says where each came from
                Run sendmail = run(List.of(usr.resolve("sbin/sendmail").toString(), "-t", "-i"),
                        Map.of("SSMTP_MAILER_CONFIG_DIR", tree.toString(), "HOME", dir.toString(),
                                "SSMTP_MAILER_JAVA_OPTS", "-Xshare:on -Xlog:class+load"),
                        "From: contact-general@mailer.domain1.com\nTo: ops@example.com\nSubject: installed\n\nfrom cron\n");

                assertThat(sendmail.status()).as(sendmail.err()).isZero();
                // the fast start came from sendmail.jsa, and nothing at all from the jar
                assertThat(sendmail.out()).contains("dev.ssmtpmailer.cli.Launcher source: shared objects file (top)",
                        "dev.ssmtpmailer.cli.SendmailFastPath source: shared objects file (top)",
                        "dev.ssmtpmailer.ini.SubmissionReader source: shared objects file (top)")
                        .doesNotContain("ssmtp-mailer.jar", "picocli");
                // sendmail after the global options: the same fast start, from the same archive
                Run global = run(List.of(usr.resolve("bin/ssmtp-mailer").toString(), "--config-dir", tree.toString(),
                                "sendmail", "-t", "-i"), Map.of("HOME", dir.toString(), "SSMTP_MAILER_JAVA_OPTS",
                                "-Xshare:on -Xlog:class+load"),
                        "From: contact-general@mailer.domain1.com\nTo: ops@example.com\nSubject: installed\n\nfrom a script\n");
                assertThat(global.status()).as(global.err()).isZero();
                assertThat(global.out()).contains("dev.ssmtpmailer.cli.SendmailFastPath source: shared objects file (top)")
                        .doesNotContain("ssmtp-mailer.jar", "picocli");
                for (int i = 0; i < 300 && upstream.received.size() < 2; i++) {
                    Thread.sleep(100);
                }
                assertThat(upstream.received).hasSize(2)
                        .allSatisfy(m -> assertThat(m).startsWith("contact-general@domain1.com -> ops@example.com"));
                assertThat(String.join("\n", upstream.received)).contains("from cron", "from a script");
            }
        }
    }
}
