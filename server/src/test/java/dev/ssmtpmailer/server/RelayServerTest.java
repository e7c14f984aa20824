package dev.ssmtpmailer.server;

import dev.ssmtpmailer.testing.SmtpScript;

import static dev.ssmtpmailer.server.TestServers.SALES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.inbound.InboundListener;
import dev.ssmtpmailer.inbound.InboundRefusal;
import dev.ssmtpmailer.internal.SelfSignedCertificate;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.policy.PolicyRule;
import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.TestCerts;
import dev.ssmtpmailer.testing.TestConfigs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The listener with a raw-socket client: banner, EHLO, every RCPT rule and trick, DATA, limits, TLS. */
class RelayServerTest {
    private static final Instant NOW = Instant.parse("2026-11-27T21:40:00Z");

    @TempDir
    Path dir;

    @RegisterExtension
    final Servers servers = new Servers();
    private RelayServer server;

    private RelayServer start(RelayConfig config) {
        return start(config, b -> b);
    }

    private RelayServer start(RelayConfig config, UnaryOperator<RelayServer.Builder> change) {
        server = servers.start(change.apply(servers.on(config)
                .clock(InstantSource.fixed(NOW))));
        return server;
    }

    /** @return the server's {@code ssl_dir}, created empty */
    private Path sslDir() throws IOException {
        return Files.createDirectories(dir.resolve("ssl"));
    }

    /** Starts the server with {@code ssl} as its {@code ssl_dir} and connects, before any EHLO. */
    private SmtpScript startInSslDir(Path ssl) throws IOException {
        start(TestServers.config(g -> g.sslDir(ssl)));
        return new SmtpScript(server.port());
    }

    private SmtpScript connect() throws IOException {
        return SmtpScript.ehlo(server.port());
    }

    private String rcpt(String mailFrom, String rcptTo) throws IOException {
        try (SmtpScript s = connect()) {
            assertThat(s.send("MAIL FROM:<" + mailFrom + ">")).startsWith("250");
            return s.send("RCPT TO:<" + rcptTo + ">");
        }
    }

    @Test
    void banner_and_ehlo_nameDefaultHostnameAndOfferSizeWithoutStartTls() throws IOException {
        start(TestServers.config(g -> g.maxMessageSize(123_456)));

        try (SmtpScript s = new SmtpScript(server.port())) {
            assertThat(s.banner).startsWith("220 mailer.domain1.com ESMTP");
            String ehlo = s.send("EHLO client.example");
            assertThat(ehlo).startsWith("250-mailer.domain1.com").contains("250-SIZE 123456", "250-PIPELINING",
                    "250-ENHANCEDSTATUSCODES").doesNotContain("STARTTLS").doesNotContain("AUTH");
        }
        assertThat(server.offersStartTls()).isFalse();
    }

    @Test
    void start_listensWhereTheLocalDomainSays() throws IOException {
        int port = Peers.freePort();
        RelayConfig config = RelayConfig.builder(TestServers.config())
                .domain(DomainConfig.builder("relay.local").smtpServer("localhost").smtpPort(25)
                        .authMethod(dev.ssmtpmailer.config.AuthMethod.NONE).tls(dev.ssmtpmailer.config.TlsMode.NONE)
                        .inbound(true).listenAddress("127.0.0.1").listenPort(port).build())
                .build();

        server = servers.start(RelayServer.builder(config, servers.queue));

        assertThat(server.port()).isEqualTo(port);
        assertThat(server.address().getHostAddress()).isEqualTo("127.0.0.1");
        try (SmtpScript s = new SmtpScript(port)) {
            assertThat(s.banner).startsWith("220 ");
        }
    }

    @Test
    void build_withoutLocalDomain_namesTheMissingSection() {
        RelayConfig config = RelayConfig.builder()
                .domain(TestConfigs.upstream("domain1.com", TestServers.ACCOUNT))
                .mapping(TestConfigs.mapping("sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com",
                        TestServers.ACCOUNT))
                .build();

        assertThatThrownBy(() -> RelayServer.builder(config, servers.queue).build())
                .isInstanceOf(ServerException.class).hasMessageContaining("no enabled local [domain:...]");
    }

    @Test
    void start_portInUse_throwsNamingTheAddress() throws IOException {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> RelayServer.builder(TestServers.config(), servers.queue)
                    .listen("127.0.0.1", busy.getLocalPort()).build().start())
                    .isInstanceOf(ServerException.class).hasMessageContaining("127.0.0.1:" + busy.getLocalPort());
        }
    }

    /** RCPT TO from a client outside trusted_networks, after {@code MAIL FROM:<someone@example.org>}: the whole reply. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # a mapped alias in any case, the wildcard alias, the alias domain written with the root dot
            Contact-Sales@MAILER.domain1.com        | 250 2.1.5 Ok
            Jane.Doe@mailer.domain2.com             | 250 2.1.5 Ok
            contact-sales@mailer.domain1.com.       | 250 2.1.5 Ok
            # unknown on the alias domain, the percent hack on the exact alias domain included
            nobody@mailer.domain1.com               | 550 5.1.1 <nobody@mailer.domain1.com>: Recipient address rejected: User unknown
            victim%example.com@mailer.domain1.com   | 550 5.1.1 <victim%example.com@mailer.domain1.com>: Recipient address rejected: User unknown
            # another domain from an untrusted client
            someone@example.com                     | 554 5.7.1 <someone@example.com>: Relay access denied
            contact-sales@domain1.com               | 554 5.7.1 <contact-sales@domain1.com>: Relay access denied
            user@mailer.domain1.com.evil.example    | 554 5.7.1 <user@mailer.domain1.com.evil.example>: Relay access denied
            # routing characters through the wildcard
            victim%example.com@mailer.domain2.com   | 550 5.7.1 <victim%example.com@mailer.domain2.com>: Recipient address rejected: '%' and '!' routing is not supported
            example.com!victim@mailer.domain2.com   | 550 5.7.1 <example.com!victim@mailer.domain2.com>: Recipient address rejected: '%' and '!' routing is not supported
            # the empty address
            ""                                      | 501 5.1.3 Bad recipient address syntax: empty address
            """)
    void rcpt_untrustedClient_answeredByTheRuleOfTheAddress(String rcpt, String reply) throws IOException {
        start(TestServers.config());

        assertThat(rcpt("someone@example.org", rcpt)).isEqualTo(reply);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "@relay.example:victim@example.com|source routes are not accepted",
            "@a,@b:contact-sales@mailer.domain1.com|source routes are not accepted",
            "\"victim@example.com\"@mailer.domain1.com|quoted local parts are not accepted",
            "contact-sales@[127.0.0.1]|IP-literal domains are not accepted",
            "victim@example.com@mailer.domain1.com|more than one '@'",
            "contact-sales|no '@' and domain",
            "contact sales@mailer.domain1.com|whitespace is not allowed in an address"})
    void rcpt_trickAddress_refusedWith553_5_1_3NamingTheReason(String rcpt, String reason) throws IOException {
        start(TestServers.trustingLoopback());

        assertThat(rcpt("contact-general@mailer.domain1.com", rcpt))
                .startsWith("553 5.1.3 <").endsWith(">: Recipient address rejected: " + reason);
        assertThat(servers.queue.accepted).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "@relay.example:someone@example.org|source routes are not accepted",
            "\"a b\"@example.org|quoted local parts are not accepted",
            "someone@[192.0.2.1]|IP-literal domains are not accepted"})
    void mail_trickSender_refusedWith553_5_1_7(String from, String reason) throws IOException {
        start(TestServers.config());

        try (SmtpScript s = connect()) {
            assertThat(s.send("MAIL FROM:<" + from + ">"))
                    .startsWith("553 5.1.7 <").endsWith(">: Sender address rejected: " + reason);
            assertThat(s.send("RCPT TO:<contact-sales@mailer.domain1.com>")).startsWith("503");
        }
    }

    @Test
    void rcpt_trustedClientAllowedSender_submitsOutbound() throws IOException {
        start(TestServers.trustingLoopback());

        try (SmtpScript s = connect()) {
            assertThat(s.message("contact-general@mailer.domain1.com", "someone@example.com", "Subject: out\r\n\r\nhello\r\n"))
                    .startsWith("250 2.0.0 Ok: queued as Q1");
        }
        InboundDecision d = servers.queue.accepted.get(0).recipients().get(0);
        assertThat(d.rule()).isEqualTo(PolicyRule.TRUSTED_SUBMISSION);
        assertThat(d.submission()).isPresent();
    }

    @Test
    void rcpt_trustedClientUnknownSender_refusedWith554() throws IOException {
        start(TestServers.trustingLoopback());

        assertThat(rcpt("stranger@example.org", "someone@example.com"))
                .isEqualTo("554 5.7.1 <someone@example.com>: Sender address rejected: not allowed to relay");
    }

    @Test
    void rcpt_trustedClientNullSender_refusedWith554() throws IOException {
        start(TestServers.trustingLoopback());

        assertThat(rcpt("", "someone@example.com")).startsWith("554 5.7.1 <someone@example.com>");
    }

    @Test
    void data_nullSenderToAlias_queuedWithoutSender() throws IOException {
        start(TestServers.config());

        try (SmtpScript s = connect()) {
            assertThat(s.message("", SALES, "Subject: bounce\r\n\r\nx\r\n")).startsWith("250");
        }
        assertThat(servers.queue.accepted.get(0).sender()).isNull();
    }

    @Test
    void data_singleRecipient_prependsOneReceivedHeaderAndKeepsTheBytes() throws IOException {
        start(TestServers.config());
        String message = "From: a@example.org\r\nSubject: hi\r\nDKIM-Signature: v=1; a=rsa-sha256;\r\n\tb=abc\r\n\r\n"
                + "line one\r\n..leading dot\r\n...\r\ntrailing spaces   \r\n.\nbare LF after a dot\r\n.\rbare CR\r\n";

        try (SmtpScript s = connect()) {
            assertThat(s.message("a@example.org", SALES, message)).startsWith("250 2.0.0 Ok: queued as Q1");
        }

        FakeQueue.Accepted got = servers.queue.accepted.get(0);
        String text = got.text();
        int headerEnd = text.indexOf("\r\n", text.indexOf("; Fri, 27 Nov 2026")) + 2;
        assertThat(text.substring(0, headerEnd)).matches("Received: from client\\.example \\(\\[127\\.0\\.0\\.1\\]\\)\r\n"
                + " {8}by mailer\\.domain1\\.com \\(ssmtp-mailer\\) with ESMTP id [A-Z0-9]+\\.1\r\n"
                + " {8}for <contact-sales@mailer\\.domain1\\.com>; Fri, 27 Nov 2026 21:40:00 \\+0000\r\n");
        // dot-unstuffed exactly once, everything else byte for byte
        assertThat(text.substring(headerEnd)).isEqualTo(message.replace("..leading", ".leading").replace("\r\n...\r\n", "\r\n..\r\n"));
        assertThat(text.split("Received:", -1)).hasSize(2);
        assertThat(got.sender().address()).isEqualTo("a@example.org");
        assertThat(got.recipients()).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo(PolicyRule.RECIPIENT_MAPPING);
            assertThat(d.deliverTo().orElseThrow().address()).isEqualTo("contact-sales@domain1.com");
        });
    }

    @Test
    void data_severalRecipients_noForClauseAndDuplicatesOnce() throws IOException {
        start(TestServers.config());

        try (SmtpScript s = connect()) {
            s.envelope("a@example.org", SALES, "CONTACT-SALES@mailer.domain1.com",
                    "contact-general@mailer.domain1.com");
            assertThat(s.send("RCPT TO:<nobody@mailer.domain1.com>")).startsWith("550");
            assertThat(s.data("Subject: two\r\n\r\nx\r\n")).startsWith("250");
        }

        FakeQueue.Accepted got = servers.queue.accepted.get(0);
        assertThat(got.text()).doesNotContain("for <");
        assertThat(got.recipients()).extracting(d -> d.deliverTo().orElseThrow().address())
                .containsExactly("contact-sales@domain1.com", "contact-general@domain1.com");
    }

    @Test
    void bdat_chunkedMessage_queuedBehindOneReceivedHeader() throws IOException {
        start(TestServers.config());
        String part1 = "Subject: chunks\r\n\r\n";
        String part2 = "first line\r\n.not stuffed in BDAT\r\n";

        try (SmtpScript s = connect()) {
            s.envelope("a@example.org", SALES);
            s.write(("BDAT " + part1.length() + "\r\n" + part1).getBytes(StandardCharsets.US_ASCII));
            assertThat(s.reply()).startsWith("250");
            s.write(("BDAT " + part2.length() + " LAST\r\n" + part2).getBytes(StandardCharsets.US_ASCII));
            s.out().flush();
            assertThat(s.reply()).startsWith("250 2.0.0 Ok: queued as Q1");
        }
        String text = servers.queue.accepted.get(0).text();
        assertThat(text).startsWith("Received: from client.example").endsWith("\r\n" + part1 + part2);
    }

    @Test
    void pipelining_mailRcptDataInOneWrite_answeredInOrder() throws IOException {
        start(TestServers.config());

        try (SmtpScript s = connect()) {
            s.write(("MAIL FROM:<a@example.org>\r\nRCPT TO:<nobody@mailer.domain1.com>\r\n"
                    + "RCPT TO:<contact-sales@mailer.domain1.com>\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
            s.out().flush();
            assertThat(s.reply()).startsWith("250");
            assertThat(s.reply()).startsWith("550 5.1.1");
            assertThat(s.reply()).startsWith("250");
            assertThat(s.reply()).startsWith("354");
            s.write("Subject: piped\r\n\r\nx\r\n.\r\nMAIL FROM:<b@example.org>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            s.out().flush();
            assertThat(s.reply()).startsWith("250 2.0.0 Ok: queued as Q1");
            assertThat(s.reply()).startsWith("250");
            assertThat(s.reply()).startsWith("554 5.7.1");
            assertThat(s.reply()).as("DATA without an accepted recipient").startsWith("503");
        }
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> assertThat(a.text()).endsWith("Subject: piped\r\n\r\nx\r\n"));
    }

    @Test
    void data_queueFails_answers451AndTheSessionGoesOn() throws IOException {
        start(TestServers.config());
        servers.queue.fail = true;

        try (SmtpScript s = connect()) {
            assertThat(s.message("a@example.org", SALES, "Subject: x\r\n\r\nbody\r\n"))
                    .isEqualTo("451 4.3.0 Error: queue file write error");

            servers.queue.fail = false;
            assertThat(s.message("a@example.org", SALES, "Subject: y\r\n\r\nbody\r\n")).startsWith("250 2.0.0 Ok: queued as ");
        }
        assertThat(servers.queue.accepted).hasSize(1);
    }

    @Test
    void data_largerThanMaxMessageSize_answers552AndTheSessionGoesOn() throws IOException {
        start(TestServers.config(g -> g.maxMessageSize(10_000)));

        try (SmtpScript s = connect()) {
            assertThat(s.message("a@example.org", SALES, "Subject: big\r\n\r\n" + "0123456789abcdef\r\n".repeat(2000)))
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");

            assertThat(s.message("a@example.org", SALES, "Subject: small\r\n\r\nx\r\n")).startsWith("250");
        }
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> assertThat(a.text()).contains("Subject: small"));
    }

    @Test
    void mail_declaredSizeAboveLimit_answers552() throws IOException {
        start(TestServers.config(g -> g.maxMessageSize(10_000)));

        try (SmtpScript s = connect()) {
            assertThat(s.send("MAIL FROM:<a@example.org> SIZE=20000")).startsWith("552 5.3.4");
        }
    }

    @Test
    void data_severalMegabytes_streamedAndCounted() throws IOException {
        start(TestServers.config(g -> g.maxMessageSize(50L << 20)));
        servers.queue.countOnly = true;
        byte[] line = ("x".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int lines = 8 * 1024;

        try (SmtpScript s = connect()) {
            s.envelope("a@example.org", SALES);
            assertThat(s.send("DATA")).startsWith("354");
            OutputStream out = s.out();
            out.write("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < lines; i++) {
                out.write(line);
            }
            s.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(s.reply()).startsWith("250");
        }
        long received = servers.queue.accepted.get(0).size();
        assertThat(received).isGreaterThan((long) lines * line.length + 16);
    }

    @Test
    void connections_perClientCap_refusesTheExtraConnectionWith421() throws IOException {
        start(TestServers.config(), b -> b.limits(l -> l.maxConnectionsPerClient(1)));

        try (SmtpScript first = connect(); SmtpScript second = new SmtpScript(server.port())) {
            assertThat(second.banner).startsWith("421 4.7.0 ")
                    .contains("too many connections from 127.0.0.1 (limit 1)");
            assertThat(first.send("NOOP")).startsWith("250");
        }
    }

    @Test
    void messages_defaultConfig_acceptsMoreThanTheOldCapOfOneThousandInOneSession() throws IOException {
        start(TestServers.config());

        try (SmtpScript s = connect()) {
            for (int i = 1; i <= 1500; i++) {
                assertThat(s.send("MAIL FROM:<a@example.org>")).as("MAIL of message %d", i).startsWith("250");
                assertThat(s.send("RCPT TO:<contact-sales@mailer.domain1.com>")).startsWith("250");
                assertThat(s.send("DATA")).startsWith("354");
                // content and end of data in one write: two small writes would wait for a delayed ACK each time
                s.write(("Subject: " + i + "\r\n\r\nx\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(s.reply()).as("message %d", i).startsWith("250");
            }
            assertThat(s.send("QUIT")).startsWith("221");
        }
        assertThat(servers.queue.accepted).hasSize(1500);
    }

    @Test
    void messages_perConnectionCapFromTheGlobalSetting_closesWith421() throws IOException {
        start(TestServers.config(g -> g.serverLimits(ServerLimits.builder().maxMessagesPerConnection(2).build())));

        try (SmtpScript s = connect()) {
            for (int i = 1; i <= 2; i++) {
                assertThat(s.message("a@example.org", SALES, "Subject: " + i + "\r\n\r\nx\r\n")).startsWith("250");
            }
            assertThat(s.send("MAIL FROM:<a@example.org>")).startsWith("421 4.7.0 Too many messages");
            assertThat(s.reply()).isNull();
        }
    }

    @Test
    void commands_aClientThatDeliversIsNeverCutOffByTheCommandLimit() throws IOException {
        start(TestServers.config(g -> g.serverLimits(ServerLimits.builder().maxCommandsPerSession(8).build())));

        try (SmtpScript s = connect()) {
            for (int i = 1; i <= 5; i++) {  // 15 commands and more, never 8 without an accepted message
                assertThat(s.message("a@example.org", SALES, "Subject: " + i + "\r\n\r\nx\r\n")).as("message %d", i)
                        .startsWith("250");
            }
            assertThat(s.send("QUIT")).startsWith("221");
        }
        assertThat(servers.queue.accepted).hasSize(5);
    }

    @Test
    void messages_perConnectionCap_closesWith421() throws IOException {
        start(TestServers.config(), b -> b.limits(l -> l.maxMessagesPerConnection(1)));

        try (SmtpScript s = connect()) {
            assertThat(s.message("a@example.org", SALES, "Subject: 1\r\n\r\nx\r\n")).startsWith("250");
            assertThat(s.send("MAIL FROM:<a@example.org>")).startsWith("421 4.7.0 Too many messages");
            assertThat(s.reply()).isNull();
        }
    }

    @Test
    void idleTimeout_closesTheSilentConnectionWith421() throws IOException {
        start(TestServers.config(), b -> b.limits(l -> l.idleTimeout(Duration.ofMillis(200))));

        try (SmtpScript s = connect()) {
            assertThat(s.reply()).startsWith("421");
        }
    }

    /** A client that stops in the middle of a large message's data (read in the connection's own buffer). */
    @Test
    void idleTimeout_inTheMiddleOfALargeMessagesData_421AndNothingQueued() throws Exception {
        List<InboundRefusal> refusals = new CopyOnWriteArrayList<>();
        start(TestServers.config(), b -> b.limits(l -> l.idleTimeout(Duration.ofSeconds(1))).listener(new InboundListener() {
            @Override
            public void refused(InetAddress client, InboundRefusal reason) {
                refusals.add(reason);
            }
        }));

        try (SmtpScript s = connect()) {
            s.envelope("a@example.org", SALES);
            assertThat(s.send("DATA")).startsWith("354");
            s.write(largeMessage().getBytes(StandardCharsets.US_ASCII)); // and no terminator
            s.out().flush();
            assertThat(s.reply()).startsWith("421");
            assertThat(s.reply()).isNull();
        }
        Await.within(Duration.ofSeconds(30), "the session to end", () -> server.openConnections() == 0);
        assertThat(refusals).containsExactly(InboundRefusal.IDLE_TIMEOUT);
        assertThat(servers.queue.accepted).isEmpty();
    }

    /** About 108 KB: the connection's buffer grows to 64 KiB while it is read. */
    private static String largeMessage() {
        return "Subject: large\r\n\r\n" + "0123456789abcdef\r\n".repeat(6000);
    }

    @Test
    void close_thenMail_isRefusedOrDisconnected() throws IOException {
        start(TestServers.config());
        SmtpScript s = connect();
        server.close();

        String reply;
        try {
            reply = s.send("MAIL FROM:<a@example.org>");
        } catch (IOException closed) {
            reply = null;
        } finally {
            s.close();
        }
        assertThat(reply == null || !reply.startsWith("250")).isTrue();
    }

    /** The server's key and certificate as PEM files or as a PKCS#12 key store, beside an upstream CA. */
    @ParameterizedTest
    @ValueSource(strings = {"PEM", "PKCS12"})
    void startTls_keyAndCertificateInSslDir_offeredAndReceivedSaysEsmtps(String format) throws Exception {
        TestCerts certs = TestCerts.selfSigned("mailer.domain1.com");
        Path ssl = format.equals("PEM") ? certs.writeServerPem(sslDir()) : certs.writeServerPkcs12(sslDir());
        certs.writePem(ssl.resolve("upstream-ca.pem"));

        try (SmtpScript s = startInSslDir(ssl)) {
            assertThat(s.send("EHLO client.example")).contains("250-STARTTLS");
            assertThat(s.startTls("client.example")).startsWith("250-mailer.domain1.com").doesNotContain("STARTTLS");
            assertThat(s.message("a@example.org", SALES, "Subject: tls\r\n\r\nx\r\n")).startsWith("250");
        }
        assertThat(server.offersStartTls()).isTrue();
        assertThat(servers.queue.accepted.get(0).text()).contains("with ESMTPS id");
    }

    /**
     * Commands a client writes behind its STARTTLS, before the handshake, are dropped (no command injection into
     * the TLS session), also right after a large message that the connection's own buffer read.
     */
    @Test
    void startTls_inOneWriteWithALargeMessagesEndAndAMailFrom_theMailFromIsNeverRun() throws Exception {
        Path ssl = TestCerts.selfSigned("mailer.domain1.com").writeServerPem(sslDir());

        try (SmtpScript s = startInSslDir(ssl)) {
            assertThat(s.send("EHLO client.example")).contains("250-STARTTLS");
            s.envelope("a@example.org", SALES);
            assertThat(s.send("DATA")).startsWith("354");
            s.write((largeMessage() + ".\r\nSTARTTLS\r\nMAIL FROM:<x@example.org>\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.out().flush();
            assertThat(s.reply()).startsWith("250");
            assertThat(s.reply()).startsWith("220");
            assertThat(s.tlsHandshake("client.example")).as("the first reply over TLS answers the EHLO")
                    .startsWith("250-mailer.domain1.com");
            assertThat(s.message("b@example.org", SALES, "Subject: tls\r\n\r\nx\r\n")).startsWith("250");
        }
        assertThat(servers.queue.accepted).extracting(a -> a.sender().address())
                .containsExactly("a@example.org", "b@example.org");
        assertThat(servers.queue.accepted.get(0).text()).endsWith("0123456789abcdef\r\n");
    }

    @Test
    void startTls_sslDirWithOnlyUpstreamCas_notOffered() throws Exception {
        Path ssl = sslDir();
        TestCerts.selfSigned("ca").writePem(ssl.resolve("ca.pem"));

        try (SmtpScript s = startInSslDir(ssl)) {
            assertThat(s.send("EHLO client.example")).doesNotContain("STARTTLS");
            assertThat(s.send("STARTTLS")).startsWith("454");
        }
    }

    /** certbot renews, systemctl reload: the next STARTTLS presents the new certificate; a broken one keeps the old. */
    @Test
    void reloadCertificate_renewedInSslDir_theNextStartTlsPresentsIt_aBrokenOneKeepsTheOld() throws Exception {
        Path ssl = TestCerts.selfSigned("old.domain1.com").writeServerPem(sslDir());
        start(TestServers.config(g -> g.sslDir(ssl)));
        assertThat(server.reloadCertificate(ssl)).isFalse(); // the files did not change
        assertThat(presented(server.port())).isEqualTo("CN=old.domain1.com");

        TestCerts.selfSigned("new.domain1.com").writeServerPem(ssl);
        assertThat(server.reloadCertificate(ssl)).isTrue();
        assertThat(presented(server.port())).isEqualTo("CN=new.domain1.com");

        Files.writeString(ssl.resolve("server.key"), "not a key");
        assertThat(server.reloadCertificate(ssl)).isFalse();
        assertThat(presented(server.port())).isEqualTo("CN=new.domain1.com");
    }

    /** A deploy hook caught between two copies: the renewed certificate beside the old key keeps the old pair. */
    @Test
    void reloadCertificate_newCertificateWithTheOldKey_keepsTheOldPair() throws Exception {
        assertReloadKeepsTheOldPair(ssl -> TestCerts.selfSigned("new.domain1.com").writePem(ssl.resolve("server.crt")));
    }

    @Test
    void reloadCertificate_expiredCertificate_keepsTheOldPair() throws Exception {
        SelfSignedCertificate expired = SelfSignedCertificate.issue("expired.domain1.com", Duration.ofHours(-1),
                "127.0.0.1");
        assertReloadKeepsTheOldPair(ssl -> new TestCerts(expired.keyPair(), expired.certificate()).writeServerPem(ssl));
    }

    @Test
    void reloadCertificate_filesRemoved_keepsTheOldPair() throws Exception {
        assertReloadKeepsTheOldPair(ssl -> {
            Files.delete(ssl.resolve("server.crt"));
            return Files.deleteIfExists(ssl.resolve("server.key"));
        });
    }

    /** Starts with a certificate, changes {@code ssl_dir}, reloads: the server still presents the first one. */
    private void assertReloadKeepsTheOldPair(SslDirChange change) throws Exception {
        Path ssl = TestCerts.selfSigned("old.domain1.com").writeServerPem(sslDir());
        start(TestServers.config(g -> g.sslDir(ssl)));
        change.apply(ssl);
        assertThat(server.reloadCertificate(ssl)).isFalse();
        assertThat(presented(server.port())).isEqualTo("CN=old.domain1.com");
    }

    /** A change of the files in {@code ssl_dir}. */
    private interface SslDirChange {
        Object apply(Path ssl) throws IOException;
    }

    /** @return the subject of the certificate the server presents after STARTTLS */
    private static String presented(int port) throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(plain.getOutputStream(), StandardCharsets.US_ASCII);
            in.readLine(); // the banner
            out.write("EHLO client.example\r\n");
            out.flush();
            for (String line = in.readLine(); line != null && !line.startsWith("250 "); line = in.readLine()) {
                // the EHLO lines
            }
            out.write("STARTTLS\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("220");
            SSLSocket tls = (SSLSocket) TestCerts.trustingAnyServer().getSocketFactory().createSocket(plain, "127.0.0.1",
                    port, true);
            tls.startHandshake();
            return ((X509Certificate) tls.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    @Test
    void build_certificateWithoutKey_namesTheMissingFile() throws Exception {
        Path ssl = sslDir();
        TestCerts.selfSigned("x").writePem(ssl.resolve("server.crt"));

        assertThatThrownBy(() -> RelayServer.builder(TestServers.config(g -> g.sslDir(ssl)), servers.queue).build())
                .isInstanceOf(ServerException.class).hasMessageContaining("server.crt but not server.key");
    }

    @Test
    void reconfigure_newMapping_acceptedAtTheNextRcpt() throws IOException {
        start(TestServers.config());
        assertThat(rcpt("a@example.org", "contact-legal@mailer.domain1.com")).startsWith("550");

        server.reconfigure(RelayConfig.builder(TestServers.config())
                .mapping(TestConfigs.mapping("legal", "contact-legal@mailer.domain1.com", "contact-legal@domain1.com",
                        TestServers.ACCOUNT)).build());

        assertThat(rcpt("a@example.org", "contact-legal@mailer.domain1.com")).startsWith("250");
    }

    @Test
    void jakartaMailClient_sendsThroughTheServer() throws Exception {
        start(TestServers.config());
        java.util.Properties p = new java.util.Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(server.port()));
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(p);
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(session);
        m.setFrom("someone@example.org");
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, "contact-sales@mailer.domain1.com");
        m.setSubject("via jakarta");
        m.setText("hello");

        jakarta.mail.Transport.send(m);

        assertThat(servers.queue.accepted).singleElement().satisfies(a -> assertThat(a.text()).contains("Subject: via jakarta"));
    }
}
