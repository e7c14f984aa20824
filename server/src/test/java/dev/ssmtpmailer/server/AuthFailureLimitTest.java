package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.PasswordHash;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.UserConfig;
import dev.ssmtpmailer.queue.InboundQueue;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.testing.FakeClock;
import dev.ssmtpmailer.testing.SmtpScript;
import dev.ssmtpmailer.testing.TestCerts;
import dev.ssmtpmailer.testing.TestConfigs;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code server_auth_failure_limit} through the real server: failed logins over several connections from one
 * address reach the limit, then its {@code AUTH} gets {@code 450 4.7.1} without a password check (a good password
 * too), until the window has passed; another address logs in meanwhile. Time is a fake clock: no sleeping.
 */
class AuthFailureLimitTest {
    private static final String APP = "app@mailer.domain1.com";
    private static final String PASSWORD = "app secret";
    private static final PasswordHash HASH = Passwords.hash(PASSWORD.getBytes(StandardCharsets.UTF_8), 4);
    private static final TestCerts CERTS = TestCerts.selfSigned("mailer.domain1.com");
    private static final String REFUSED = "450 4.7.1 Error: too many failed logins from 127.0.0.1, try again later";

    private final FakeClock clock = new FakeClock();
    /** The bcrypt checks the server made. */
    private final AtomicInteger checks = new AtomicInteger();
    private final InboundQueue queue = (sender, recipients, data) -> {
        data.transferTo(OutputStream.nullOutputStream());
        return new QueueId("Q1");
    };
    private RelayServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Loopback is not trusted: only a login lets a client relay. */
    private void start(UnaryOperator<RelayServer.Builder> options) {
        RelayConfig config = TestConfigs.guide("sales")
                .global(g -> g.defaultHostname("mailer.domain1.com").trustedNetworks(List.of(Cidr.parse("192.0.2.0/24"))))
                .user(UserConfig.builder(APP).canSendFrom(true).passwordHash(HASH).build()).build();
        server = options.apply(RelayServer.builder(config, queue).listen("127.0.0.1", 0)
                .sslContext(CERTS.serverContext()).nanoTime(clock::nanoTime)
                .verifier((password, hash) -> {
                    checks.incrementAndGet();
                    return Passwords.matches(password, hash);
                })).build().start();
    }

    private SmtpScript tls(String from) throws Exception {
        SmtpScript s = new SmtpScript(from, server.port());
        assertThat(s.startTls("client.example")).contains("AUTH PLAIN LOGIN");
        return s;
    }

    /** Logs in with {@code password}, one connection from 127.0.0.1: @return the reply to {@code AUTH PLAIN} */
    private String login(String password) throws Exception {
        try (SmtpScript s = tls("127.0.0.1")) {
            return s.send(plain(password));
        }
    }

    /** {@code n} connections from 127.0.0.1, each with one wrong password. */
    private void failedLogins(int n) throws Exception {
        for (int connection = 1; connection <= n; connection++) {
            assertThat(login("guess " + connection)).startsWith("535 5.7.8 ");
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts {@code AUTH LOGIN} and answers the user name: @return the connection, at the password challenge */
    private SmtpScript atPasswordChallenge() throws Exception {
        SmtpScript s = tls("127.0.0.1");
        assertThat(s.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
        assertThat(s.send(b64(APP))).isEqualTo("334 UGFzc3dvcmQ6");
        return s;
    }

    private static String plain(String password) {
        return "AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + APP + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void failuresOverSeveralConnections_reachTheLimit_thenAuthIsRefusedWithoutACheck_untilTheWindowHasPassed()
            throws Exception {
        start(b -> b.limits(l -> l.authFailureLimit(3).authFailureWindow(Duration.ofMinutes(5))));

        try (LogCapture log = new LogCapture()) {
            failedLogins(3);
            assertThat(checks).hasValue(3);

            try (SmtpScript s = tls("127.0.0.1")) {
                assertThat(s.send(plain(PASSWORD))).as("the right password, unchecked").isEqualTo(REFUSED);
                assertThat(s.send("AUTH LOGIN")).as("refused before any challenge").isEqualTo(REFUSED);
                assertThat(s.send("MAIL FROM:<visitor@example.org>")).as("the session goes on").startsWith("250");
                assertThat(s.send("RCPT TO:<contact-sales@mailer.domain1.com>")).startsWith("250");
                assertThat(s.send("RCPT TO:<customer@example.com>")).as("not logged in").startsWith("554 5.7.1");
            }
            assertThat(checks).as("no bcrypt check while refused").hasValue(3);

            clock.advance(Duration.ofMinutes(5).minusSeconds(1));
            assertThat(login(PASSWORD)).isEqualTo(REFUSED);

            assertThat(log.text()).contains("127.0.0.1: 3 failed logins within 5m; AUTH refused until the oldest is "
                    + "older than that (server_auth_failure_limit)").doesNotContain("guess").doesNotContain(PASSWORD);
            assertThat(log.text().split("3 failed logins within", -1)).as("logged once").hasSize(2);
        }

        clock.advance(Duration.ofSeconds(1));
        assertThat(login(PASSWORD)).as("the window has passed").startsWith("235 2.7.0 ");
        assertThat(checks).hasValue(4);
    }

    @Test
    void anotherClientAddress_isNotAffected() throws Exception {
        start(b -> b.limits(l -> l.authFailureLimit(2)));
        failedLogins(2);

        try (SmtpScript refused = tls("127.0.0.1"); SmtpScript other = tls("127.0.0.2")) {
            assertThat(refused.send(plain(PASSWORD))).isEqualTo(REFUSED);
            assertThat(other.send(plain(PASSWORD))).startsWith("235 2.7.0 ");
            assertThat(other.send("MAIL FROM:<" + APP + ">")).startsWith("250");
            assertThat(other.send("RCPT TO:<customer@example.com>")).startsWith("250");
        }
    }

    @Test
    void oneConnection_getsNoMoreChecksThanTheLimit_thenRefusalsCountAsErrorsUpToTheHardLimit() throws Exception {
        start(b -> b.limits(l -> l.authFailureLimit(2).softErrorLimit(4).hardErrorLimit(4).errorDelay(Duration.ZERO)));

        try (SmtpScript s = tls("127.0.0.1")) {
            assertThat(s.send(plain("guess 1"))).startsWith("535 5.7.8 ");
            assertThat(s.send(plain("guess 2"))).startsWith("535 5.7.8 ");
            assertThat(s.send(plain("guess 3"))).isEqualTo(REFUSED);
            assertThat(s.send(plain("guess 4"))).isEqualTo(REFUSED);
            assertThat(s.reply()).startsWith("421 4.7.0 ").contains("too many errors");
        }
        assertThat(checks).hasValue(2);
    }

    @Test
    void limitZero_isOff() throws Exception {
        start(b -> b.limits(l -> l.authFailureLimit(0)));

        failedLogins(12);
        assertThat(login(PASSWORD)).startsWith("235 2.7.0 ");
        assertThat(checks).hasValue(13);
    }

    @Test
    void defaults_tenFailuresInFiveMinutes_andLoginsInBetweenDoNotCount() throws Exception {
        start(b -> b);

        for (int connection = 1; connection <= 10; connection++) {
            assertThat(login(PASSWORD)).as("a login counts nothing").startsWith("235 2.7.0 ");
            assertThat(login("guess " + connection)).startsWith("535 5.7.8 ");
        }
        assertThat(login(PASSWORD)).isEqualTo(REFUSED);
        clock.advance(Duration.ofMinutes(5));
        assertThat(login(PASSWORD)).startsWith("235 2.7.0 ");
    }

    @Test
    void failedAuthLogins_countToo() throws Exception {
        start(b -> b.limits(l -> l.authFailureLimit(2)));

        for (int connection = 1; connection <= 2; connection++) {
            try (SmtpScript s = atPasswordChallenge()) {
                assertThat(s.send(b64("guess " + connection))).startsWith("535 5.7.8 ");
            }
        }
        try (SmtpScript s = tls("127.0.0.1")) {
            assertThat(s.send("AUTH LOGIN " + b64(APP))).as("refused before the password challenge")
                    .isEqualTo(REFUSED);
        }
        assertThat(checks).hasValue(2);
    }

    @Test
    void cancelledAndUndecodableExchanges_doNotCount() throws Exception {
        start(b -> b.limits(l -> l.authFailureLimit(2)));

        for (int connection = 1; connection <= 5; connection++) {
            try (SmtpScript s = tls("127.0.0.1")) {
                assertThat(s.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
                assertThat(s.send("*")).isEqualTo("501 5.7.0 Authentication aborted");
                assertThat(s.send("AUTH PLAIN")).isEqualTo("334 ");
                assertThat(s.send("not base64!")).isEqualTo("501 5.5.2 Cannot decode response");
            }
        }
        assertThat(checks).hasValue(0);
        assertThat(login(PASSWORD)).startsWith("235 2.7.0 ");
        failedLogins(2);
        assertThat(login(PASSWORD)).isEqualTo(REFUSED);
    }

    @Test
    void challengesHeldOpen_lockNobodyOut_theCheckIsReservedOnlyWhenThePasswordHasCome() throws Exception {
        start(b -> b.limits(l -> l.authFailureLimit(2)));

        try (SmtpScript a = atPasswordChallenge(); SmtpScript b = atPasswordChallenge();
                SmtpScript c = atPasswordChallenge()) {
            assertThat(login(PASSWORD)).as("three exchanges open, none checked: a login goes through")
                    .startsWith("235 2.7.0 ");
            assertThat(a.send(b64("guess 1"))).startsWith("535 5.7.8 ");
            assertThat(b.send(b64("guess 2"))).startsWith("535 5.7.8 ");
            assertThat(c.send(b64(PASSWORD))).as("the limit was reached during the exchange: still no check")
                    .isEqualTo(REFUSED);
        }
        assertThat(checks).hasValue(3);
    }

    @Test
    void clientsSlowAtTheChallenges_getNoMoreChecksThanTheLimitInAnyWindow() throws Exception {
        start(b -> b.limits(l -> l.authFailureLimit(2).authFailureWindow(Duration.ofMinutes(5))
                .idleTimeout(Duration.ofHours(1))));

        try (SmtpScript slow1 = atPasswordChallenge(); SmtpScript slow2 = atPasswordChallenge()) {
            clock.advance(Duration.ofMinutes(6)); // more than a window at the challenges
            failedLogins(2);
            assertThat(slow1.send(b64("guess 3"))).isEqualTo(REFUSED);
            assertThat(slow2.send(b64("guess 4"))).isEqualTo(REFUSED);
        }
        assertThat(checks).as("two checks in this window, however long the exchanges took").hasValue(2);
    }
}
