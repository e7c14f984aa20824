package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.testing.FakeClock;

import static dev.ssmtpmailer.testing.RecipientOutcomes.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.testing.FakeSmtpServer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RotatingTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PooledSmtpRelayClientTest {
    private static final EmailAddress FROM = EmailAddress.parse("contact-general@domain1.com");
    private static final EmailAddress A = EmailAddress.parse("a@example.com");
    private static final EmailAddress B = EmailAddress.parse("b@example.com");
    private static final byte[] MESSAGE = "Subject: hi\n\nline one\n.dot line\nlast\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final FakeSmtpServer server = FakeSmtpServer.started();
    private final FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));
    private PooledSmtpRelayClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    private PooledSmtpRelayClient client(GlobalSettings global, PoolSettings settings) {
        client = new PooledSmtpRelayClient(global, null, clock, settings);
        return client;
    }

    private PooledSmtpRelayClient client() {
        return client(GlobalSettings.builder().readTimeout(Duration.ofSeconds(10)).build(), PoolSettings.DEFAULTS);
    }

    private DomainConfig account() {
        return account(server.port());
    }

    private static DomainConfig account(int port) {
        return DomainConfig.builder("fake").smtpServer("127.0.0.1").smtpPort(port).authMethod(AuthMethod.NONE)
                .tls(TlsMode.NONE).relayAccount("relay@domain1.com").build();
    }

    private List<RecipientResult> send(EmailAddress... to) {
        return client.send(account(), Envelope.of(FROM, to), MessageBody.of(MESSAGE));
    }

    @Test
    void send_accepted_deliveredWithEndOfDataReplyAndBodyUnchanged() {
        client();
        List<RecipientResult> results = send(A, B);

        assertThat(results).extracting(RecipientResult::recipient).containsExactly(A, B);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.replyCode()).isEqualTo(250);
            assertThat(r.enhancedStatus()).isEqualTo("2.0.0");
            assertThat(r.phase()).isEqualTo(SmtpPhase.END_OF_DATA);
            assertThat(r.reply()).contains("queued");
        });
        assertThat(server.messages()).containsExactly("Subject: hi\r\n\r\nline one\r\n.dot line\r\nlast\r\n");
        assertThat(server.commands()).contains("MAIL FROM:<contact-general@domain1.com>", "RCPT TO:<a@example.com>");
        assertThat(server.commands().get(0)).isEqualTo("EHLO localhost");
    }

    @Test
    void probe_beforeAnySend_makesThePoolThatSendUses_withWriteDeadlines() {
        client();
        assertThat(client.probe(account()).status()).isEqualTo(ProbeResult.Status.UP);

        AccountPool pool = client.pool(account());
        assertThat(pool.writeTimer()).isSameAs(client.writeDeadlines());
        send(A);
        assertThat(client.pool(account())).isSameAs(pool);
    }

    @Test
    void send_nullSender_sendsEmptyReversePath() {
        client();
        client.send(account(), new Envelope(null, List.of(A)), MessageBody.of(MESSAGE));

        assertThat(server.commands()).contains("MAIL FROM:<>");
    }

    @Test
    void send_tenMessages_reuseOneConnection() {
        client();
        for (int i = 0; i < 10; i++) {
            assertThat(send(A)).allMatch(RecipientResult::delivered);
        }
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.messages()).hasSize(10);
    }

    @Test
    void send_moreThanMessagesPerConnection_opensAnotherConnection() {
        client(GlobalSettings.defaults(), new PoolSettings(3, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        for (int i = 0; i < 7; i++) {
            assertThat(send(A)).allMatch(RecipientResult::delivered);
        }
        assertThat(server.connections()).isEqualTo(3);
        assertThat(server.commands().stream().filter("QUIT"::equals).count()).isEqualTo(2);
    }

    @Test
    void send_afterServerDroppedConnection_reconnectsAndDelivers() throws Exception {
        client();
        assertThat(send(A)).allMatch(RecipientResult::delivered);
        server.dropConnections();

        List<RecipientResult> results = send(A);

        assertThat(results).allMatch(RecipientResult::delivered);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.messages()).hasSize(2);
    }

    @Test
    void send_idleLongerThanMaxIdle_opensFreshConnection() {
        client(GlobalSettings.defaults(), new PoolSettings(100, Duration.ofSeconds(60), Duration.ofMinutes(10)));
        send(A);
        clock.advance(Duration.ofSeconds(61));

        send(A);

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.commands()).contains("QUIT");
    }

    @Test
    void evictIdle_closesConnectionsIdleTooLong() {
        client(GlobalSettings.defaults(), new PoolSettings(100, Duration.ofSeconds(60), Duration.ofMinutes(10)));
        send(A);
        client.evictIdle();
        assertThat(client.pool(account()).idleCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        client.evictIdle();

        assertThat(client.pool(account()).idleCount()).isZero();
        assertThat(server.commands()).endsWith("QUIT");
    }

    @Test
    void send_oneRecipientRejected_othersDelivered() {
        client();
        server.rcptReply = rcpt -> rcpt.startsWith("b@") ? "550 5.1.1 <b@example.com>: Recipient address rejected" : "250 2.1.5 Ok";

        List<RecipientResult> results = send(A, B);

        assertThat(results.get(0).status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(results.get(0).replyCode()).isEqualTo(250);
        RecipientResult b = results.get(1);
        assertThat(b.status()).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
        assertThat(b.replyCode()).isEqualTo(550);
        assertThat(b.enhancedStatus()).isEqualTo("5.1.1");
        assertThat(b.phase()).isEqualTo(SmtpPhase.RCPT);
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void send_allRecipientsDeferred_temporaryAndConnectionStaysUsable() {
        client();
        server.rcptReply = rcpt -> "450 4.7.1 <" + rcpt + ">: try later";

        List<RecipientResult> failed = send(A, B);
        server.rcptReply = rcpt -> "250 2.1.5 Ok";
        List<RecipientResult> next = send(A);

        assertThat(failed).allSatisfy(outcome(DeliveryStatus.TEMPORARY_FAILURE, 450, "4.7.1", SmtpPhase.RCPT));
        assertThat(failed.get(1).reply()).contains("<b@example.com>");
        assertThat(next).allMatch(RecipientResult::delivered);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.commands()).contains("RSET");
    }

    @Test
    void send_mailFromRejected_permanentForAllInPhaseMail() {
        client();
        server.mailReply = "553 5.7.1 <contact-general@domain1.com>: Sender address rejected";

        assertThat(send(A, B)).allSatisfy(outcome(DeliveryStatus.PERMANENT_FAILURE, 553, SmtpPhase.MAIL));
    }

    @Test
    void send_dataRejected_permanentInPhaseData() {
        client();
        server.dataReply = "554 5.5.1 Error: no valid recipients";

        assertThat(send(A)).allSatisfy(outcome(DeliveryStatus.PERMANENT_FAILURE, 554, SmtpPhase.DATA));
    }

    @Test
    void send_endOfDataDeferred_temporaryForAcceptedRecipients() {
        client();
        server.endOfDataReply = "451 4.3.0 Error: queue file write error";
        server.rcptReply = rcpt -> rcpt.startsWith("b@") ? "550 5.1.1 unknown" : "250 2.1.5 Ok";

        List<RecipientResult> results = send(A, B);

        assertThat(results.get(0).status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
        assertThat(results.get(0).replyCode()).isEqualTo(451);
        assertThat(results.get(0).enhancedStatus()).isEqualTo("4.3.0");
        assertThat(results.get(0).phase()).isEqualTo(SmtpPhase.END_OF_DATA);
        assertThat(results.get(1).phase()).isEqualTo(SmtpPhase.RCPT);
        assertThat(results.get(1).replyCode()).isEqualTo(550);
    }

    @Test
    void send_serverNeverAnswers_temporaryAfterReadTimeout() {
        server.silent = true;
        client(GlobalSettings.builder().readTimeout(Duration.ofMillis(300)).build(), PoolSettings.DEFAULTS);

        List<RecipientResult> results = send(A);

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
            assertThat(r.replyCode()).isZero();
            assertThat(r.phase()).isEqualTo(SmtpPhase.CONNECT);
            assertThat(r.reply()).contains("timed out");
        });
    }

    @Test
    void send_nothingListening_temporaryInPhaseConnect() throws Exception {
        client();
        int closedPort = Peers.freePort();

        List<RecipientResult> results = client.send(account(closedPort), Envelope.of(FROM, A), MessageBody.of(MESSAGE));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
            assertThat(r.phase()).isEqualTo(SmtpPhase.CONNECT);
        });
    }

    @Test
    void send_unresolvableServer_temporaryInPhaseConnectSayingItCannotResolve() {
        client();
        DomainConfig nowhere = DomainConfig.builder("nowhere").smtpServer("nowhere.invalid").smtpPort(587)
                .authMethod(AuthMethod.NONE).tls(TlsMode.NONE).relayAccount("relay@domain1.com").build();

        List<RecipientResult> results = client.send(nowhere, Envelope.of(FROM, A), MessageBody.of(MESSAGE));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
            assertThat(r.phase()).isEqualTo(SmtpPhase.CONNECT);
            assertThat(r.replyCode()).isZero();
            assertThat(r.reply()).isEqualTo("cannot resolve nowhere.invalid (DNS lookup failed)");
        });
    }

    @Test
    void probe_plainAccountWithoutAuth_timesEachStepAndSkipsTlsAndAuth() {
        client();

        ProbeResult result = client.probe(account());

        assertThat(result.healthy()).as(result.detail()).isTrue();
        assertThat(result.steps()).extracting(ProbeStep::step, ProbeStep::verdict).containsExactly(
                tuple(ProbeStep.Step.RESOLVE, ProbeStep.Verdict.PASSED), tuple(ProbeStep.Step.CONNECT, ProbeStep.Verdict.PASSED),
                tuple(ProbeStep.Step.GREETING, ProbeStep.Verdict.PASSED), tuple(ProbeStep.Step.EHLO, ProbeStep.Verdict.PASSED),
                tuple(ProbeStep.Step.TLS, ProbeStep.Verdict.SKIPPED), tuple(ProbeStep.Step.AUTH, ProbeStep.Verdict.SKIPPED));
        assertThat(result.steps().get(1).detail()).isEqualTo("connected to 127.0.0.1:" + server.port());
        assertThat(result.steps().get(2).reply()).startsWith("220");
        assertThat(result.steps().get(3).reply()).startsWith("250");
        // timed on the client's clock, which this test holds still
        assertThat(result.steps()).extracting(ProbeStep::elapsed).containsOnly(Duration.ZERO);
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void probe_wallClockSteppingBack_neverReportsANegativeTime() {
        InstantSource steppingBack = () -> clock.advance(Duration.ofSeconds(-1));
        client = new PooledSmtpRelayClient(GlobalSettings.defaults(), null, steppingBack, PoolSettings.DEFAULTS);

        ProbeResult result = client.probe(account());

        assertThat(result.healthy()).as(result.detail()).isTrue();
        assertThat(result.steps()).extracting(ProbeStep::elapsed).containsOnly(Duration.ZERO);
    }

    @Test
    void probe_unresolvableServer_failsAtResolveSayingSo() {
        client();
        DomainConfig nowhere = DomainConfig.builder("nowhere").smtpServer("nowhere.invalid").smtpPort(587)
                .authMethod(AuthMethod.NONE).tls(TlsMode.NONE).relayAccount("relay@domain1.com").build();

        ProbeResult result = client.probe(nowhere);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.phase()).isEqualTo(SmtpPhase.CONNECT);
        assertThat(result.detail()).isEqualTo("cannot resolve nowhere.invalid (DNS lookup failed)");
        assertThat(result.steps()).singleElement().satisfies(s -> {
            assertThat(s.step()).isEqualTo(ProbeStep.Step.RESOLVE);
            assertThat(s.verdict()).isEqualTo(ProbeStep.Verdict.FAILED);
        });
    }

    @Test
    void probe_nothingListening_failsAtConnect() throws Exception {
        client();

        ProbeResult result = client.probe(account(Peers.freePort()));

        assertThat(result.failedStep()).hasValueSatisfying(s -> assertThat(s.step()).isEqualTo(ProbeStep.Step.CONNECT));
        assertThat(result.steps()).extracting(ProbeStep::step).containsExactly(ProbeStep.Step.RESOLVE, ProbeStep.Step.CONNECT);
    }

    @Test
    void send_noFreeConnectionWithinConnectionTimeout_temporary() throws Exception {
        server.silent = true;
        client(GlobalSettings.builder().maxConnections(1).connectionTimeout(Duration.ofMillis(200))
                .readTimeout(Duration.ofSeconds(5)).build(), PoolSettings.DEFAULTS);
        CompletableFuture<List<RecipientResult>> busy = CompletableFuture.supplyAsync(() -> send(A));
        while (server.connections() == 0) {
            Thread.onSpinWait();
        }

        List<RecipientResult> waited = send(B);

        assertThat(waited).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
            assertThat(r.reply()).contains("no free connection").contains("max_connections = 1");
        });
        assertThat(server.connections()).isEqualTo(1);
        server.dropConnections();
        assertThat(busy.join()).allMatch(r -> r.status() == DeliveryStatus.TEMPORARY_FAILURE);
    }

    @Test
    void retainAccounts_closesConnectionsOfRemovedAccounts() {
        client();
        send(A);

        client.retainAccounts(List.of());

        assertThat(server.commands()).endsWith("QUIT");
        assertThat(client.pool(account())).isNull();
    }

    @Test
    void close_quitsIdleConnectionsAndRefusesFurtherSends() {
        client();
        send(A);

        client.close();

        assertThat(server.commands()).endsWith("QUIT");
        assertThatThrownBy(() -> send(A)).isInstanceOf(IllegalStateException.class);
    }

    private List<RecipientResult> sendWithXoauth2(RotatingTokens tokens) {
        client = new PooledSmtpRelayClient(GlobalSettings.builder().readTimeout(Duration.ofSeconds(10)).build(), tokens,
                clock, PoolSettings.DEFAULTS);
        DomainConfig account = DomainConfig.builder("fake").smtpServer("127.0.0.1").smtpPort(server.port())
                .authMethod(AuthMethod.XOAUTH2).username("relay@domain1.com").tls(TlsMode.NONE)
                .relayAccount("relay@domain1.com").build();
        return client.send(account, Envelope.of(FROM, A), MessageBody.of(MESSAGE));
    }

    private RecipientResult sendWithLogin(String passwordReply) {
        server.loginPasswordReply = passwordReply;
        client = new PooledSmtpRelayClient(GlobalSettings.builder().readTimeout(Duration.ofSeconds(10)).build(), null,
                clock, PoolSettings.DEFAULTS);
        DomainConfig account = DomainConfig.builder("fake").smtpServer("127.0.0.1").smtpPort(server.port())
                .authMethod(AuthMethod.LOGIN).username("relay@domain1.com").password("secret").tls(TlsMode.NONE)
                .relayAccount("relay@domain1.com").build();
        List<RecipientResult> results = client.send(account, Envelope.of(FROM, A), MessageBody.of(MESSAGE));
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
            assertThat(r.phase()).isEqualTo(SmtpPhase.AUTH);
            assertThat(r.reply()).startsWith("authentication failed for account relay@domain1.com: ");
        });
        return results.get(0);
    }

    @Test
    void send_loginPasswordAnsweredWithAnother334_isALocalFailureNotA334() {
        // only Gmail's XOAUTH2 refusal is a 334 worth keeping (it triggers a fresh token); for LOGIN it is no answer
        assertThat(sendWithLogin("334 UGFzc3dvcmQ6").replyCode()).isZero();
    }

    @Test
    void send_loginDroppedAfterThePasswordPrompt_isALocalFailure() {
        assertThat(sendWithLogin("").replyCode()).isZero();
    }

    @Test
    void probe_xoauth2AlwaysRefusedAsGmailDoes_authStepShowsGmails334() {
        server.xoauth2Token = "fresh-token";
        client = new PooledSmtpRelayClient(GlobalSettings.builder().readTimeout(Duration.ofSeconds(10)).build(),
                new RotatingTokens("revoked-token", "also-refused"), clock, PoolSettings.DEFAULTS);
        DomainConfig account = DomainConfig.builder("fake").smtpServer("127.0.0.1").smtpPort(server.port())
                .authMethod(AuthMethod.XOAUTH2).username("relay@domain1.com").tls(TlsMode.NONE)
                .relayAccount("relay@domain1.com").build();

        ProbeResult result = client.probe(account);

        assertThat(result.healthy()).isFalse();
        assertThat(result.steps()).last().satisfies(step -> {
            assertThat(step.step()).isEqualTo(ProbeStep.Step.AUTH);
            assertThat(step.reply()).startsWith("334 ");
        });
    }

    @Test
    void send_xoauth2TokenRefusedAsGmailDoes_fetchesAFreshTokenOnce() {
        // Gmail answers a revoked token's AUTH XOAUTH2 with 334 <base64 JSON error>, not with 535
        server.xoauth2Token = "fresh-token";
        RotatingTokens tokens = new RotatingTokens("revoked-token", "fresh-token");

        assertThat(sendWithXoauth2(tokens)).extracting(RecipientResult::status).containsExactly(DeliveryStatus.DELIVERED);
        assertThat(tokens.calls()).containsExactly("token", "invalidate", "token");
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void send_xoauth2AlwaysRefusedAsGmailDoes_defersAfterOneFreshToken() {
        server.xoauth2Token = "fresh-token";
        RotatingTokens tokens = new RotatingTokens("revoked-token", "also-refused");

        assertThat(sendWithXoauth2(tokens)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
            assertThat(r.phase()).isEqualTo(SmtpPhase.AUTH);
            assertThat(r.replyCode()).isEqualTo(334);
            assertThat(r.reply()).startsWith("authentication failed for account relay@domain1.com: 334 ")
                    .doesNotContain("revoked-token", "also-refused");
        });
        assertThat(tokens.calls()).containsExactly("token", "invalidate", "token");
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void create_withNonPositiveTimeout_refused() {
        GlobalSettings bad = GlobalSettings.builder().readTimeout(Duration.ZERO).build();

        assertThatThrownBy(() -> SmtpRelayClient.create(bad)).isInstanceOf(IllegalArgumentException.class);
    }
}
