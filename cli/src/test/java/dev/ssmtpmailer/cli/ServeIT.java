package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.Maildirs;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import dev.ssmtpmailer.testing.SmtpScript;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} from the built jar: forwards an alias to upstream-smtp, `queue` works beside it, SIGTERM drains. */
@RequiresPeer(Peer.UPSTREAM_SMTP)
class ServeIT {
    @TempDir
    Path dir;

    @Test
    void serve_forwardsAliasToUpstreamAndStopsCleanlyOnSigterm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path tree = tree(dir, "");
        Process serve = Jar.start(dir, "--config-dir", tree.toString(), "serve", "--listen", "127.0.0.1:" + port);
        try {
            String stdout = awaitLine(dir.resolve("stdout"), "listening on");
            assertThat(stdout).as(Files.readString(dir.resolve("stderr"))).contains("ssmtp-mailer: listening on 127.0.0.1:" + port);

            String subject = "forwarded " + System.nanoTime();
            String reply = sendAsOutsider(port, "contact-sales@mailer.domain1.com", subject);
            assertThat(reply).startsWith("250");
            assertThat(sendAsOutsider(port, "nobody@mailer.domain1.com", "x")).startsWith("550");

            String delivered = Maildirs.awaitMessage(Path.of(Jar.peer("MAILDIR_NEW")), "Subject: " + subject);
            assertThat(delivered).contains("Delivered-To: contact-sales@domain1.com", "with ESMTPSA", "From: Visitor <visitor@example.org>");

            Cli.Result queue = Jar.run("--config-dir", tree.toString(), "queue", "list");
            assertThat(queue.status()).as(queue.err()).isZero();
            assertThat(queue.out()).contains("0 dead");
        } finally {
            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(serve.exitValue()).isIn(0, 143);
        String log = Files.readString(dir.resolve("relay.log"));
        assertThat(log).contains("listening on 127.0.0.1:" + port, "stopped; 0 messages stay in the spool")
                .doesNotContain(Jar.peer("SMTP_PASSWORD"));
    }

    /**
     * @param dir the test's directory: the tree goes to {@code etc/}, the log to {@code relay.log}
     * @param extraGlobal more {@code [global]} lines, each ending in a newline
     * @return a tree whose alias {@code contact-sales@mailer.domain1.com} forwards to the upstream-smtp peer
     */
    static Path tree(Path dir, String extraGlobal) throws IOException {
        Path tree = dir.resolve("etc");
        for (String d : new String[] {"domains", "users", "mappings", "ssl"}) {
            Files.createDirectories(tree.resolve(d));
        }
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\n"
                + "log_file = " + dir.resolve("relay.log") + "\nlog_level = INFO\nspool_dir = " + dir.resolve("spool") + "\n"
                + extraGlobal);
        Path domain = tree.resolve("domains/domain1.com.conf");
        Files.writeString(domain, "[domain:domain1.com]\nenabled = true\nsmtp_server = " + Jar.peer("SMTP_HOST")
                + "\nsmtp_port = " + Jar.peer("SMTP_PORT") + "\nauth_method = LOGIN\nrelay_account = " + Jar.peer("SMTP_USER")
                + "\nusername = " + Jar.peer("SMTP_USER") + "\npassword = " + Jar.peer("SMTP_PASSWORD")
                + "\nuse_ssl = false\nuse_starttls = true\nca_file = " + Jar.peer("SMTP_TLS_CERT") + "\n");
        Files.setPosixFilePermissions(domain, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(tree.resolve("domains/mailer.domain1.com.conf"), "[domain:mailer.domain1.com]\nenabled = true\n"
                + "smtp_server = localhost\nsmtp_port = 25\nauth_method = NONE\nrelay_account = mail-relay@mailer.domain1.com\n"
                + "use_ssl = false\nuse_starttls = false\n");
        Files.copy(ConfigCommandTest.GUIDE_TREE.resolve("mappings/relay-mappings.conf"), tree.resolve("mappings/relay-mappings.conf"));
        return tree;
    }

    /** Waits (bounded) for the server to print its first line; a start-up failure ends the wait at once. */
    static String awaitLine(Path file, String text) throws IOException {
        try {
            Await.within(Await.DEFAULT, "\"" + text + "\" in " + file, () -> Files.exists(file) && Files.readString(file).contains(text));
        } catch (AssertionError notThere) {
            // the caller's assertion reports it, with the server's stderr
        }
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /**
     * @return the reply to the end of data, or the first refusal, of one SMTP session from outside; {@code ""} when
     *         the server closed the connection without a reply (a killed server)
     */
    static String sendAsOutsider(int port, String rcpt, String subject) throws IOException {
        try (SmtpScript smtp = new SmtpScript(port)) {
            for (String c : new String[] {"EHLO client.example.org", "MAIL FROM:<visitor@example.org>", "RCPT TO:<" + rcpt + ">"}) {
                String reply = smtp.send(c);
                if (reply == null || !reply.startsWith("2")) {
                    return reply == null ? "" : reply;
                }
            }
            String reply = smtp.data("From: Visitor <visitor@example.org>\r\nTo: <" + rcpt + ">\r\nSubject: " + subject
                    + "\r\n\r\nhello\r\n");
            return reply == null ? "" : reply;
        }
    }

    /** @return the delivered message whose {@code Subject:} is {@code subject}, waiting (bounded) for it */
    static String findDelivered(Path maildir, String subject) {
        return Maildirs.awaitMessage(maildir, "Subject: " + subject);
    }
}
