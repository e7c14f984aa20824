package dev.ssmtpmailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.OAuth2Settings;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RotatingTokens;
import dev.ssmtpmailer.testing.TestCerts;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AUTH PLAIN, LOGIN, XOAUTH2 and implicit TLS against GreenMail. */
class GreenMailClientTest {
    private static final String LOGIN = "mail-relay@domain1.com";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final EmailAddress FROM = EmailAddress.parse("contact-general@domain1.com");
    private static final EmailAddress TO = EmailAddress.parse("someone@example.com");
    private static final byte[] MESSAGE = "From: contact-general@domain1.com\nTo: someone@example.com\nSubject: green\n\nhello\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    /** SMTP and SMTPS. */
    private static GreenMail greenMail;
    /** The certificate GreenMail's SMTPS presents, as PEM. */
    private static Path serverCa;

    @BeforeAll
    static void startServers() throws Exception {
        // GreenMail keeps one TLS server socket factory per JVM, made when the first SMTPS server starts; offer
        // it a certificate for 127.0.0.1, then export whatever certificate the server really presents.
        Path keystore = TestCerts.selfSigned("greenmail-test").writePkcs12(dir.resolve("server.p12"));
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", TestCerts.PASSWORD);
        try {
            greenMail = new GreenMail(new ServerSetup[] {
                    new ServerSetup(Peers.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(Peers.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)});
            greenMail.start();
        } finally {
            System.clearProperty("greenmail.tls.keystore.file");
            System.clearProperty("greenmail.tls.keystore.password");
        }
        greenMail.setUser(LOGIN, LOGIN, PASSWORD);
        serverCa = TestCerts.writePem(presentedCertificate(greenMail.getSmtps().getPort()), dir.resolve("greenmail-ca.pem"));
    }

    /** @return the certificate the TLS server on {@code port} presents, read without trusting it */
    private static Certificate presentedCertificate(int port) throws Exception {
        SSLContext trustAll = TestCerts.trustingAnyServer();
        try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    @AfterAll
    static void stopServers() {
        greenMail.stop();
    }

    @BeforeEach
    void purge() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    private static DomainConfig.Builder plain(AuthMethod auth) {
        return DomainConfig.builder("domain1.com").smtpServer("127.0.0.1").smtpPort(greenMail.getSmtp().getPort())
                .tls(TlsMode.NONE).authMethod(auth).username(LOGIN).password(PASSWORD);
    }

    private static List<RecipientResult> send(SmtpRelayClient client, DomainConfig account) {
        return client.send(account, Envelope.of(FROM, TO), MessageBody.of(MESSAGE));
    }

    private static ProbeResult probeWithAFreshClient(DomainConfig account) {
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            return client.probe(account);
        }
    }

    private static String lastReceived() throws Exception {
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return GreenMailUtil.getWholeMessage(received[0]);
    }

    @Test
    void send_authPlain_delivered() throws Exception {
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            assertThat(send(client, plain(AuthMethod.PLAIN).build())).allMatch(RecipientResult::delivered);
        }
        assertThat(lastReceived()).contains("Subject: green").contains("hello");
    }

    @Test
    void send_authLogin_delivered() throws Exception {
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            assertThat(send(client, plain(AuthMethod.LOGIN).build())).allMatch(RecipientResult::delivered);
        }
        assertThat(lastReceived()).contains("Subject: green");
    }

    @Test
    void probe_goodCredentials_upAndKeepsTheConnectionForTheNextMessage() {
        DomainConfig account = plain(AuthMethod.LOGIN).build();
        try (PooledSmtpRelayClient client = (PooledSmtpRelayClient) SmtpRelayClient.create(GlobalSettings.defaults())) {
            ProbeResult first = client.probe(account);
            assertThat(first.healthy()).isTrue();
            assertThat(first.detail()).isEqualTo("connected and authenticated");
            assertThat(client.pool(account).idleCount()).isEqualTo(1);
            assertThat(client.probe(account).detail()).isEqualTo("pooled connection open");
        }
    }

    @Test
    void probe_wrongPassword_downInAuthWithoutThePassword() {
        DomainConfig account = plain(AuthMethod.LOGIN).password("wrong-password").build();
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            ProbeResult result = client.probe(account);
            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.phase()).isEqualTo(SmtpPhase.AUTH);
            assertThat(result.replyCode()).isEqualTo(535);
            assertThat(result.detail()).doesNotContain("wrong-password");
        }
    }

    @Test
    void send_wrongPassword_authFailureNamesAccountNotPassword() {
        DomainConfig account = plain(AuthMethod.LOGIN).password("wrong-password").build();
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            assertThat(send(client, account)).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
                assertThat(r.phase()).isEqualTo(SmtpPhase.AUTH);
                assertThat(r.replyCode()).isEqualTo(535);
                assertThat(r.enhancedStatus()).isEqualTo("5.7.8");
                assertThat(r.reply()).startsWith("authentication failed for account " + LOGIN + ": 535 5.7.8")
                        .doesNotContain("wrong-password");
            });
        }
    }

    @Test
    void send_xoauth2WithRefusedToken_invalidatesAndRetriesOnce() throws Exception {
        RotatingTokens tokens = new RotatingTokens("expired-token", PASSWORD);
        DomainConfig account = plain(AuthMethod.XOAUTH2).password((Secret) null)
                .oauth2(OAuth2Settings.staticToken(Secret.of("unused"))).build();
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults(), tokens)) {
            assertThat(send(client, account)).allMatch(RecipientResult::delivered);
        }
        assertThat(tokens.calls()).containsExactly("token", "invalidate", "token");
        assertThat(lastReceived()).contains("Subject: green");
    }

    @Test
    void probe_xoauth2RefusedOnceThenAccepted_reportsTheConnectionThatWorked() {
        RotatingTokens tokens = new RotatingTokens("expired-token", PASSWORD);
        DomainConfig account = plain(AuthMethod.XOAUTH2).password((Secret) null)
                .oauth2(OAuth2Settings.staticToken(Secret.of("unused"))).build();

        ProbeResult result;
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults(), tokens)) {
            result = client.probe(account);
        }

        assertThat(tokens.calls()).containsExactly("token", "invalidate", "token");
        assertThat(result.healthy()).as(result.detail()).isTrue();
        // the refused first login is not part of the report: one resolution, then the second connection's steps
        assertThat(result.steps()).extracting(ProbeStep::step).containsExactly(ProbeStep.Step.RESOLVE,
                ProbeStep.Step.CONNECT, ProbeStep.Step.GREETING, ProbeStep.Step.EHLO, ProbeStep.Step.TLS, ProbeStep.Step.AUTH);
        assertThat(result.steps().get(5).detail()).isEqualTo("XOAUTH2 as " + LOGIN);
    }

    @Test
    void send_xoauth2AlwaysRefused_failsAfterOneRetry() {
        TokenProvider tokens = new TokenProvider() {
            @Override
            public String accessToken(DomainConfig account) {
                return "never-valid";
            }

            @Override
            public void invalidate(DomainConfig account) {
                // nothing cached
            }
        };
        DomainConfig account = plain(AuthMethod.XOAUTH2).password((Secret) null).build();
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults(), tokens)) {
            assertThat(send(client, account)).allSatisfy(r -> {
                assertThat(r.phase()).isEqualTo(SmtpPhase.AUTH);
                assertThat(r.replyCode()).isEqualTo(535);
                assertThat(r.reply()).doesNotContain("never-valid");
            });
        }
    }

    @Test
    void send_tokenProviderFailsUnexpectedly_authFailureNamingIt() {
        TokenProvider tokens = new TokenProvider() {
            @Override
            public String accessToken(DomainConfig account) {
                throw new ArithmeticException("long overflow");
            }

            @Override
            public void invalidate(DomainConfig account) {
                // nothing cached
            }
        };
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults(), tokens)) {
            assertThat(send(client, plain(AuthMethod.XOAUTH2).password((Secret) null).build())).allSatisfy(r -> {
                assertThat(r.phase()).isEqualTo(SmtpPhase.AUTH);
                assertThat(r.reply()).contains("cannot obtain an OAuth2 token for account", "long overflow");
            });
        }
    }

    @Test
    void send_xoauth2WithoutTokenProvider_authFailure() {
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            assertThat(send(client, plain(AuthMethod.XOAUTH2).build())).allSatisfy(r -> {
                assertThat(r.phase()).isEqualTo(SmtpPhase.AUTH);
                assertThat(r.reply()).contains("TokenProvider");
            });
        }
    }

    private static DomainConfig.Builder implicitTls(GreenMail server) {
        return DomainConfig.builder("domain1.com").smtpServer("127.0.0.1").smtpPort(server.getSmtps().getPort())
                .tls(TlsMode.IMPLICIT).authMethod(AuthMethod.PLAIN).username(LOGIN).password(PASSWORD);
    }

    @Test
    void send_implicitTlsTrustedViaCaFile_delivered() throws Exception {
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            assertThat(send(client, implicitTls(greenMail).caFile(serverCa).build())).allMatch(RecipientResult::delivered);
        }
        assertThat(lastReceived()).contains("Subject: green");
    }

    @Test
    void send_implicitTlsWithTheCaOnlyInSslDir_notTrusted() throws Exception {
        Path sslDir = Files.createDirectories(dir.resolve("ssl-only"));
        Files.copy(serverCa, sslDir.resolve("upstream-ca.pem"));
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.builder().sslDir(sslDir).build())) {
            assertThat(send(client, implicitTls(greenMail).build())).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
                assertThat(r.phase()).isEqualTo(SmtpPhase.TLS);
            });
        }
    }

    @Test
    void send_implicitTlsTrustedViaExplicitCaDir_delivered() throws Exception {
        Path caDir = Files.createDirectories(dir.resolve("shared-cas"));
        Files.copy(serverCa, caDir.resolve("upstream-ca.pem"));
        Files.writeString(caDir.resolve("server-key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.builder().caDir(caDir).build())) {
            assertThat(send(client, implicitTls(greenMail).build())).allMatch(RecipientResult::delivered);
        }
    }

    @Test
    void send_implicitTlsUntrustedCertificate_failsInPhaseTls() {
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            assertThat(send(client, implicitTls(greenMail).build())).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
                assertThat(r.phase()).isEqualTo(SmtpPhase.TLS);
                assertThat(r.replyCode()).isZero();
            });
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void probe_implicitTls_reportsTheHandshakeWithConnectAndAuthsAfterTheGreeting() {
        ProbeResult result = probeWithAFreshClient(implicitTls(greenMail).caFile(serverCa).build());

        assertThat(result.healthy()).as(result.detail()).isTrue();
        assertThat(result.steps()).extracting(ProbeStep::step).containsExactly(ProbeStep.Step.RESOLVE,
                ProbeStep.Step.CONNECT, ProbeStep.Step.TLS, ProbeStep.Step.GREETING, ProbeStep.Step.EHLO, ProbeStep.Step.AUTH);
        assertThat(result.steps().get(2).detail()).startsWith("TLSv1.").contains(", verified (handshake timed with connect)");
        assertThat(result.steps().get(5).reply()).startsWith("235");
    }

    @Test
    void probe_verifyCertificatesFalse_saysTheCertificateWasNotVerified() {
        ProbeResult result = probeWithAFreshClient(implicitTls(greenMail).verifyCertificates(false).build());

        assertThat(result.healthy()).as(result.detail()).isTrue();
        assertThat(result.steps().get(2).step()).isEqualTo(ProbeStep.Step.TLS);
        assertThat(result.steps().get(2).detail())
                .endsWith(", NOT verified (verify_certificates = false) (handshake timed with connect)");
    }

    @Test
    void probe_implicitTlsUntrustedCertificate_failsAtTheTlsStepAfterConnecting() {
        ProbeResult result = probeWithAFreshClient(implicitTls(greenMail).build());

        assertThat(result.phase()).isEqualTo(SmtpPhase.TLS);
        assertThat(result.steps()).extracting(ProbeStep::step, ProbeStep::verdict).containsExactly(
                tuple(ProbeStep.Step.RESOLVE, ProbeStep.Verdict.PASSED), tuple(ProbeStep.Step.CONNECT, ProbeStep.Verdict.PASSED),
                tuple(ProbeStep.Step.TLS, ProbeStep.Verdict.FAILED));
    }

    @Test
    void probe_wrongPassword_failsAtAuthWithTheServersReply() {
        ProbeResult result = probeWithAFreshClient(plain(AuthMethod.LOGIN).password("wrong-password").build());

        assertThat(result.failedStep()).hasValueSatisfying(s -> {
            assertThat(s.step()).isEqualTo(ProbeStep.Step.AUTH);
            assertThat(s.reply()).startsWith("535");
            assertThat(s.detail()).startsWith("authentication failed for account " + LOGIN).doesNotContain("wrong-password");
        });
    }

    @Test
    void send_verifyCertificatesFalse_acceptsAnyCertificate() {
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            assertThat(send(client, implicitTls(greenMail).verifyCertificates(false).build())).allMatch(RecipientResult::delivered);
        }
    }

    /**
     * A body whose stream fails partway through DATA with an unchecked exception (not an I/O error) leaves the
     * connection in the middle of the content: it must not go back to the pool, or the next MAIL FROM would be
     * read as part of that content. 200 KB go out before the failure, more than one content buffer.
     */
    @Test
    void send_bodyThrowsUncheckedPartway_failsThatMessageAndTheNextArrivesIntactAndAlone() throws Exception {
        DomainConfig account = plain(AuthMethod.PLAIN).build();
        byte[] start = ("From: contact-general@domain1.com\nTo: someone@example.com\nSubject: broken\n\n"
                + "x".repeat(78).concat("\n").repeat(2_500)).getBytes(StandardCharsets.US_ASCII);
        MessageBody failing = out -> {
            out.write(start);
            throw new IllegalStateException("the body's source went away");
        };
        GlobalSettings settings = GlobalSettings.builder().readTimeout(java.time.Duration.ofSeconds(10)).build();
        try (PooledSmtpRelayClient client = (PooledSmtpRelayClient) SmtpRelayClient.create(settings)) {
            assertThat(client.send(account, Envelope.of(FROM, TO), failing)).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
                assertThat(r.phase()).isEqualTo(SmtpPhase.DATA);
                assertThat(r.replyCode()).isZero();
                assertThat(r.reply()).contains("IllegalStateException: the body's source went away");
            });
            assertThat(client.pool(account).idleCount()).as("the connection left in the middle of DATA").isZero();

            assertThat(send(client, account)).allMatch(RecipientResult::delivered);
        }
        String received = lastReceived();
        assertThat(received).contains("Subject: green").contains("hello")
                .doesNotContain("Subject: broken").doesNotContain("MAIL FROM").doesNotContain("xxxx");
    }
}
