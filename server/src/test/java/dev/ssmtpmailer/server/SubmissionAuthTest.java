package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.PasswordHash;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.config.UserConfig;
import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.FakeSmtpServer;
import dev.ssmtpmailer.testing.SmtpScript;
import dev.ssmtpmailer.testing.TestCerts;
import dev.ssmtpmailer.testing.TestConfigs;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submission with AUTH, end to end: a client outside {@code trusted_networks} logs in after STARTTLS (Jakarta Mail,
 * verifying the server's certificate) and its mail reaches the upstream; before STARTTLS, with a wrong password or
 * as another user's address it gets nowhere.
 */
class SubmissionAuthTest {
    private static final String APP = "app@mailer.domain1.com";
    private static final String OTHER = "other@mailer.domain1.com";
    private static final String APP_PASSWORD = "app secret ✓";
    private static final PasswordHash APP_HASH = Passwords.hash(APP_PASSWORD.getBytes(StandardCharsets.UTF_8), 4);
    private static final PasswordHash OTHER_HASH = Passwords.hash("other secret".getBytes(StandardCharsets.UTF_8), 4);
    private static final TestCerts CERTS = TestCerts.selfSigned("mailer.domain1.com");

    @TempDir
    Path dir;

    @RegisterExtension
    final FakeSmtpServer upstream = FakeSmtpServer.started();
    private MailerService mailer;

    @AfterEach
    void stop() {
        if (mailer != null) {
            mailer.close();
        }
    }

    /** Loopback is not trusted: only a login lets the test's client relay. */
    private RelayConfig config(UserConfig... users) {
        RelayConfig.Builder b = RelayConfig.builder()
                .global(g -> g.defaultHostname("mailer.domain1.com").spoolDir(dir)
                        .trustedNetworks(List.of(Cidr.parse("192.0.2.0/24"))))
                .domain(DomainConfig.builder("domain1.com").smtpServer("127.0.0.1").smtpPort(upstream.port())
                        .authMethod(AuthMethod.NONE).tls(TlsMode.NONE).relayAccount("relay@domain1.com").build())
                .domain(TestConfigs.local("mailer.domain1.com").toBuilder().listenAddress("127.0.0.1").listenPort(0).build())
                .mapping(TestConfigs.mapping("sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com",
                        "relay@domain1.com"));
        for (UserConfig u : users) {
            b.user(u);
        }
        return b.build();
    }

    private static UserConfig[] appAndOther() {
        return new UserConfig[] {UserConfig.builder(APP).canSendFrom(true).passwordHash(APP_HASH).build(),
                UserConfig.builder(OTHER).canSendFrom(true).passwordHash(OTHER_HASH).build()};
    }

    private MailerService start(RelayConfig config, UnaryOperator<ServerLimits.Builder> limits) {
        ServerLimits l = limits.apply(config.global().serverLimits().toBuilder()).build();
        mailer = MailerService.builder(config).server(b -> b.sslContext(CERTS.serverContext()).limits(l)).start();
        return mailer;
    }

    private MailerService start(RelayConfig config) {
        return start(config, l -> l);
    }

    private SmtpScript loggedOutTls() throws Exception {
        SmtpScript s = new SmtpScript(mailer.port());
        assertThat(s.startTls("client.example")).startsWith("250");
        return s;
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plaintextSession_offersNoAuth_andRefusesItWith538() throws Exception {
        start(config(appAndOther()));

        try (SmtpScript s = new SmtpScript(mailer.port())) {
            assertThat(s.send("EHLO client.example")).contains("250-STARTTLS").doesNotContain("AUTH");
            assertThat(s.send("AUTH PLAIN " + plain(APP, APP_PASSWORD))).startsWith("538 5.7.11 ");
            assertThat(s.send("AUTH LOGIN")).startsWith("538 5.7.11 ");
            assertThat(s.send("MAIL FROM:<" + APP + ">")).startsWith("250");
            assertThat(s.send("RCPT TO:<customer@example.com>")).startsWith("554 5.7.1");
        }
    }

    @Test
    void tlsSession_offersPlainAndLogin() throws Exception {
        start(config(appAndOther()));

        try (SmtpScript s = new SmtpScript(mailer.port())) {
            s.send("EHLO client.example");
            assertThat(s.startTls("client.example")).contains("250-AUTH PLAIN LOGIN");
        }
    }

    @Test
    void noUserWithPasswordHash_authNotOfferedEvenOverTls() throws Exception {
        start(config(UserConfig.builder(APP).canSendFrom(true).build()));

        try (SmtpScript s = loggedOutTls()) {
            assertThat(s.send("EHLO client.example")).doesNotContain("AUTH");
            assertThat(s.send("AUTH PLAIN " + plain(APP, APP_PASSWORD))).startsWith("502 5.5.1 ");
        }
    }

    @Test
    void jakartaMail_loggedInFromOutsideTrustedNetworks_relaysToForeignDomainThroughUpstream() throws Exception {
        start(config(appAndOther()));

        send(APP, APP_PASSWORD, APP, "customer@example.com");

        Await.until("the message at the upstream", () -> !upstream.messages().isEmpty());
        assertThat(upstream.commands()).contains("MAIL FROM:<" + APP + ">", "RCPT TO:<customer@example.com>");
        assertThat(upstream.messages()).singleElement().asString().contains("Subject: submitted")
                .contains("with ESMTPSA id");
    }

    @Test
    void jakartaMail_wrongPassword_failsAuthentication() throws Exception {
        start(config(appAndOther()));

        assertThatThrownBy(() -> send(APP, "other secret", APP, "customer@example.com"))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("535 5.7.8");
        assertThat(upstream.connections()).isZero();
    }

    @Test
    void loggedIn_sendingAsAnotherUsersAddress_refused550AtMailFrom() throws Exception {
        start(config(appAndOther()));

        try (SmtpScript s = loggedOutTls()) {
            assertThat(s.send("AUTH PLAIN " + plain(APP, APP_PASSWORD))).startsWith("235 2.7.0 ");
            assertThat(s.send("MAIL FROM:<" + OTHER + ">")).startsWith("550 5.7.1 ").contains("not owned by the logged-in user");
            assertThat(s.send("MAIL FROM:<contact-sales@mailer.domain1.com>")).startsWith("550 5.7.1 ");
            assertThat(s.send("MAIL FROM:<>")).startsWith("550 5.7.1 ");
            s.envelope(APP, "customer@example.com");
        }
    }

    @Test
    void loggedIn_fromHeaderOfAnotherAddress_isRewrittenToTheUsersAsForATrustedClient() throws Exception {
        start(config(appAndOther()));

        try (SmtpScript s = loggedOutTls()) {
            assertThat(s.send("AUTH PLAIN " + plain(APP, APP_PASSWORD))).startsWith("235");
            assertThat(s.message(APP, "customer@example.com", "From: Spoofed CEO <ceo@domain1.com>\r\nSubject: spoof\r\n\r\nx\r\n"))
                    .startsWith("250");
        }

        Await.until("the message at the upstream", () -> !upstream.messages().isEmpty());
        assertThat(upstream.messages()).singleElement().asString().containsPattern("(?m)^From: .*" + APP)
                .doesNotContain("ceo@domain1.com");
    }

    @Test
    void authLogin_withChallenges_logsIn() throws Exception {
        start(config(appAndOther()));

        try (SmtpScript s = loggedOutTls()) {
            assertThat(s.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(s.send(b64("Other@Mailer.Domain1.com"))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(s.send(b64("other secret"))).startsWith("235 2.7.0 ");
            assertThat(s.send("AUTH PLAIN " + plain(APP, APP_PASSWORD))).startsWith("503 5.5.1 ");
            assertThat(s.send("MAIL FROM:<" + OTHER + ">")).startsWith("250");
        }
    }

    @Test
    void wrongPasswords_get535_andTheHardErrorLimitDisconnectsWith421() throws Exception {
        start(config(appAndOther()), l -> l.softErrorLimit(2).hardErrorLimit(3).errorDelay(Duration.ZERO));

        try (LogCapture log = new LogCapture(); SmtpScript s = loggedOutTls()) {
            assertThat(s.send("AUTH PLAIN " + plain(APP, "guess 1"))).isEqualTo("535 5.7.8 Error: authentication failed");
            assertThat(s.send("AUTH PLAIN " + plain("nobody@mailer.domain1.com", "guess 2"))).startsWith("535 5.7.8 ");
            assertThat(s.send("AUTH PLAIN " + plain(OTHER, "guess 3"))).startsWith("535 5.7.8 ");
            assertThat(s.reply()).startsWith("421 4.7.0 ").contains("too many errors");
            assertThat(s.reply()).as("the connection is closed").isNull();

            assertThat(log.text()).contains("127.0.0.1: AUTH PLAIN failed for user " + APP)
                    .contains("127.0.0.1: AUTH PLAIN failed for user nobody@mailer.domain1.com")
                    .doesNotContain("guess").doesNotContain(plain(APP, "guess 1"));
        }
    }

    @Test
    void cancelledOrMalformedExchanges_getErrorsWithoutALogin() throws Exception {
        start(config(appAndOther()));

        try (SmtpScript s = loggedOutTls()) {
            assertThat(s.send("AUTH PLAIN")).isEqualTo("334 ");
            assertThat(s.send("*")).startsWith("501 5.7.0 ");
            assertThat(s.send("AUTH PLAIN not-base64!")).startsWith("501 5.5.2 ");
            assertThat(s.send("AUTH PLAIN " + b64("no NUL at all"))).startsWith("501 5.5.2 ");
            assertThat(s.send("AUTH CRAM-MD5")).startsWith("504 5.5.4 ");
            assertThat(s.send("AUTH")).startsWith("501 5.5.4 ");
            assertThat(s.send("AUTH PLAIN " + b64("other@mailer.domain1.com\0" + APP + "\0" + APP_PASSWORD)))
                    .startsWith("535 5.7.8 "); // acting as another user
            assertThat(s.send("MAIL FROM:<" + APP + ">")).startsWith("250");
            assertThat(s.send("RCPT TO:<customer@example.com>")).startsWith("554 5.7.1");
        }
    }

    /** Jakarta Mail as an application would configure it: STARTTLS required, the server's certificate verified. */
    private void send(String user, String password, String from, String to) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(mailer.port()));
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.ssl.socketFactory", trustingTheTestCertificate().getSocketFactory());
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject("submitted");
        m.setText("hello from an application elsewhere");
        try (Transport t = session.getTransport("smtp")) {
            t.connect(user, password);
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    private static SSLContext trustingTheTestCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", CERTS.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
