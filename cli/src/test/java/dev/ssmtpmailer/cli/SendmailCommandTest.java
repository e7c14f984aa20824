package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.ini.IniConfigLoader;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.server.MailerService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendmailCommandTest {
    private static final String CRON_MAIL = "From: contact-general@mailer.domain1.com\nTo: ops@example.com\n"
            + "Bcc: hidden@example.com\nSubject: Cron <root@host> backup\n\nbackup finished\n.\nnot part of it\n";

    @TempDir
    Path dir;
    private FakeUpstream upstream;
    private Path tree;
    private Path deadLetter;

    @BeforeEach
    void start() throws IOException {
        upstream = new FakeUpstream();
        tree = upstream.writeTree(dir.resolve("tree"), FakeUpstream.PASSWORD);
        deadLetter = dir.resolve("dead.letter");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private Cli.Result sendmail(String stdin, String... args) {
        return Cli.run(made -> {
            if (made instanceof SendmailCommand s) {
                s.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
                s.deadLetter = deadLetter;
            }
        }, Cli.onTree(tree, "sendmail", args));
    }

    @Test
    void direct_recipientsFromHeaders_deliversAsCanonicalAddressWithoutBcc() {
        Cli.Result r = sendmail(CRON_MAIL, "-t");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(upstream.received).hasSize(2);
        assertThat(upstream.received.get(0)).startsWith("contact-general@domain1.com -> ops@example.com")
                .contains("From: contact-general@domain1.com", "backup finished", "Date: ", "Message-ID: <")
                .doesNotContain("Bcc:", "hidden@example.com\r\n\r\n", "not part of it");
        assertThat(upstream.received.get(1)).startsWith("contact-general@domain1.com -> hidden@example.com");
        assertThat(deadLetter).doesNotExist();
    }

    @Test
    void direct_argumentRecipientsAndF_useOnlyThem() {
        Cli.Result r = sendmail("Subject: hi\n\nbody\n", "-oi", "-f", "contact-sales@mailer.domain1.com", "-F", "Sales Team", "--",
                "a@example.com,b@example.com");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(upstream.received).hasSize(2);
        assertThat(upstream.received.get(0)).startsWith("contact-sales@domain1.com -> a@example.com")
                .contains("From: \"Sales Team\" <contact-sales@domain1.com>");
    }

    @Test
    void debianCronCommandLine_isAccepted() {
        Cli.Result r = sendmail("From: contact-general@mailer.domain1.com (Cron Daemon)\nTo: ops@example.com\nSubject: job\n\noutput\n",
                "-FCronDaemon", "-i", "-B8BITMIME", "-oem", "-oi", "-t");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(upstream.received).singleElement().asString().startsWith("contact-general@domain1.com -> ops@example.com")
                .contains("From: contact-general@domain1.com (Cron Daemon)");
    }

    @Test
    void noRecipients_exits65AndSavesDeadLetter() throws IOException {
        Cli.Result r = sendmail("From: contact-general@mailer.domain1.com\nSubject: lost?\n\nkeep me\n");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.err()).startsWith("ssmtp-mailer: sendmail: no recipients").contains("saved in " + deadLetter).hasLineCount(1);
        assertThat(Files.readString(deadLetter)).startsWith("From contact-general@mailer.domain1.com ").contains("keep me");
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void fullNameWithALineBreak_exits65AndSavesDeadLetter_andSendsNothing() throws IOException {
        Cli.Result r = sendmail("Subject: x\n\nkeep me\n", "-f", "contact-sales@mailer.domain1.com",
                "-F", "Alice\r\nReply-To: evil@example.org\r\nX:", "a@example.com");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.err()).startsWith("ssmtp-mailer: sendmail: -F holds a control character (U+000D)")
                .contains("saved in " + deadLetter).hasLineCount(1);
        assertThat(Files.readString(deadLetter)).contains("keep me").doesNotContain("Reply-To", "From: ");
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void fullName_inTheAddedFromField_asciiQuoted_otherwiseRfc2047Encoded() throws IOException {
        sendmail("Subject: ascii\n\nbody\n", "-f", "contact-sales@mailer.domain1.com", "-F", "Sales \"Team\"");
        sendmail("Subject: utf-8\n\nbody\n", "-f", "contact-sales@mailer.domain1.com", "-F", "J\u00fcrgen M\u00fcller");

        // no recipients: both are saved (mbox, LF line ends) as they would have gone
        assertThat(Files.readString(deadLetter)).contains("From: \"Sales Team\" <contact-sales@mailer.domain1.com>\n",
                "From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <contact-sales@mailer.domain1.com>\n");
    }

    @Test
    void emptyMessage_exits65() {
        Cli.Result r = sendmail("", "a@example.com");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.err()).contains("empty").hasLineCount(1);
    }

    @Test
    void overMaxMessageSize_isRefusedWith65() throws IOException {
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\nmax_message_size = 100\n");

        Cli.Result r = sendmail("Subject: big\n\n" + "x".repeat(200) + "\n", "a@example.com");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.err()).contains("larger than max_message_size (100 bytes)").hasLineCount(1);
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void senderNotAllowed_exits77AndSavesDeadLetter() {
        Cli.Result r = sendmail("Subject: x\n\nbody\n", "-f", "stranger@elsewhere.org", "a@example.com");

        assertThat(r.status()).as(r.err()).isEqualTo(77);
        assertThat(deadLetter).exists();
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void upstreamDown_exitsUnavailableAndSavesDeadLetter() {
        upstream.close();

        Cli.Result r = sendmail("Subject: x\n\nbody\n", "-f", "contact-general@mailer.domain1.com", "a@example.com");

        assertThat(r.status()).as(r.err()).isEqualTo(69);
        assertThat(deadLetter).exists();
    }

    @Test
    void serveRunning_messageIsHandedOverAndDeliveredFromTheSpool() throws Exception {
        int port = FakeUpstream.addServe(tree, dir.resolve("spool"));
        RelayConfig config = IniConfig.load(tree);
        try (MailerService serve = MailerService.start(config)) {
            assertThat(serve.port()).isEqualTo(port);
            Cli.Result r = sendmail(CRON_MAIL.replace("\n.\n", "\n..dot\n"), "-v", "-i", "-t");

            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.err()).contains("C: MAIL FROM:<contact-general@mailer.domain1.com>");
            assertThat(r.out()).contains("handed to serve: 250");
            for (int i = 0; i < 300 && upstream.received.size() < 2; i++) {
                Thread.sleep(100);
            }
            assertThat(upstream.received).hasSize(2);
            assertThat(upstream.received.get(0)).startsWith("contact-general@domain1.com -> ")
                    .contains("backup finished\r\n..dot\r\nnot part of it").doesNotContain("Bcc:");
        }
    }

    @Test
    void serveRunning_senderNotAllowed_serveRefusesWith77AndDeadLetterKeepsIt() throws Exception {
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        try (MailerService serve = MailerService.start(IniConfig.load(tree))) {
            Cli.Result r = sendmail("Subject: x\n\nrefused body\n", "-v", "-f", "stranger@elsewhere.org", "a@example.com");

            assertThat(serve.port()).isPositive();
            assertThat(r.status()).as(r.err()).isEqualTo(77);
            assertThat(r.err()).contains("C: RCPT TO:<a@example.com>", "serve refused the message: 5");
            assertThat(Files.readString(deadLetter)).contains("refused body");
        }
    }

    @Test
    void serveRunning_passwordEnvNotSetHere_messageIsHandedOver() throws Exception {
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        FakeUpstream.passwordFromUnsetVariable(tree);
        // serve has the variable (the unit's EnvironmentFile), this sendmail has not
        RelayConfig config = IniConfigLoader.builder().environment(Map.of(FakeUpstream.UNSET_VARIABLE, FakeUpstream.PASSWORD)::get)
                .build().load(tree);
        try (MailerService serve = MailerService.start(config)) {
            Cli.Result r = sendmail(CRON_MAIL, "-v", "-i", "-t");

            assertThat(serve.port()).isPositive();
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("handed to serve: 250");
        }
    }

    @Test
    void direct_passwordEnvNotSetHere_exits78AndSavesDeadLetter() throws IOException {
        FakeUpstream.passwordFromUnsetVariable(tree);

        Cli.Result r = sendmail(CRON_MAIL, "-t");

        assertThat(r.status()).isEqualTo(78);
        assertThat(r.err()).contains("environment variable " + FakeUpstream.UNSET_VARIABLE + " is not set").hasLineCount(1);
        assertThat(Files.readString(deadLetter)).contains("backup finished");
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void bp_passwordEnvNotSetHere_listsTheQueue() throws IOException {
        upstream.close(); // the message stays queued
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        QueueId id = FakeUpstream.submitOne(tree);
        FakeUpstream.passwordFromUnsetVariable(tree);

        Cli.Result r = sendmail("", "-bp");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains(id.value(), "1 queued, 0 dead");
    }

    @Test
    void bp_listsTheQueueLikeMailq() throws IOException {
        upstream.close(); // the message stays queued
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        QueueId id = FakeUpstream.submitOne(tree);

        Cli.Result r = sendmail("", "-bp");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains(id.value(), "buyer@example.com", "1 queued, 0 dead");
    }

    @Test
    void asInvoked_sendmailAndMailqNames_runTheSendmailCommand() {
        assertThat(Main.asInvoked("/usr/sbin/sendmail", new String[] {"-t"})).containsExactly("sendmail", "-t");
        assertThat(Main.asInvoked("mailq", new String[0])).containsExactly("sendmail", "-bp");
        assertThat(Main.asInvoked("/usr/local/bin/ssmtp-mailer", new String[] {"test"})).containsExactly("test");
        assertThat(Main.asInvoked(null, new String[] {"test"})).containsExactly("test");
    }
}
