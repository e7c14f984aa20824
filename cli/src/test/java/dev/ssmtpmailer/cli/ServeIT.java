package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

            String delivered = findDelivered(Path.of(Jar.peer("MAILDIR_NEW")), subject);
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

    /** The guide's tree forwarding to upstream-smtp, logging to {@code dir/relay.log}; {@code global} adds lines. */
    static Path tree(Path dir, String global) throws IOException {
        Path tree = dir.resolve("etc");
        for (String d : new String[] {"domains", "users", "mappings", "ssl"}) {
            Files.createDirectories(tree.resolve(d));
        }
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\n"
                + "log_file = " + dir.resolve("relay.log") + "\nlog_level = INFO\nspool_dir = " + dir.resolve("spool") + "\n" + global);
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

    /** Waits (bounded) until {@code file} holds {@code text}; returns what it holds then. */
    static String awaitLine(Path file, String text) throws IOException, InterruptedException {
        for (int i = 0; i < 600; i++) {
            String s = Files.exists(file) ? Files.readString(file) : ""; // a log reopened after SIGHUP appears later
            if (s.contains(text)) {
                return s;
            }
            Thread.sleep(50);
        }
        return Files.exists(file) ? Files.readString(file) : "";
    }

    static String sendAsOutsider(int port, String rcpt, String subject) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            String reply = read(in);
            String[] commands = {"EHLO client.example.org", "MAIL FROM:<visitor@example.org>", "RCPT TO:<" + rcpt + ">", "DATA"};
            for (String c : commands) {
                out.write((c + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                reply = read(in);
                if (!reply.startsWith("2") && !reply.startsWith("354")) {
                    return reply;
                }
            }
            out.write(("From: Visitor <visitor@example.org>\r\nTo: <" + rcpt + ">\r\nSubject: " + subject
                    + "\r\n\r\nhello\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(in);
        }
    }

    private static String read(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line == null ? "" : line;
    }

    static String findDelivered(Path maildir, String subject) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            try (Stream<Path> files = Files.list(maildir)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f);
                    if (text.contains("Subject: " + subject)) {
                        return text;
                    }
                }
            }
            Thread.sleep(50);
        }
        return "";
    }
}
