package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.queue.QueueId;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueCommandTest {
    @TempDir
    Path dir;
    private Path tree;
    private QueueId id;

    /** A tree whose upstream port is closed, so a submitted message stays queued. */
    @BeforeEach
    void spoolOneMessage() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (FakeUpstream unused = new FakeUpstream()) {
            tree = unused.writeTree(dir.resolve("tree"), FakeUpstream.PASSWORD);
        }
        Path domain = tree.resolve("domains/domain1.com.conf");
        Files.writeString(domain, Files.readString(domain).replaceFirst("smtp_port = \\d+", "smtp_port = " + closedPort));
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\nspool_dir = "
                + dir.resolve("spool") + "\nconnection_timeout = 1\n");
        try (Relay relay = Relay.create(IniConfig.load(tree))) {
            id = relay.submit(RelayMessage.builder().from("contact-sales@mailer.domain1.com").to("buyer@example.com")
                    .subject("queued").text("body").build());
        }
    }

    @Test
    void list_spooledMessage_showsIdSenderAndRecipients() {
        Cli.Result r = Cli.run("--config-dir", tree.toString(), "queue", "list");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern(id.value() + " +queued .*contact-sales@mailer.domain1.com -> buyer@example.com \\(1 of 1 pending\\)")
                .endsWith("1 queued, 0 dead\n");
        // created and next attempt to the second, whatever the milliseconds
        String second = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
        assertThat(r.out()).containsPattern(id.value() + " +queued +" + second + " +\\d+ +" + second + " ");
    }

    @Test
    void show_spooledMessage_showsEachRecipientState() {
        Cli.Result r = Cli.run("--config-dir", tree.toString(), "queue", "show", id.value());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("id:       " + id.value(), "state:    queued",
                "rcpt:     buyer@example.com -> buyer@example.com via mail-relay@domain1.com: pending");
    }

    @Test
    void retry_spooledMessage_requested() {
        assertThat(Cli.run("--config-dir", tree.toString(), "queue", "retry", id.value()).out())
                .isEqualTo("retry requested for " + id.value() + "\n");
        assertThat(Cli.run("--config-dir", tree.toString(), "queue", "retry").out())
                .isEqualTo("retry requested for 1 queued message\n");
    }

    @Test
    void purge_thenList_messageIsDead() {
        Cli.Result purge = Cli.run("--config-dir", tree.toString(), "queue", "purge", id.value());
        Cli.Result list = Cli.run("--config-dir", tree.toString(), "queue", "list");

        assertThat(purge.status()).isZero();
        assertThat(list.out()).containsPattern(id.value() + " +dead .*buyer@example.com \\(1 purged\\)")
                .doesNotContain("pending").endsWith("0 queued, 1 dead\n");
        assertThat(Cli.run("--config-dir", tree.toString(), "queue", "show", id.value()).out())
                .contains("state:    dead: purged by operator")
                .containsPattern("via mail-relay@domain1.com: purged after \\d+ attempts? \\(purged by operator\\)");
    }

    @Test
    void list_limit_printsAtMostThatManyAndSaysSo() {
        try (Relay relay = Relay.create(IniConfig.load(tree))) {
            relay.submit(RelayMessage.builder().from("contact-sales@mailer.domain1.com").to("buyer@example.com")
                    .subject("second").text("body").build());
        }

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "queue", "list", "--limit", "1");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(3);
        assertThat(r.out()).endsWith("1 queued, 0 dead shown (--limit 1)\n");
        assertThat(Cli.run("--config-dir", tree.toString(), "queue", "list").out()).endsWith("2 queued, 0 dead\n");
    }

    @Test
    void list_passwordEnvNotSetHere_listsTheQueueFromGlobalAlone() throws IOException {
        FakeUpstream.passwordFromUnsetVariable(tree);
        Files.writeString(tree.resolve("domains/broken.conf"), "[domain:broken.example]\nsmtp_port = many\n");

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "queue", "list");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains(id.value()).endsWith("1 queued, 0 dead\n");
        assertThat(Cli.run("--config-dir", tree.toString(), "queue", "retry", id.value()).status()).isZero();
    }

    @Test
    void list_problemInGlobal_isStillAConfigurationError() throws IOException {
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), Files.readString(tree.resolve("ssmtp-mailer.conf")) + "max_connections = ten\n");

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "queue", "list");

        assertThat(r.status()).isEqualTo(78);
        assertThat(r.err()).contains("[global] max_connections");
    }

    @Test
    void retryAndPurge_asAnotherUserThanTheSpoolsOwner_areRefusedWith77NamingTheOwner() throws IOException {
        String owner = Files.getOwner(dir.resolve("spool")).getName();
        for (String[] command : new String[][] {{"retry"}, {"retry", id.value()}, {"purge", id.value()}}) {
            String[] args = new String[command.length + 3];
            args[0] = "--config-dir";
            args[1] = tree.toString();
            args[2] = "queue";
            System.arraycopy(command, 0, args, 3, command.length);

            Cli.Result r = Cli.run(QueueCommandTest::asSomeoneElse, args);

            assertThat(r.status()).as(String.join(" ", command)).isEqualTo(77);
            assertThat(r.err()).hasLineCount(1).contains("queue " + command[0] + ": " + dir.resolve("spool") + " belongs to " + owner,
                    "run as " + owner + ": sudo -u " + owner + " ssmtp-mailer queue " + command[0]);
        }
        assertThat(Cli.run("--config-dir", tree.toString(), "queue", "list").out()).contains("1 queued, 0 dead");
        assertThat(dir.resolve("spool/control")).isEmptyDirectory();
    }

    @Test
    void import_asAnotherUserThanTheSpoolsOwner_isRefusedWith77BeforeConnecting() throws IOException {
        Path conf = tree.resolve("ssmtp-mailer.conf");
        Files.writeString(conf, Files.readString(conf) + "queue_backend = postgres\n"
                + "database_url = jdbc:postgresql://127.0.0.1:1/nothing-listens\ndatabase_user = relay\n");

        Cli.Result r = Cli.run(QueueCommandTest::asSomeoneElse, "--config-dir", tree.toString(), "queue", "import");

        assertThat(r.status()).as(r.err()).isEqualTo(77);
        assertThat(r.err()).hasLineCount(1).contains("queue import: " + dir.resolve("spool") + " belongs to ");
        assertThat(r.out()).isEmpty();
    }

    /** Makes the queue command run as a user who owns no spool. */
    private static void asSomeoneElse(Object made) {
        if (made instanceof QueueCommand q) {
            q.user = new QueueCommand.User(Integer.MAX_VALUE, "someone-else");
        }
    }

    /** A java given file capabilities is not dumpable: /proc/self is then root's, the status line still tells. */
    @Test
    void currentUser_isTheEffectiveUidOfTheStatusUidLine(@TempDir Path dir) throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nUid:\t1000\t998\t998\t998\nGid:\t1000\t1000\t1000\t1000\n");

        assertThat(QueueCommand.User.effectiveUid(status)).isEqualTo(998);
        assertThat(QueueCommand.User.effectiveUid(dir.resolve("missing"))).isEqualTo(-1);
        assertThat(QueueCommand.User.current().uid()).isEqualTo(QueueCommand.User.effectiveUid(Path.of("/proc/self/status")));
    }

    @Test
    void requireOwner_comparesUidsNotNames() throws IOException {
        Path spool = dir.resolve("spool");
        int owner = QueueCommand.User.uid(spool);
        String ownerName = Files.getOwner(spool).getName();
        assumeTrue(owner >= 0, "needs a unix file system");

        // a uid without a passwd entry (user.name is '?'), and a second name for the owner's uid, are the owner
        QueueCommand.requireOwner(spool, "retry", new QueueCommand.User(owner, "?"));
        QueueCommand.requireOwner(spool, "retry", new QueueCommand.User(owner, "another-name-of-" + ownerName));

        assertThatThrownBy(() -> QueueCommand.requireOwner(spool, "retry", new QueueCommand.User(owner + 1, ownerName)))
                .isInstanceOfSatisfying(Main.Failure.class, f -> assertThat(f.status()).isEqualTo(ExitStatus.NO_PERMISSION))
                .hasMessageContaining("belongs to " + ownerName);
    }

    @Test
    void requireOwner_withoutAUid_comparesNames() throws IOException {
        Path spool = dir.resolve("spool");
        String ownerName = Files.getOwner(spool).getName();

        QueueCommand.requireOwner(spool, "purge", new QueueCommand.User(-1, ownerName));

        assertThatThrownBy(() -> QueueCommand.requireOwner(spool, "purge", new QueueCommand.User(-1, "someone-else")))
                .isInstanceOf(Main.Failure.class).hasMessageContaining("files written as someone-else");
    }

    @Test
    void retry_asRootOnASpoolOwnedByNobody_isRefused() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give the spool away");
        Path spool = dir.resolve("spool");
        UserPrincipal nobody = spool.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(spool, nobody);

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "queue", "retry", id.value());

        assertThat(r.status()).isEqualTo(77);
        assertThat(r.err()).contains("belongs to nobody", "sudo -u nobody ssmtp-mailer queue retry");
    }

    @Test
    void show_unknownId_failsWithOneLine() {
        Cli.Result r = Cli.run("--config-dir", tree.toString(), "queue", "show", "NOPE-1");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.err()).isEqualTo("ssmtp-mailer: queue: no message NOPE-1 in the spool\n");
    }

    @Test
    void list_noSpool_failsWithOneLine() {
        Cli.Result r = Cli.run("--config-dir", tree.toString(), "queue", "--spool-dir", dir.resolve("none").toString(), "list");

        assertThat(r.status()).isEqualTo(74);
        assertThat(r.err()).startsWith("ssmtp-mailer: ").hasLineCount(1);
        assertThat(r.out()).isEmpty();
    }
}
