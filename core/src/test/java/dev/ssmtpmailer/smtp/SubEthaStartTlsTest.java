package dev.ssmtpmailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.testing.TestCerts;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/** STARTTLS (required, never downgraded) and AUTH after it, against SubEthaSMTP. */
class SubEthaStartTlsTest {
    private static final String LOGIN = "mail-relay@domain1.com";
    private static final String PASSWORD = "app-password";
    private static final EmailAddress FROM = EmailAddress.parse("contact-general@domain1.com");
    private static final EmailAddress TO = EmailAddress.parse("someone@example.com");
    private static final byte[] MESSAGE = "Subject: tls\n\nbody\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    private static TestCerts certs;
    private static Path ca;

    private SMTPServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> identities = new CopyOnWriteArrayList<>();
    private final AtomicInteger authAttempts = new AtomicInteger();

    @BeforeAll
    static void makeCertificate() throws Exception {
        certs = TestCerts.selfSigned("subetha-test");
        ca = certs.writePem(dir.resolve("ca.pem"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Counts AUTH commands that reach the server, then lets {@code delegate} handle them. */
    private AuthenticationHandlerFactory counting(AuthenticationHandlerFactory delegate) {
        return new AuthenticationHandlerFactory() {
            @Override
            public List<String> getAuthenticationMechanisms() {
                return delegate.getAuthenticationMechanisms();
            }

            @Override
            public AuthenticationHandler create() {
                authAttempts.incrementAndGet();
                return delegate.create();
            }
        };
    }

    private SMTPServer start(boolean tls, SSLContext context) {
        EasyAuthenticationHandlerFactory auth = new EasyAuthenticationHandlerFactory((user, password, ctx) -> {
            if (!LOGIN.equals(user) || !PASSWORD.equals(password)) {
                throw new LoginFailedException();
            }
            identities.add(user);
        });
        SMTPServer.Builder b = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("subetha.test")
                .authenticationHandlerFactory(counting(auth)).requireAuth()
                .messageHandler((ctx, from, to, data) -> received.add(from + " -> " + to + ": " + new String(data, StandardCharsets.US_ASCII)));
        if (tls) {
            b.startTlsSocketFactory(context).requireTLS();
        }
        server = b.build();
        server.start();
        return server;
    }

    private DomainConfig.Builder account() {
        return DomainConfig.builder("domain1.com").smtpServer("127.0.0.1").smtpPort(server.getPortAllocated())
                .tls(TlsMode.STARTTLS).authMethod(AuthMethod.LOGIN).username(LOGIN).password(PASSWORD);
    }

    private List<RecipientResult> send(DomainConfig account) {
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            return client.send(account, Envelope.of(FROM, TO), MessageBody.of(MESSAGE));
        }
    }

    private static ProbeResult probe(DomainConfig account) {
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            return client.probe(account);
        }
    }

    @Test
    void send_startTlsRequiredThenAuthLogin_delivered() {
        start(true, certs.serverContext());

        List<RecipientResult> results = send(account().caFile(ca).build());

        assertThat(results).allMatch(RecipientResult::delivered);
        assertThat(identities).containsExactly(LOGIN);
        assertThat(received).singleElement().asString()
                .startsWith("contact-general@domain1.com -> someone@example.com: ").contains("Subject: tls");
    }

    @Test
    void probe_startTlsThenAuth_reportsEachStepWithTheServersReplies() {
        start(true, certs.serverContext());

        ProbeResult result = probe(account().caFile(ca).build());

        assertThat(result.healthy()).as(result.detail()).isTrue();
        assertThat(result.steps()).extracting(ProbeStep::step).containsExactly(ProbeStep.Step.RESOLVE,
                ProbeStep.Step.CONNECT, ProbeStep.Step.GREETING, ProbeStep.Step.EHLO, ProbeStep.Step.STARTTLS,
                ProbeStep.Step.TLS, ProbeStep.Step.EHLO, ProbeStep.Step.AUTH);
        assertThat(result.steps()).allMatch(s -> s.verdict() == ProbeStep.Verdict.PASSED);
        assertThat(result.steps().get(0).detail()).isEqualTo("127.0.0.1");
        assertThat(result.steps().get(2).reply()).startsWith("220 subetha.test");
        assertThat(result.steps().get(3).detail()).contains("STARTTLS");
        assertThat(result.steps().get(4).reply()).startsWith("220");
        assertThat(result.steps().get(5).detail()).matches("TLSv1\\.[23] \\S+, certificate CN=subetha-test.*, expires .*, verified");
        assertThat(result.steps().get(6).detail()).contains("AUTH");
        assertThat(result.steps().get(7).reply()).startsWith("235");
        assertThat(result.steps().get(7).detail()).isEqualTo("LOGIN as " + LOGIN);
        assertThat(identities).containsExactly(LOGIN);
        assertThat(received).isEmpty();
    }

    @Test
    void probe_certificateNotTrusted_failsAtTheTlsStepBeforeAuth() {
        start(true, certs.serverContext());

        ProbeResult result = probe(account().build());

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.steps()).extracting(ProbeStep::step).endsWith(ProbeStep.Step.STARTTLS, ProbeStep.Step.TLS);
        assertThat(result.failedStep()).hasValueSatisfying(s -> {
            assertThat(s.step()).isEqualTo(ProbeStep.Step.TLS);
            assertThat(s.detail()).containsIgnoringCase("certification path")
                    .endsWith("(the server's certificate is not trusted: give its CA as ca_file, or put it in a PEM file in ssl_dir)");
        });
        assertThat(authAttempts).hasValue(0);
    }

    @Test
    void probe_serverWithoutStartTls_failsAtTheStartTlsStep() {
        start(false, null);

        ProbeResult result = probe(account().caFile(ca).build());

        assertThat(result.failedStep()).hasValueSatisfying(s -> {
            assertThat(s.step()).isEqualTo(ProbeStep.Step.STARTTLS);
            assertThat(s.detail()).contains("STARTTLS");
        });
        assertThat(authAttempts).hasValue(0);
    }

    @Test
    void send_serverWithoutStartTls_refusedInPhaseTlsBeforeAuth() {
        start(false, null);

        List<RecipientResult> results = send(account().caFile(ca).build());

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
            assertThat(r.phase()).isEqualTo(SmtpPhase.TLS);
            assertThat(r.reply()).contains("STARTTLS");
        });
        assertThat(authAttempts).hasValue(0);
        assertThat(received).isEmpty();
    }

    @Test
    void send_certificateNotTrusted_refusedInPhaseTlsBeforeAuth() {
        start(true, certs.serverContext());

        List<RecipientResult> results = send(account().build());

        assertThat(results).allSatisfy(r -> assertThat(r.phase()).isEqualTo(SmtpPhase.TLS));
        assertThat(authAttempts).hasValue(0);
    }

    @Test
    void send_trustedCertificateForAnotherHostName_refusedInPhaseTls() throws Exception {
        TestCerts other = TestCerts.selfSigned("smtp.example.org", "smtp.example.org");
        start(true, other.serverContext());

        List<RecipientResult> results = send(account().caFile(other.writePem(dir.resolve("other.pem"))).build());

        assertThat(results).allSatisfy(r -> {
            assertThat(r.phase()).isEqualTo(SmtpPhase.TLS);
            assertThat(r.reply()).endsWith("(the server's certificate is not issued for 127.0.0.1)");
        });
        assertThat(authAttempts).hasValue(0);
    }

    @Test
    void send_wrongPasswordAfterStartTls_authFailureNamesAccount() {
        start(true, certs.serverContext());

        List<RecipientResult> results = send(account().caFile(ca).password("not-it").build());

        assertThat(results).allSatisfy(r -> {
            assertThat(r.phase()).isEqualTo(SmtpPhase.AUTH);
            assertThat(r.replyCode()).isEqualTo(535);
            assertThat(r.reply()).startsWith("authentication failed for account " + LOGIN).doesNotContain("not-it");
        });
        assertThat(authAttempts).hasValue(1);
        assertThat(received).isEmpty();
    }
}
