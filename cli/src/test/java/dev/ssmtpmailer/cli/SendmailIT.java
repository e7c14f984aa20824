package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sendmail} from the built jar, called by that name, delivering directly to upstream-smtp (real Postfix). */
class SendmailIT {
    @TempDir
    Path dir;

    private record Run(int status, String err) {
    }

    private Run sendmail(Path tree, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + Main.ARGV0_PROPERTY + "=/usr/sbin/sendmail", "-Duser.home=" + dir, "-jar", Jar.path().toString(),
                "--config-dir", tree.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("err")));
    }

    private Path tree(String password) throws IOException {
        Path tree = dir.resolve("etc");
        for (String d : new String[] {"domains", "users", "mappings"}) {
            Files.createDirectories(tree.resolve(d));
        }
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\n");
        Path domain = tree.resolve("domains/domain1.com.conf");
        Files.writeString(domain, "[domain:domain1.com]\nenabled = true\nsmtp_server = " + Jar.peer("SMTP_HOST")
                + "\nsmtp_port = " + Jar.peer("SMTP_PORT") + "\nauth_method = LOGIN\nrelay_account = " + Jar.peer("SMTP_USER")
                + "\nusername = " + Jar.peer("SMTP_USER") + "\npassword = " + password
                + "\nuse_ssl = false\nuse_starttls = true\nca_file = " + Jar.peer("SMTP_TLS_CERT") + "\n");
        Files.setPosixFilePermissions(domain, PosixFilePermissions.fromString("rw-------"));
        Files.copy(ConfigCommandTest.GUIDE_TREE.resolve("mappings/relay-mappings.conf"), tree.resolve("mappings/relay-mappings.conf"));
        return tree;
    }

    @Test
    void calledAsSendmail_withoutServe_deliversToTheUpstreamAsTheCanonicalAddress() throws Exception {
        String subject = "cron " + System.nanoTime();

        Run r = sendmail(tree(Jar.peer("SMTP_PASSWORD")), "From: contact-general@mailer.domain1.com\nTo: ops@example.com\n"
                + "Bcc: audit@example.com\nSubject: " + subject + "\n\nbackup done\n", "-FCronDaemon", "-i", "-B8BITMIME", "-oem", "-oi", "-t");

        assertThat(r.status()).as(r.err()).isZero();
        String delivered = findDelivered(Path.of(Jar.peer("MAILDIR_NEW")), subject);
        assertThat(delivered).contains("From: contact-general@domain1.com", "with ESMTPSA", "backup done").doesNotContain("Bcc:");
        assertThat(dir.resolve("dead.letter")).doesNotExist();
    }

    @Test
    void wrongPassword_exits69AndKeepsTheMessageInDeadLetter() throws Exception {
        Run r = sendmail(tree("not-the-password"), "Subject: kept\n\nplease keep me\n", "-f", "contact-general@mailer.domain1.com",
                "ops@example.com");

        assertThat(r.status()).as(r.err()).isEqualTo(69);
        assertThat(r.err()).contains("dead.letter").hasLineCount(1);
        assertThat(Files.readString(dir.resolve("dead.letter"))).contains("please keep me");
    }

    private static String findDelivered(Path maildir, String subject) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 300; attempt++) {
            try (Stream<Path> files = Files.list(maildir)) {
                for (Path f : files.toList()) {
                    if (Files.isReadable(f)) {
                        String text = Files.readString(f);
                        if (text.contains("Subject: " + subject)) {
                            return text;
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        return "";
    }
}
