package dev.ssmtpmailer.server;

import static dev.ssmtpmailer.server.TestServers.SALES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.SmtpScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * BDAT (RFC 3030) with a raw socket: a chunk is always read, the declared count of bytes, before any reply, so
 * that its bytes never run as commands (SMTP smuggling); {@code LAST} in any case; RSET between chunks. Most
 * tests pipeline the whole session, QUIT included, and check every reply up to the close.
 */
class BdatCommandTest {
    /** A chunk that, run as commands, would queue a message with the client's trust. */
    private static final String SMUGGLED = "MAIL FROM:<evil@example.org>\r\nRCPT TO:<" + SALES + ">\r\nDATA\r\n"
            + "Subject: smuggled\r\n\r\nx\r\n.\r\n";
    private static final String ENVELOPE = "MAIL FROM:<a@example.org>\r\nRCPT TO:<" + SALES + ">\r\n";

    @RegisterExtension
    final Servers servers = new Servers();
    private RelayServer server;

    private void start(RelayConfig config, UnaryOperator<ServerLimits.Builder> limits) {
        server = servers.start(servers.on(config).limits(limits));
    }

    private static String bdat(String arguments, String chunk) {
        return "BDAT " + arguments + "\r\n" + chunk;
    }

    /**
     * @param input ISO-8859-1 characters, one byte each
     * @return every reply after EHLO's to {@code input}, sent in one write, up to the end of the connection
     */
    private List<String> replies(String input) throws IOException {
        List<String> replies = new ArrayList<>();
        try (SmtpScript s = SmtpScript.ehlo(server.port())) {
            s.write(input.getBytes(StandardCharsets.ISO_8859_1));
            s.out().flush();
            for (String r = s.reply(); r != null; r = s.reply()) {
                replies.add(r);
            }
        }
        return replies;
    }

    @Test
    void bdat_afterARefusedRcpt_pipelined_readsTheChunk_soItsCommandsNeverRun() throws IOException {
        start(TestServers.config(), l -> l);

        List<String> replies = replies("MAIL FROM:<a@example.org>\r\nRCPT TO:<nobody@mailer.domain1.com>\r\n"
                + bdat(SMUGGLED.length() + " LAST", SMUGGLED) + "QUIT\r\n");

        assertThat(replies).hasSize(4).endsWith("503 5.5.1 Error: need RCPT command", "221 Bye");
        assertThat(replies.get(1)).startsWith("550 5.1.1");
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void bdat_withoutMail_readsTheChunk_andAnswers503Once() throws IOException {
        start(TestServers.config(), l -> l);

        List<String> replies = replies(bdat(SMUGGLED.length() + "", SMUGGLED) + bdat(SMUGGLED.length() + " LAST", SMUGGLED)
                + "QUIT\r\n");

        assertThat(replies).containsExactly("503 5.5.1 Error: need MAIL command", "503 5.5.1 Error: need MAIL command",
                "221 Bye");
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void bdat_lowerCaseLast_endsTheMessage() throws IOException {
        start(TestServers.config(), l -> l);
        String chunk = "Subject: lower case\r\n\r\nNOOP\r\n";

        List<String> replies = replies(ENVELOPE + bdat(chunk.length() + " last", chunk) + "QUIT\r\n");

        assertThat(replies).hasSize(4).endsWith("250 2.0.0 Ok: queued as Q1", "221 Bye");
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> assertThat(a.text()).endsWith("\r\n" + chunk));
    }

    @Test
    void bdat_rsetBetweenChunks_dropsTheChunks_andTheSessionGoesOn() throws IOException {
        start(TestServers.config(), l -> l);
        String part1 = "Subject: dropped\r\n\r\n";
        String kept = "Subject: kept\r\n\r\nx\r\n";

        List<String> replies = replies(ENVELOPE + bdat(part1.length() + "", part1) + "RSET\r\n"
                + ENVELOPE + bdat(kept.length() + " LAST", kept) + "QUIT\r\n");

        assertThat(replies).hasSize(8).containsSubsequence("250 2.0.0 Ok: 20 octets received", "250 2.0.0 Ok",
                "250 2.0.0 Ok: queued as Q1", "221 Bye");
        assertThat(servers.queue.accepted).singleElement()
                .satisfies(a -> assertThat(a.text()).contains("Subject: kept").doesNotContain("dropped"));
    }

    @Test
    void bdat_noopThenQuitBetweenChunks_areAnswered_andNothingIsQueued() throws IOException {
        start(TestServers.config(), l -> l);

        try (LogCapture log = new LogCapture()) {
            List<String> replies = replies(ENVELOPE + bdat("9", "Subject: ") + "noop\r\nquit\r\n");

            assertThat(replies).hasSize(5).endsWith("250 2.0.0 Ok: 9 octets received", "250 2.0.0 Ok", "221 2.0.0 Bye");
            settled();
            // the tests log at INFO; with -DargLine=-Dorg.slf4j.simpleLogger.log.dev.ssmtpmailer.server=debug this
            // checks that the closed stream after QUIT is not peeked at and taken for a lost client
            assertThat(log.text()).doesNotContain("connection lost");
        }
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void bdat_dataBetweenChunks_answers503AndEndsTheTransaction() throws IOException {
        start(TestServers.config(), l -> l);

        List<String> replies = replies(ENVELOPE + bdat("9", "Subject: ") + "DATA\r\n" + bdat("0 LAST", "") + "QUIT\r\n");

        assertThat(replies).hasSize(6);
        assertThat(replies.get(3)).startsWith("503 5.5.1 Error: only BDAT, RSET, NOOP or QUIT");
        assertThat(replies.get(4)).isEqualTo("503 5.5.1 Error: need MAIL command");
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void bdat_unknownParameter_readsTheChunk_andAnswers501() throws IOException {
        start(TestServers.config(), l -> l);

        List<String> replies = replies(ENVELOPE + bdat(SMUGGLED.length() + " LAST NOW", SMUGGLED) + "QUIT\r\n");

        assertThat(replies).hasSize(4).endsWith("501 5.5.4 Syntax: BDAT size [LAST]", "221 Bye");
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void bdat_largerThanMaxMessageSize_answers552AndTheSessionGoesOn() throws IOException {
        start(TestServers.config(g -> g.maxMessageSize(10_000)), l -> l);
        String big = "0123456789abcdef\r\n".repeat(700);
        String small = "Subject: small\r\n\r\nx\r\n";

        List<String> replies = replies(ENVELOPE + bdat(big.length() + "", big) + bdat(big.length() + " LAST", big)
                + ENVELOPE + bdat(small.length() + " LAST", small) + "QUIT\r\n");

        assertThat(replies).hasSize(8).containsSubsequence("250 2.0.0 Ok: 12600 octets received",
                "552 5.3.4 Message size exceeds fixed maximum message size", "250 2.0.0 Ok: queued as Q1", "221 Bye");
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> assertThat(a.text()).contains("Subject: small"));
    }

    @Test
    void bdat_sizeThatIsNoNumber_answers501AndCloses_sinceTheChunksEndIsUnknown() throws IOException {
        start(TestServers.config(), l -> l);

        try (SmtpScript s = SmtpScript.ehlo(server.port())) {
            s.envelope("a@example.org", SALES);
            s.write(bdat("12x LAST", SMUGGLED).getBytes(StandardCharsets.US_ASCII));
            s.out().flush();
            assertThat(s.reply()).isEqualTo("501 5.5.4 Syntax: BDAT size [LAST]; closing connection");
            assertThat(s.reply()).isNull();
        }
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void bdat_chunksPastTheCommandLimit_endTheConnection_andNothingIsQueued() throws IOException {
        start(TestServers.config(), l -> l.maxCommandsPerSession(5));

        try (SmtpScript s = SmtpScript.ehlo(server.port())) {
            s.envelope("a@example.org", SALES);
            s.write(bdat("2", "x\n").repeat(2).getBytes(StandardCharsets.US_ASCII));
            s.out().flush();
            assertThat(s.reply()).isEqualTo("250 2.0.0 Ok: 2 octets received");
            assertThat(s.reply()).isEqualTo("250 2.0.0 Ok: 2 octets received");
            assertThat(s.reply()).startsWith("421 4.7.0").contains("too many commands");
            assertThat(s.reply()).isNull();
        }
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void bdat_lastChunkPipelinedPastTheCommandLimit_isNotQueued_sinceTheClientSaw421() throws IOException {
        start(TestServers.config(), l -> l.maxCommandsPerSession(5));

        try (SmtpScript s = SmtpScript.ehlo(server.port())) {
            s.envelope("a@example.org", SALES);
            s.write((bdat("2", "x\n").repeat(2) + bdat("2 LAST", "x\n")).getBytes(StandardCharsets.US_ASCII));
            s.out().flush();
            assertThat(s.reply()).isEqualTo("250 2.0.0 Ok: 2 octets received");
            assertThat(s.reply()).isEqualTo("250 2.0.0 Ok: 2 octets received");
            assertThat(s.reply()).startsWith("421 4.7.0").contains("too many commands");
            assertThat(s.reply()).isNull();
        }
        settled();
        assertThat(servers.queue.accepted).isEmpty(); // a queued copy would be delivered twice: the client retries
    }

    @Test
    void bdat_betweenChunks_sizeThatIsNoNumber_answers501AndCloses_alsoAfterATab_asSubEthaSmtpReadsIt() throws IOException {
        start(TestServers.config(), l -> l);

        for (String line : List.of("BDAT 5x LAST", "BDAT\t" + SMUGGLED.length() + " LAST")) {
            List<String> replies = replies(ENVELOPE + bdat("9", "Subject: ") + line + "\r\n" + SMUGGLED + "QUIT\r\n");

            assertThat(replies).as(line).containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok: 9 octets received",
                    "501 5.5.4 Syntax: BDAT size [LAST]; closing connection");
        }
        settled();
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void bdat_betweenChunks_verbIsItsFirstFourCharacters_asSubEthaSmtpReadsIt_soTheChunkIsData() throws IOException {
        start(TestServers.config(), l -> l);

        List<String> replies = replies(ENVELOPE + bdat("9", "Subject: ") + "bdatx " + SMUGGLED.length() + " LAST\r\n"
                + SMUGGLED + "QUIT\r\n");

        assertThat(replies).hasSize(5).endsWith("250 2.0.0 Ok: 9 octets received", "250 2.0.0 Ok: queued as Q1", "221 Bye");
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> {
            assertThat(a.sender()).hasToString("a@example.org");
            assertThat(a.text()).endsWith("Subject: " + SMUGGLED);
        });
    }

    @Test
    void bdat_zeroOctetChunks_areAnswered_andAddNothing() throws IOException {
        start(TestServers.config(), l -> l);
        String message = "Subject: zero\r\n\r\nx\r\n";

        List<String> replies = replies(ENVELOPE + bdat("0", "") + bdat(message.length() + "", message) + bdat("0 LAST", "")
                + "QUIT\r\n");

        assertThat(replies).containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok: 0 octets received",
                "250 2.0.0 Ok: " + message.length() + " octets received", "250 2.0.0 Ok: queued as Q1", "221 Bye");
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> assertThat(a.text()).endsWith("\r\n" + message));
    }

    @Test
    void bdat_zeroLast_alone_queuesAnEmptyMessage() throws IOException {
        start(TestServers.config(), l -> l);

        List<String> replies = replies(ENVELOPE + bdat("0 LAST", "") + "QUIT\r\n");

        assertThat(replies).containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok: queued as Q1", "221 Bye");
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> assertThat(a.text()).startsWith("Received: "));
    }

    @Test
    void bdat_idleTimeoutInAChunkOrBetweenChunks_421AndNothingQueued() throws IOException {
        start(TestServers.config(), l -> l.idleTimeout(Duration.ofMillis(500)));

        try (SmtpScript s = afterEnvelope(bdat("100 LAST", "Subject: "))) { // and 91 bytes never come
            assertThat(s.reply()).startsWith("421");
            assertThat(s.reply()).isNull();
        }
        try (SmtpScript s = afterEnvelope(bdat("9", "Subject: "))) { // and no next BDAT
            assertThat(s.reply()).isEqualTo("250 2.0.0 Ok: 9 octets received");
            assertThat(s.reply()).startsWith("421");
            assertThat(s.reply()).isNull();
        }
        settled();
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void bdat_clientVanishingInAChunkOrBetweenChunks_queuesNothing_andLogsNoWarning() throws IOException {
        start(TestServers.config(), l -> l);

        try (LogCapture log = new LogCapture()) {
            afterEnvelope(bdat("100 LAST", "Subject: ")).close();
            try (SmtpScript s = afterEnvelope(bdat("9", "Subject: "))) {
                assertThat(s.reply()).isEqualTo("250 2.0.0 Ok: 9 octets received");
            }
            Await.within(Duration.ofSeconds(30), "the sessions to end", () -> server.openConnections() == 0);
            assertThat(log.text()).doesNotContain("ERROR", "WARN", "\tat ");
        }
        assertThat(servers.queue.accepted).isEmpty();
    }

    /** @return a session after EHLO, MAIL and RCPT that was sent {@code input} */
    private SmtpScript afterEnvelope(String input) throws IOException {
        SmtpScript s = SmtpScript.ehlo(server.port());
        s.envelope("a@example.org", SALES);
        s.write(input.getBytes(StandardCharsets.US_ASCII));
        s.out().flush();
        return s;
    }

    @Test
    void bdat_0xFfPipelinedAfterTheLastChunk_501AndCloses_theMessageAndIts0xFfKept() throws IOException {
        start(TestServers.config(), l -> l);
        String message = "Subject: x\r\n\r\n\u00ff is data\r\n";

        try (LogCapture log = new LogCapture()) {
            List<String> replies = replies(ENVELOPE + bdat(message.length() + " LAST", message) + "NOOP \u00ff\r\nQUIT\r\n");

            assertThat(replies).containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok: queued as Q1",
                    "501 5.5.2 Syntax error: invalid character encoding");
            Await.within(Duration.ofSeconds(30), "the session to end", () -> server.openConnections() == 0);
            assertThat(log.text()).doesNotContain("ERROR", "WARN", "\tat ");
        }
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> assertThat(
                new String(a.data(), StandardCharsets.ISO_8859_1)).endsWith("\r\n" + message));
    }

    @Test
    void bdat_unknownParameter_betweenChunks_readsTheChunk_answers501_andEndsTheTransaction() throws IOException {
        start(TestServers.config(), l -> l);

        List<String> replies = replies(ENVELOPE + bdat("9", "Subject: ") + bdat(SMUGGLED.length() + " LAST NOW", SMUGGLED)
                + bdat("3 LAST", "x\r\n") + "QUIT\r\n");

        assertThat(replies).containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok: 9 octets received",
                "501 5.5.4 Syntax: BDAT size [LAST]", "503 5.5.1 Error: need MAIL command", "221 Bye");
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void bdat_unknownParameter_onTheFirstBdat_keepsMailAndRcpt() throws IOException {
        start(TestServers.config(), l -> l);
        String message = "Subject: kept\r\n\r\nx\r\n";

        List<String> replies = replies(ENVELOPE + bdat("5 NOW", "xxxxx") + bdat(message.length() + " LAST", message)
                + "QUIT\r\n");

        assertThat(replies).containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "501 5.5.4 Syntax: BDAT size [LAST]",
                "250 2.0.0 Ok: queued as Q1", "221 Bye");
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> assertThat(a.text()).endsWith("\r\n" + message));
    }

    @Test
    void bdat_commandLineOver512BytesBetweenChunks_answers500AndCloses() throws IOException {
        start(TestServers.config(), l -> l);

        List<String> replies = replies(ENVELOPE + bdat("9", "Subject: ") + "NOOP " + "x".repeat(600) + "\r\n"
                + bdat("3 LAST", "x\r\n") + "QUIT\r\n");

        assertThat(replies).containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok: 9 octets received",
                "500 5.5.2 Error: command line too long; closing connection");
        settled();
        assertThat(servers.queue.accepted).isEmpty();
    }

    /** Closes the server, which waits for a BDAT in progress to end: what it queued is then in the queue. */
    private void settled() {
        server.close();
    }
}
