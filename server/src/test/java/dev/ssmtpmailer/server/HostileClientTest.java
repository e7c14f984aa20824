package dev.ssmtpmailer.server;

import dev.ssmtpmailer.testing.SmtpScript;

import dev.ssmtpmailer.testing.Await;

import static dev.ssmtpmailer.server.TestServers.SALES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.ServerLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The listener under clients that attack it: limits on connections, errors, commands, time, and output. */
class HostileClientTest {
    @RegisterExtension
    final Servers servers = new Servers();
    private RelayServer server;

    private void start(UnaryOperator<ServerLimits.Builder> limits) {
        server = servers.start(servers.on(TestServers.config())
                .limits(limits.apply(ServerLimits.builder()).build()));
    }

    private SmtpScript connect() throws IOException {
        return SmtpScript.ehlo(server.port());
    }

    @Test
    void mail_sizeOfTwentyDigits_answers552AndTheSessionGoesOn() throws Exception {
        start(l -> l);
        try (LogCapture log = new LogCapture(); SmtpScript s = connect()) {
            assertThat(s.send("MAIL FROM:<a@example.org> SIZE=99999999999999999999"))
                    .startsWith("552 5.3.4");
            assertThat(s.send("MAIL FROM:<a@example.org> SIZE=12x")).startsWith("501 5.5.4");
            assertThat(s.send("MAIL FROM:<a@example.org> SIZE=1000 BODY=8BITMIME")).startsWith("250");
            assertThat(s.send("RSET")).startsWith("250");
            assertThat(log.text()).doesNotContain("ERROR", "Exception");
        }
    }

    @Test
    void mail_unofferedParameters_answers555() throws Exception {
        start(l -> l);
        try (SmtpScript s = connect()) {
            assertThat(s.send("MAIL FROM:<a@example.org> SMTPUTF8")).startsWith("555 5.5.4");
            assertThat(s.send("MAIL FROM:<a@example.org> RET=HDRS")).startsWith("555 5.5.4");
            assertThat(s.send("MAIL FROM:<a@example.org>")).startsWith("250");
            assertThat(s.send("RCPT TO:<contact-sales@mailer.domain1.com> NOTIFY=NEVER")).startsWith("555 5.5.4");
        }
    }

    @Test
    void data_clientVanishesMidMessage_logsNoStackTrace() throws Exception {
        start(l -> l);
        try (LogCapture log = new LogCapture()) {
            try (SmtpScript s = connect()) {
                s.envelope("a@example.org", SALES);
                assertThat(s.send("DATA")).startsWith("354");
                s.write("Subject: cut\r\n\r\nhalf a mess".getBytes(StandardCharsets.US_ASCII));
            }
            Await.within(Duration.ofSeconds(30), "the session to end", () -> server.openConnections() == 0);
            assertThat(log.text()).doesNotContain("ERROR", "WARN", "\tat ");
        }
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void command_clientHangsUpInTheMiddleOfAUtf8Character_logsNoStackTrace() throws Exception {
        start(l -> l);
        try (LogCapture log = new LogCapture()) {
            try (SmtpScript s = connect()) {
                s.write(new byte[] {'N', 'O', 'O', 'P', ' ', (byte) 0xc3});
            }
            Await.within(Duration.ofSeconds(30), "the session to end", () -> server.openConnections() == 0);
            assertThat(log.text()).doesNotContain("ERROR", "WARN", "\tat ");
        }
    }

    @Test
    void command_leadByteThen0xFf_501AndNoStackTrace() throws Exception {
        start(l -> l);
        try (LogCapture log = new LogCapture()) {
            try (SmtpScript s = connect()) {
                s.write(new byte[] {'N', 'O', 'O', 'P', ' ', (byte) 0xc3, (byte) 0xff, '\r', '\n'});
                assertThat(s.reply()).startsWith("501");
            }
            try (SmtpScript s = connect()) { // the same pipelined right behind a message's data
                s.envelope("a@example.org", SALES);
                assertThat(s.send("DATA")).startsWith("354");
                s.write("Subject: x\r\n\r\n\u00ff is data\r\n.\r\nNOOP \u00c3\u00ff\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(s.reply()).startsWith("250");
                assertThat(s.reply()).startsWith("501");
            }
            Await.within(Duration.ofSeconds(30), "the sessions to end", () -> server.openConnections() == 0);
            assertThat(log.text()).doesNotContain("ERROR", "WARN", "\tat ");
        }
        assertThat(new String(servers.queue.accepted.get(0).data(), StandardCharsets.ISO_8859_1))
                .as("0xFF in the data is kept").endsWith("\r\n\r\n\u00ff is data\r\n");
    }

    @Test
    void connections_defaultPerClientCap_isHalfTheTotal() throws IOException {
        start(l -> l.maxConnections(4));
        try (SmtpScript a = connect(); SmtpScript b = connect(); SmtpScript c = new SmtpScript(server.port())) {
            assertThat(c.banner).startsWith("421 4.7.0 ").contains("too many connections from 127.0.0.1 (limit 2)");
            assertThat(c.reply()).isNull();
            assertThat(a.send("NOOP")).startsWith("250");
            assertThat(b.send("NOOP")).startsWith("250");
        }
    }

    @Test
    void errors_atTheHardLimit_421AndDisconnectWithOneLogLine() throws IOException {
        start(l -> l.softErrorLimit(3).hardErrorLimit(3).errorDelay(Duration.ZERO));
        try (LogCapture log = new LogCapture(); SmtpScript s = connect()) {
            assertThat(s.send("MAIL FROM:<a@example.org>")).startsWith("250");
            assertThat(s.send("RCPT TO:<nobody1@mailer.domain1.com>")).startsWith("550 5.1.1");
            assertThat(s.send("RCPT TO:<nobody2@mailer.domain1.com>")).startsWith("550 5.1.1");
            assertThat(s.send("RCPT TO:<nobody3@mailer.domain1.com>")).startsWith("550 5.1.1");
            assertThat(s.reply()).isEqualTo("421 4.7.0 mailer.domain1.com Error: too many errors, closing connection");
            assertThat(s.reply()).isNull();
            assertThat(log.text()).containsOnlyOnce("127.0.0.1: closing the connection, too many errors")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void errors_unknownCommandsCount() throws IOException {
        start(l -> l.softErrorLimit(2).hardErrorLimit(2).errorDelay(Duration.ZERO));
        try (SmtpScript s = connect()) {
            assertThat(s.send("XHARVEST a")).startsWith("500");
            assertThat(s.send("XHARVEST b")).startsWith("500");
            assertThat(s.reply()).startsWith("421 4.7.0");
            assertThat(s.reply()).isNull();
        }
    }

    @Test
    void errors_aQueuedMessageStartsTheCountAgain() throws IOException {
        start(l -> l.softErrorLimit(3).hardErrorLimit(3).errorDelay(Duration.ZERO));
        try (SmtpScript s = connect()) {
            s.send("MAIL FROM:<a@example.org>");
            assertThat(s.send("RCPT TO:<nobody1@mailer.domain1.com>")).startsWith("550");
            assertThat(s.send("RCPT TO:<nobody2@mailer.domain1.com>")).startsWith("550");
            assertThat(s.send("RCPT TO:<contact-sales@mailer.domain1.com>")).startsWith("250");
            assertThat(s.data("Subject: ok\r\n\r\nx\r\n")).startsWith("250");
            s.send("MAIL FROM:<a@example.org>");
            assertThat(s.send("RCPT TO:<nobody3@mailer.domain1.com>")).startsWith("550");
            assertThat(s.send("RCPT TO:<nobody4@mailer.domain1.com>")).startsWith("550");
            assertThat(s.send("NOOP")).isEqualTo("250 Ok");
        }
    }

    @Test
    void errors_pastTheSoftLimit_everyReplyIsDelayed() throws IOException {
        // An hour's delay: the reply after the soft limit cannot arrive while the test waits for it.
        start(l -> l.softErrorLimit(2).hardErrorLimit(20).errorDelay(Duration.ofHours(1)));
        try (SmtpScript s = connect()) {
            s.send("MAIL FROM:<a@example.org>");
            assertThat(s.send("RCPT TO:<nobody1@mailer.domain1.com>")).startsWith("550");
            s.soTimeout(1000);
            try {
                String reply = s.send("RCPT TO:<nobody2@mailer.domain1.com>");
                throw new AssertionError("the reply past the soft error limit came at once: " + reply);
            } catch (SocketTimeoutException expected) {
                // delayed
            }
        }
        // and closing the server does not wait for the delay
    }

    @Test
    void commands_atTheLimit_421AndDisconnect() throws IOException {
        start(l -> l.maxCommandsPerSession(3));
        try (SmtpScript s = connect()) {
            assertThat(s.send("NOOP")).isEqualTo("250 Ok");
            assertThat(s.send("NOOP")).isEqualTo("250 Ok");
            assertThat(s.reply()).startsWith("421 4.7.0 ").contains("too many commands");
            assertThat(s.reply()).isNull();
        }
    }

    @Test
    void session_pastItsTime_421AtTheNextCommand() throws Exception {
        start(l -> l.maxSessionTime(Duration.ofMillis(1)));
        try (SmtpScript s = new SmtpScript(server.port())) {
            Thread.sleep(50); // past the session time
            assertThat(s.send("EHLO client.example")).startsWith("250");
            assertThat(s.reply()).startsWith("421 4.4.2 ").contains("session time limit");
            assertThat(s.reply()).isNull();
        }
    }

    @Test
    void session_dataDribbledPastItsTime_dropped() throws Exception {
        start(l -> l.maxSessionTime(Duration.ofMillis(300)).idleTimeout(Duration.ofSeconds(2)));
        try (SmtpScript s = connect()) {
            s.envelope("a@example.org", SALES);
            assertThat(s.send("DATA")).startsWith("354");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try {
                while (System.nanoTime() < deadline) { // one byte well within the idle timeout, for ever
                    s.write("x".getBytes(StandardCharsets.US_ASCII));
                    s.out().flush();
                    Thread.sleep(100);
                }
                throw new AssertionError("a client dribbling DATA was never dropped");
            } catch (IOException dropped) {
                // the server closed the connection
            }
        }
        Await.within(Duration.ofSeconds(30), "the slot to be free", () -> server.openConnections() == 0);
    }

    @Test
    void write_clientPipelinesMegabytesAndNeverReads_droppedAndItsSlotFreed() throws Exception {
        start(l -> l.maxConnectionsPerClient(1).writeTimeout(Duration.ofMillis(500)).maxCommandsPerSession(10_000_000));
        Socket hog = new Socket();
        hog.setReceiveBufferSize(4096);
        hog.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
        CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> {
            byte[] ehlo = "EHLO a-client-that-never-reads.example\r\n".repeat(256).getBytes(StandardCharsets.US_ASCII);
            long n = 0;
            try (OutputStream out = hog.getOutputStream()) {
                while (n < 512L * 1024 * 1024) {
                    out.write(ehlo);
                    n += ehlo.length;
                }
            } catch (IOException dropped) {
                return n;
            }
            return -1L;
        });
        long bytes = written.get(60, java.util.concurrent.TimeUnit.SECONDS);
        hog.close();

        assertThat(bytes).as("the client wrote until the server dropped it, far beyond what one reply needs").isGreaterThan(64 * 1024);
        Await.within(Duration.ofSeconds(30), "the slot to be free", () -> server.openConnections() == 0);
        try (SmtpScript s = new SmtpScript(server.port())) {
            assertThat(s.banner).startsWith("220");
        }
    }

    @Test
    void mail_spoolFileSystemBelowMinFreeSpace_452AndTheSessionGoesOn(@TempDir Path spool) throws IOException {
        server = servers.start(servers.on(TestServers.config(g -> g.spoolDir(spool.resolve("not-yet"))
                .minFreeSpace(Long.MAX_VALUE))));
        try (SmtpScript s = connect()) {
            assertThat(s.send("MAIL FROM:<a@example.org>")).isEqualTo("452 4.3.1 Insufficient system storage");
            assertThat(s.send("NOOP")).startsWith("250");
        }
        RelayServer roomy = servers.start(servers.on(TestServers.config(g -> g.spoolDir(spool)
                .minFreeSpace(1))));
        try (SmtpScript s = new SmtpScript(roomy.port())) {
            s.send("EHLO client.example");
            assertThat(s.send("MAIL FROM:<a@example.org>")).startsWith("250");
        }
    }

    @Test
    void replies_areAscii() throws IOException {
        start(l -> l);
        try (SmtpScript s = connect()) {
            s.send("MAIL FROM:<a@example.org>");
            for (String bad : new String[] {"RCPT XO:<jörg@mailer.domain1.com>", "RCPT TO:<jörg@mailer.domain1.com>",
                    "RCPT TO:<\"jörg\"@mailer.domain1.com>", "VRFY jörg", "HELP jörg", "EHLO jörg", "XJÖRG"}) {
                s.send(bad);
                for (byte b : s.lastLineBytes()) {
                    assertThat(b & 0xff).as("a byte of the reply to %s", bad).isLessThan(0x80);
                }
            }
        }
    }

    @Test
    void replies_endEveryLineWithCrlf_theHelpOfACommandToo() throws IOException {
        start(l -> l);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("HELP HELO\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] replies = socket.getInputStream().readAllBytes();
            String text = new String(replies, StandardCharsets.US_ASCII);

            assertThat(text).contains("214 End of HELO info\r\n");
            for (int i = 0; i < replies.length; i++) {
                if (replies[i] == '\n') {
                    assertThat(i > 0 && replies[i - 1] == '\r').as("the LF at %d of %s", i, text).isTrue();
                }
            }
        }
    }

    @Test
    void ehlo_doesNotOfferSmtpUtf8() throws IOException {
        start(l -> l);
        try (SmtpScript s = new SmtpScript(server.port())) {
            assertThat(s.send("EHLO client.example")).doesNotContain("SMTPUTF8").contains("8BITMIME");
        }
    }
}
