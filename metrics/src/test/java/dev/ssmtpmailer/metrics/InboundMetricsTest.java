package dev.ssmtpmailer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.PasswordHash;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.config.UserConfig;
import dev.ssmtpmailer.config.UserFromPolicy;
import dev.ssmtpmailer.inbound.InboundRefusal;
import dev.ssmtpmailer.queue.InboundQueue;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.server.RelayServer;
import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.SmtpScript;
import dev.ssmtpmailer.testing.TestCerts;
import dev.ssmtpmailer.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The inbound meters on the real server, driven by a socket client: each refusal site counts its reason once,
 * sessions and messages are counted, and every series is there at 0 before the first event.
 */
class InboundMetricsTest {
    private static final String ACCOUNT = "mail-relay@domain1.com";
    private static final String ALIAS = "contact-sales@mailer.domain1.com";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InboundMetrics metrics = new InboundMetrics();
    private final List<RelayServer> servers = new ArrayList<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean queueFails = new AtomicBoolean();
    private final CountDownLatch queueReading = new CountDownLatch(1);
    private final InboundQueue queue = (sender, recipients, data) -> {
        queueReading.countDown();
        data.transferTo(OutputStream.nullOutputStream());
        if (queueFails.get()) {
            throw new IOException("disk full (test)");
        }
        return new QueueId("Q" + queued.incrementAndGet());
    };
    private RelayServer server;

    InboundMetricsTest() {
        metrics.bindTo(registry);
    }

    /** However a test's sessions ended (quit, hang-up, a limit, a drop, shutdown), each was closed exactly once. */
    @AfterEach
    void everySessionClosedOnce_thenCloseServers() {
        try {
            Await.until("every session closed exactly once (active sessions back to 0)", () -> activeSessions() == 0);
        } finally {
            servers.forEach(RelayServer::close);
        }
    }

    private double activeSessions() {
        return registry.get(InboundMetrics.ACTIVE_SESSIONS).gauge().value();
    }

    /** Loopback is not trusted unless {@code global} says so: foreign recipients get 554. */
    private static RelayConfig config(UnaryOperator<GlobalSettings.Builder> global) {
        return TestConfigs.guide("sales")
                .global(g -> global.apply(g.defaultHostname("mailer.domain1.com")
                        .trustedNetworks(List.of(Cidr.parse("192.0.2.0/24")))))
                .mapping(TestConfigs.mapping("wild", "*@mailer.domain2.com", "*@domain2.com", ACCOUNT))
                .build();
    }

    private void start(UnaryOperator<ServerLimits.Builder> limits) {
        start(config(g -> g), limits);
    }

    private void start(RelayConfig config, UnaryOperator<ServerLimits.Builder> limits) {
        server = RelayServer.builder(config, queue).listen("127.0.0.1", 0)
                .limits(limits.apply(config.global().serverLimits().toBuilder()).build()).listener(metrics).build().start();
        servers.add(server);
    }

    private SmtpScript connect() throws IOException {
        return SmtpScript.ehlo(server.port());
    }

    private double refusals(InboundRefusal reason) {
        return registry.get(InboundMetrics.REFUSALS).tag("reason", reason.tag()).counter().count();
    }

    /** @return the refusal counts, by tag, of every reason that is not 0 */
    private List<String> nonZero() {
        List<String> out = new ArrayList<>();
        for (InboundRefusal r : InboundRefusal.values()) {
            if (refusals(r) != 0) {
                out.add(r.tag() + "=" + (long) refusals(r));
            }
        }
        return out;
    }

    /**
     * One session on a server of {@code config} and {@code limits}: EHLO, then {@code dialog} (see
     * {@link SmtpScript#converse}); then waits for exactly the refusal counts {@code expected}.
     */
    private void countsOf(RelayConfig config, UnaryOperator<ServerLimits.Builder> limits, String dialog,
            String... expected) throws IOException {
        start(config, limits);
        try (SmtpScript s = connect()) {
            s.converse(dialog);
        }
        awaitRefusals(expected);
    }

    private void awaitRefusals(String... expected) {
        Await.until("refusals " + List.of(expected) + ", have " + nonZero(), () -> nonZero().equals(List.of(expected)));
    }

    @Test
    void bindTo_beforeAnyEvent_everySeriesIsThereAtZero() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new InboundMetrics().bindTo(prometheus);

        String text = prometheus.scrape();
        assertThat(text).contains("ssmtp_mailer_inbound_sessions_total 0.0", "ssmtp_mailer_inbound_active_sessions 0.0",
                "ssmtp_mailer_inbound_messages_total 0.0");
        for (InboundRefusal r : InboundRefusal.values()) {
            assertThat(text).contains("ssmtp_mailer_inbound_refusals_total{reason=\"" + r.tag() + "\"} 0.0");
        }
    }

    @Test
    void sessionsAndMessages_areCounted_andActiveSessionsGoBackToZero() throws IOException {
        start(l -> l);
        try (SmtpScript a = connect(); SmtpScript b = connect()) {
            assertThat(activeSessions()).isEqualTo(2);
            assertThat(a.message("visitor@example.org", ALIAS, "Subject: counted\r\n\r\nhello\r\n")).startsWith("250");
            assertThat(b.send("QUIT")).startsWith("221");
        }
        Await.until("the sessions to end", () -> activeSessions() == 0);
        assertThat(registry.get(InboundMetrics.SESSIONS).counter().count()).isEqualTo(2);
        assertThat(registry.get(InboundMetrics.MESSAGES).counter().count()).isEqualTo(1);
        assertThat(nonZero()).isEmpty();
    }

    /** One connection too many, over the per-client cap (of 1) or over the total (of 1). */
    @ParameterizedTest
    @CsvSource({"4, 421 4.7.0, connections_per_client=1", "1, 421, connections_total=1"})
    void connections_overTheCap_countedOnce(int maxConnections, String banner, String refusal) throws IOException {
        start(l -> l.maxConnections(maxConnections).maxConnectionsPerClient(1));
        try (SmtpScript a = connect(); SmtpScript refused = new SmtpScript(server.port())) {
            assertThat(refused.banner).startsWith(banner);
            assertThat(a.send("NOOP")).startsWith("250");
        }
        awaitRefusals(refusal);
        Await.until("the session to end", () -> activeSessions() == 0);
        assertThat(registry.get(InboundMetrics.SESSIONS).counter().count()).isEqualTo(1);
    }

    @Test
    void errorLimit_reached_countsTheRecipientsAndTheClose() throws IOException {
        countsOf(config(g -> g), l -> l.softErrorLimit(2).hardErrorLimit(2).errorDelay(Duration.ZERO), """
                MAIL FROM:<a@example.org> -> 250
                RCPT TO:<nobody1@mailer.domain1.com> -> 550 5.1.1
                RCPT TO:<nobody2@mailer.domain1.com> -> 550 5.1.1
                -> 421 4.7.0
                """, "error_limit=1", "unknown_recipient=2");
    }

    @Test
    void commandLimit_reached_countedOnce() throws IOException {
        countsOf(config(g -> g), l -> l.maxCommandsPerSession(2), """
                NOOP -> 250
                -> 421 4.7.0 mailer.domain1.com Error: too many commands
                """, "command_limit=1");
    }

    @Test
    void sessionTime_pastTheLimit_countedOnce() throws Exception {
        start(l -> l.maxSessionTime(Duration.ofMillis(1)));
        try (SmtpScript s = new SmtpScript(server.port())) {
            Thread.sleep(50); // past the session time
            s.converse("""
                    EHLO client.example -> 250
                    -> 421 4.4.2
                    """);
        }
        awaitRefusals("session_time=1");
    }

    @Test
    void idleTimeout_clientSilent_countedOnce() throws IOException {
        countsOf(config(g -> g), l -> l.idleTimeout(Duration.ofMillis(200)), "-> 421", "idle_timeout=1");
    }

    @Test
    void writeTimeout_clientNeverReads_countedOnce() throws Exception {
        start(l -> l.writeTimeout(Duration.ofMillis(300)).maxCommandsPerSession(10_000_000));
        try (Socket hog = new Socket()) {
            hog.setReceiveBufferSize(4096);
            hog.connect(new InetSocketAddress("127.0.0.1", server.port()));
            CompletableFuture<Boolean> dropped = CompletableFuture.supplyAsync(() -> {
                byte[] ehlo = "EHLO a-client-that-never-reads.example\r\n".repeat(256).getBytes(StandardCharsets.US_ASCII);
                try {
                    OutputStream out = hog.getOutputStream();
                    for (long n = 0; n < 512L * 1024 * 1024; n += ehlo.length) {
                        out.write(ehlo);
                    }
                    return false;
                } catch (IOException e) {
                    return true;
                }
            });
            assertThat(dropped.get(60, TimeUnit.SECONDS)).as("the server dropped the client").isTrue();
        }
        awaitRefusals("write_timeout=1");
    }

    @Test
    void messagesPerConnection_overTheCap_countedOnce() throws IOException {
        start(l -> l.maxMessagesPerConnection(1));
        try (SmtpScript s = connect()) {
            assertThat(s.message("a@example.org", ALIAS, "Subject: one\r\n\r\nx\r\n")).startsWith("250");
            assertThat(s.send("MAIL FROM:<a@example.org>")).startsWith("421 4.7.0");
        }
        awaitRefusals("messages_per_connection=1");
    }

    @Test
    void recipientLimit_overTheCap_countedOnce() throws IOException {
        countsOf(config(g -> g), l -> l.maxRecipients(1), """
                MAIL FROM:<a@example.org> -> 250
                RCPT TO:<contact-sales@mailer.domain1.com> -> 250
                RCPT TO:<contact-sales@mailer.domain1.com> -> 452 4.5.3
                """, "recipient_limit=1");
    }

    @Test
    void addresses_invalidSenderAndRecipient_countedEach() throws IOException {
        countsOf(config(g -> g), l -> l, """
                MAIL FROM:<"quoted"@example.org> -> 553 5.1.7
                MAIL FROM:<a@example.org> -> 250
                RCPT TO:<@mailer.domain1.com:victim@example.com> -> 553 5.1.3
                """, "invalid_address=2");
    }

    @Test
    void policy_relayUnknownAndSender_countedByRule() throws IOException {
        start(l -> l);
        try (SmtpScript s = connect()) {
            s.converse("""
                    MAIL FROM:<a@example.org> -> 250
                    RCPT TO:<victim@example.com> -> 554 5.7.1
                    RCPT TO:<victim%example.com@mailer.domain2.com> -> 550 5.7.1
                    RCPT TO:<nobody@mailer.domain1.com> -> 550 5.1.1
                    """);
        }
        start(config(g -> g.trustedNetworks(List.of(Cidr.parse("127.0.0.0/8")))), l -> l);
        try (SmtpScript s = connect()) {
            s.send("MAIL FROM:<stranger@example.org>");
            assertThat(s.send("RCPT TO:<someone@example.com>")).startsWith("554 5.7.1");
        }
        awaitRefusals("relay_denied=2", "unknown_recipient=1", "sender_not_allowed=1");
    }

    @Test
    void senderNotAllowed_spoofedFromOfAUser_countedOnce() throws IOException {
        RelayConfig config = RelayConfig.builder(config(g -> g.trustedNetworks(List.of(Cidr.parse("127.0.0.0/8")))
                .userFromPolicy(UserFromPolicy.REFUSE))).user(UserConfig.builder(ACCOUNT).canSendFrom(true).build()).build();
        start(config, l -> l);
        try (SmtpScript s = connect()) {
            assertThat(s.message(ACCOUNT, "someone@example.com", "From: Spoofed CEO <ceo@domain1.com>\r\nSubject: x\r\n\r\nx\r\n"))
                    .startsWith("550 5.7.1");
        }
        awaitRefusals("sender_not_allowed=1");
        assertThat(queued).hasValue(0);
    }

    @Test
    void noAccount_userSenderWithTwoUpstreams_countedOnce() throws IOException {
        RelayConfig config = RelayConfig.builder(config(g -> g.trustedNetworks(List.of(Cidr.parse("127.0.0.0/8")))))
                .domain(TestConfigs.upstream("domain2.com", "relay@domain2.com"))
                .user(UserConfig.builder("*@mailer.domain1.com").templateAddress(true).canSendFrom(true).build()).build();

        countsOf(config, l -> l, """
                MAIL FROM:<reports@mailer.domain1.com> -> 250
                RCPT TO:<customer@example.com> -> 451 4.3.5
                """, "no_account=1");
    }

    /**
     * Starts a server offering AUTH after STARTTLS to one user, whose password never matches.
     *
     * @return the argument of an {@code AUTH PLAIN} with a wrong password
     */
    private String startWithAuth(UnaryOperator<ServerLimits.Builder> limits) {
        String user = "app@mailer.domain1.com";
        RelayConfig config = RelayConfig.builder(config(g -> g))
                .user(UserConfig.builder(user).canSendFrom(true).passwordHash(PasswordHash.unmatchable(4)).build()).build();
        server = RelayServer.builder(config, queue).listen("127.0.0.1", 0).listener(metrics).limits(limits)
                .sslContext(TestCerts.selfSigned("mailer.domain1.com").serverContext()).build().start();
        servers.add(server);
        return Base64.getEncoder().encodeToString(("\0" + user + "\0wrong").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void auth_beforeStartTlsAndWithAWrongPassword_countedEach() throws Exception {
        String credentials = startWithAuth(l -> l);
        try (SmtpScript s = connect()) {
            assertThat(s.send("AUTH PLAIN " + credentials)).startsWith("538 5.7.11");
            assertThat(s.startTls("client.example")).contains("AUTH PLAIN");
            assertThat(s.send("AUTH PLAIN " + credentials)).startsWith("535 5.7.8");
        }
        awaitRefusals("tls_required=1", "auth_failed=1");
    }

    @Test
    void auth_pastTheFailedLoginLimit_countedAsAuthFailureLimit() throws Exception {
        String credentials = startWithAuth(l -> l.authFailureLimit(1));
        try (SmtpScript s = connect()) {
            s.startTls("client.example");
            assertThat(s.send("AUTH PLAIN " + credentials)).startsWith("535 5.7.8");
            assertThat(s.send("AUTH PLAIN " + credentials)).startsWith("450 4.7.1");
            assertThat(s.send("AUTH LOGIN")).startsWith("450 4.7.1");
        }
        awaitRefusals("auth_failed=1", "auth_failure_limit=2");
    }

    @Test
    void messageTooBig_declaredOrSent_countedEach() throws IOException {
        start(config(g -> g.maxMessageSize(1024)), l -> l);
        try (SmtpScript s = connect()) {
            assertThat(s.send("MAIL FROM:<a@example.org> SIZE=99999999999999999999")).startsWith("552 5.3.4");
            assertThat(s.message("a@example.org", ALIAS, "Subject: big\r\n\r\n" + "x".repeat(4096) + "\r\n"))
                    .startsWith("552 5.3.4");
        }
        awaitRefusals("message_too_big=2");
        assertThat(queued).hasValue(0);
    }

    @Test
    void freeSpaceLow_countedAtEachMailFrom(@TempDir Path spool) throws IOException {
        countsOf(config(g -> g.spoolDir(spool).minFreeSpace(Long.MAX_VALUE)), l -> l, """
                MAIL FROM:<a@example.org> -> 452 4.3.1
                MAIL FROM:<a@example.org> -> 452 4.3.1
                """, "free_space_low=2");
    }

    @Test
    void queueError_countedOnce() throws IOException {
        start(l -> l);
        queueFails.set(true);
        try (SmtpScript s = connect()) {
            assertThat(s.message("a@example.org", ALIAS, "Subject: lost\r\n\r\nx\r\n")).startsWith("451 4.3.0");
        }
        awaitRefusals("queue_error=1");
        assertThat(registry.get(InboundMetrics.MESSAGES).counter().count()).isZero();
    }

    @Test
    void shuttingDown_mailFromWhileClosing_countedOnce() throws Exception {
        start(l -> l);
        try (SmtpScript inData = connect(); SmtpScript late = connect()) {
            inData.envelope("a@example.org", ALIAS);
            assertThat(inData.send("DATA")).startsWith("354");
            inData.write("Subject: held\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            inData.out().flush();
            assertThat(queueReading.await(30, TimeUnit.SECONDS)).as("the message reached the queue").isTrue();
            RelayServer closingServer = server;
            servers.remove(closingServer);
            CompletableFuture<Void> close = CompletableFuture.runAsync(closingServer::close); // waits for the message in DATA
            Await.within(Await.DEFAULT, "the server to refuse new mail", () -> {
                String reply = late.send("MAIL FROM:<a@example.org>");
                if (reply.startsWith("250")) {
                    late.send("RSET");
                }
                return reply.startsWith("421 4.3.2");
            });
            inData.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            inData.out().flush();
            assertThat(inData.reply()).startsWith("250");
            close.get(60, TimeUnit.SECONDS);
        }
        awaitRefusals("shutting_down=1");
        assertThat(queued).hasValue(1);
    }
}
