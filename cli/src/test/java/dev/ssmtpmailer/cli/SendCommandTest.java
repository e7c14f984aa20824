package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SendCommandTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final FakeUpstream upstream = new FakeUpstream();
    private Path tree;

    @BeforeEach
    void writeTree() throws IOException {
        tree = upstream.writeTree(dir.resolve("tree"), FakeUpstream.PASSWORD);
    }

    /** {@code send} of one short message from the guide's contact-general alias to x@example.com. */
    private static Cli.Result sendOneMessage(Path tree) {
        return Cli.run("--config-dir", tree.toString(), "send", "--from", "contact-general@mailer.domain1.com",
                "--to", "x@example.com", "--subject", "s", "--body", "b");
    }

    /** Asserts the exit status and the one line of stderr naming the step and reply at which x@example.com failed. */
    private static void assertOnlyRecipientFailed(Cli.Result r, int status, String stepAndReply) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.err()).isEqualTo("ssmtp-mailer: send: 1 of 1 recipients failed, first x@example.com at " + stepAndReply + "\n");
    }

    @Test
    void send_guideExample_deliversAsCanonicalAddressAndPrintsRecipient() {
        Cli.Result r = Cli.run("--config-dir", tree.toString(), "send", "--from", "contact-general@mailer.domain1.com",
                "--to", "test@example.com", "--subject", "Test Email", "--body", "This is a test email from the relay system");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("from contact-general@mailer.domain1.com as contact-general@domain1.com via mail-relay@domain1.com")
                .containsPattern("test@example.com +delivered");
        assertThat(upstream.received).singleElement().asString()
                .startsWith("contact-general@domain1.com -> test@example.com")
                .contains("From: contact-general@domain1.com", "Subject: Test Email", "This is a test email from the relay system");
    }

    @Test
    void send_ccBccHtmlAttachment_everyRecipientGetsOneCopy() throws IOException {
        Path html = Files.writeString(dir.resolve("body.html"), "<p>hello</p>");
        Path file = Files.writeString(dir.resolve("notes.txt"), "attached text");

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "send", "--from", "contact-sales@mailer.domain1.com",
                "--to", "a@example.com", "--cc", "b@example.com", "--bcc", "c@example.com", "--subject", "Offer",
                "--body", "plain", "--html", html.toString(), "--attach", file.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(upstream.received).hasSize(3);
        assertThat(upstream.received.get(0)).contains("text/html", "notes.txt").doesNotContainIgnoringCase("Bcc:");
    }

    @Test
    void send_bodyOnStdin_isTheTextBody() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                CommandLine.defaultFactory());
        CommandLine.ParseResult parsed = cl.parseArgs("--config-dir", tree.toString(), "send", "--from",
                "contact-legal@mailer.domain1.com", "--to", "x@example.com", "--subject", "stdin");
        SendCommand send = (SendCommand) parsed.subcommand().commandSpec().userObject();
        send.stdin = new ByteArrayInputStream("body from a pipe\n".getBytes(StandardCharsets.UTF_8));

        int status = cl.getExecutionStrategy().execute(parsed);

        assertThat(status).isZero();
        assertThat(upstream.received).singleElement().asString().contains("body from a pipe");
    }

    @Test
    void send_bodyFile_isTheTextBody() throws IOException {
        Path body = Files.writeString(dir.resolve("body.txt"), "body from a file");

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "send", "--from", "contact-legal@mailer.domain1.com",
                "--to", "x@example.com", "--subject", "file", "--body-file", body.toString());

        assertThat(r.status()).isZero();
        assertThat(upstream.received).singleElement().asString().contains("body from a file");
    }

    @Test
    void send_senderNotMapped_refusedWithOneLineAndNothingSent() {
        Cli.Result r = Cli.run("--config-dir", tree.toString(), "send", "--from", "intruder@example.com",
                "--to", "x@example.com", "--subject", "s", "--body", "b");

        assertThat(r.status()).isEqualTo(77);
        assertThat(r.err()).startsWith("ssmtp-mailer: ").hasLineCount(1).contains("intruder@example.com");
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void send_wrongPassword_failsNamingAuth() throws IOException {
        Path bad = upstream.writeTree(dir.resolve("bad"), "not-the-password");

        Cli.Result r = sendOneMessage(bad);

        assertThat(r.status()).isEqualTo(69);
        assertThat(r.out()).contains("at AUTH");
        assertThat(r.err()).hasLineCount(1).contains("at AUTH").doesNotContain("not-the-password");
    }

    @Test
    void send_recipientDeferred_exitsTemporary() {
        upstream.refuseRecipientsWith = 450;

        assertOnlyRecipientFailed(sendOneMessage(tree), 75, "RCPT: 450 4.2.1 <x@example.com>: refused by the test");
    }

    @Test
    void send_recipientRefusedForGood_exitsBadInput() {
        upstream.refuseRecipientsWith = 550;

        Cli.Result r = sendOneMessage(tree);

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.out()).containsPattern("x@example.com +permanent_failure at RCPT \\(550 5.1.1");
    }

    @Test
    void send_unresolvableServer_saysItCannotResolveAndExitsUnavailable() throws IOException {
        Path domain = tree.resolve("domains/domain1.com.conf");
        Files.writeString(domain, Files.readString(domain).replace("smtp_server = 127.0.0.1", "smtp_server = nowhere.invalid"));

        assertOnlyRecipientFailed(sendOneMessage(tree), 69, "CONNECT: cannot resolve nowhere.invalid (DNS lookup failed)");
    }

    @Test
    void send_missingBodyFile_noInputNamingTheFile() {
        Cli.Result r = Cli.run("--config-dir", tree.toString(), "send", "--from", "contact-general@mailer.domain1.com",
                "--to", "x@example.com", "--subject", "s", "--body-file", dir.resolve("absent.txt").toString());

        assertThat(r.status()).isEqualTo(66);
        assertThat(r.err()).isEqualTo("ssmtp-mailer: send: cannot read " + dir.resolve("absent.txt") + ": no such file\n");
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void send_bodyAndBodyFileTogether_isAUsageError() {
        Cli.Result r = Cli.run("--config-dir", tree.toString(), "send", "--from", "contact-general@mailer.domain1.com",
                "--to", "x@example.com", "--subject", "s", "--body", "b", "--body-file", "f");

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.err()).contains("mutually exclusive");
    }
}
