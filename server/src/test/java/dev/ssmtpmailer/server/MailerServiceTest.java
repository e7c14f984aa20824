package dev.ssmtpmailer.server;

import dev.ssmtpmailer.testing.SmtpScript;

import static dev.ssmtpmailer.server.TestServers.SALES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.config.UserFromPolicy;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.queue.RecoveryFaults;
import dev.ssmtpmailer.queue.SpoolException;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service takes every part from its assembly: the listener's RCPT policy, the workers' client and listeners. */
class MailerServiceTest {
    @TempDir
    Path dir;

    final FakeSmtpClient client = new FakeSmtpClient();
    final List<String> heard = new CopyOnWriteArrayList<>();

    RelayConfig config() {
        return RelayConfig.builder(TestServers.config(g -> g.spoolDir(dir))).build();
    }

    RelayAssembly.Builder parts(RelayConfig config) {
        return RelayAssembly.builder(config).smtpClient(client).spoolSettings(b -> b.threads(0))
                .listener(new RelayListener() {
                    @Override
                    public void attempted(AccountId account, Duration latency, List<RecipientResult> results) {
                        heard.add(account.name());
                    }
                });
    }

    static String rcpt(MailerService mailer, String rcptTo) throws IOException {
        try (SmtpScript s = new SmtpScript(mailer.port())) {
            assertThat(s.send("MAIL FROM:<a@example.org>")).startsWith("250");
            return s.send("RCPT TO:<" + rcptTo + ">");
        }
    }

    @Test
    void rcpt_isDecidedByTheAssemblysResolver() throws IOException {
        RelayConfig config = config();
        MappingResolver withJobs = MappingResolver.create(RelayConfig.builder(config).mapping(MappingConfig.of("jobs",
                "contact-jobs@mailer.domain1.com", "jobs@domain1.com", TestServers.ACCOUNT)).build());
        try (MailerService mailer = MailerService.builder(parts(config).mappingResolver(withJobs))
                .server(b -> b.listen("127.0.0.1", 0)).start()) {
            assertThat(rcpt(mailer, "contact-jobs@mailer.domain1.com")).startsWith("250");
        }
    }

    /** A reload used to be "applied" whole, while the listener, its limits and the spool stayed as started. */
    @Test
    void reconfigure_startOnlyKeysChanged_namesEachKeepsThem_andAppliesTheRest() throws IOException {
        RelayConfig config = config();
        try (MailerService mailer = MailerService.builder(parts(config)).server(b -> b.listen("127.0.0.1", 0)).start()) {
            int port = mailer.port();
            RelayConfig.Builder next = RelayConfig.builder().global(g -> g.spoolDir(dir.resolve("elsewhere"))
                    .serverLimits(ServerLimits.builder().maxConnections(7).build())
                    .trustedNetworks(config.global().trustedNetworks()).defaultHostname("mailer.domain1.com")
                    .userFromPolicy(UserFromPolicy.REFUSE));
            config.domains().forEach(d -> next.domain(d.name().equals("mailer.domain1.com")
                    ? d.toBuilder().listenPort(2525).build() : d));
            config.mappings().forEach(next::mapping);
            next.mapping(MappingConfig.of("legal", "contact-legal@mailer.domain1.com", "contact-legal@domain1.com",
                    TestServers.ACCOUNT));

            List<String> waiting = mailer.reconfigure(next.build());

            // listen_port is not named: the listen address given in code (serve --listen) wins over it
            assertThat(waiting).containsExactly("spool_dir", "server_max_connections");
            assertThat(mailer.port()).isEqualTo(port);
            assertThat(rcpt(mailer, "contact-legal@mailer.domain1.com")).startsWith("250");
            assertThat(mailer.server().userFromPolicy()).isEqualTo(UserFromPolicy.REFUSE);
            // compared with what the service started with, not with the last reload: still waiting, until reverted
            assertThat(mailer.reconfigure(mailer.relay().config())).containsExactly("spool_dir", "server_max_connections");
            assertThat(mailer.reconfigure(config)).isEmpty();
        }
    }

    /** serve --log-stdout: log_file is given in code, so a reload changing it is not named (a restart ignores it too). */
    @Test
    void reconfigure_keyGivenInCode_isNotNamed() throws IOException {
        RelayConfig config = config();
        try (MailerService mailer = MailerService.builder(parts(config)).server(b -> b.listen("127.0.0.1", 0))
                .givenInCode("log_file").start()) {
            RelayConfig next = RelayConfig.builder(config).global(g -> g.logFile(dir.resolve("relay.log"))
                    .serverLimits(ServerLimits.builder().maxConnections(7).build())).build();

            assertThat(mailer.reconfigure(next)).containsExactly("server_max_connections");
        }
    }

    @Test
    void reconfigure_newMappingAcceptedAtTheNextRcpt() throws IOException {
        try (MailerService mailer = MailerService.builder(parts(config())).server(b -> b.listen("127.0.0.1", 0)).start()) {
            assertThat(rcpt(mailer, "contact-legal@mailer.domain1.com")).startsWith("550");

            mailer.reconfigure(RelayConfig.builder(config()).mapping(MappingConfig.of("legal",
                    "contact-legal@mailer.domain1.com", "contact-legal@domain1.com", TestServers.ACCOUNT)).build());

            assertThat(rcpt(mailer, "contact-legal@mailer.domain1.com")).startsWith("250");
        }
    }

    @Test
    void forwardedMessage_leavesThroughTheAssemblysClientAndListeners() throws IOException {
        try (RelayAssembly parts = parts(config()).build();
             MailerService mailer = MailerService.builder(parts).server(b -> b.listen("127.0.0.1", 0)).start()) {
            try (SmtpScript s = new SmtpScript(mailer.port())) {
                s.envelope("a@example.org", SALES);
                assertThat(s.send("DATA")).startsWith("354");
                assertThat(s.send("Subject: hi\r\n\r\nbody\r\n.")).startsWith("250");
            }
            assertThat(parts.spool().runDue()).isEqualTo(1);

            assertThat(client.sent()).singleElement().satisfies(m ->
                    assertThat(m.envelope().recipients()).extracting(r -> r.address()).containsExactly("contact-sales@domain1.com"));
            assertThat(heard).containsExactly(TestServers.ACCOUNT);
        }
        assertThat(client.closed()).isFalse();
    }

    /** A trusted client sends as an alias: From shows the canonical address and keeps the display name. */
    @Test
    void trustedSubmissionAsAlias_leavesWithTheCanonicalFromAndTheDisplayName() throws IOException {
        RelayConfig config = RelayConfig.builder(TestServers.config(g -> g.spoolDir(dir)
                .trustedNetworks(List.of(Cidr.parse("127.0.0.0/8"))))).build();
        try (RelayAssembly parts = parts(config).build();
             MailerService mailer = MailerService.builder(parts).server(b -> b.listen("127.0.0.1", 0)).start()) {
            try (SmtpScript s = new SmtpScript(mailer.port())) {
                assertThat(s.message("contact-general@mailer.domain1.com", "someone@example.com",
                        "From: \"ACME General\" <contact-general@mailer.domain1.com>\r\nSubject: out\r\n\r\nhello\r\n"))
                        .startsWith("250");
            }
            assertThat(parts.spool().runDue()).isEqualTo(1);

            assertThat(client.sent()).singleElement().satisfies(m -> {
                assertThat(m.envelope().sender().address()).isEqualTo("contact-general@domain1.com");
                assertThat(m.body()).contains("\r\nFrom: \"ACME General\" <contact-general@domain1.com>\r\nSubject: out\r\n")
                        .doesNotContain("mailer.domain1.com>");
            });
        }
    }

    /** The last stop's "noticed, left alone": a failed recovery made close() throw from its "stopped" log line. */
    @Test
    void close_afterAFailedRecovery_stopsAndSaysTheDepthIsUnknown() throws Exception {
        MailerService mailer = null;
        try {
            // The fault stays until stats() has thrown: the recovery thread reads the seam only when it lists.
            RecoveryFaults fault = RecoveryFaults.failListing(new IllegalStateException("forced listing fault"));
            try {
                mailer = MailerService.builder(parts(config())).server(b -> b.listen("127.0.0.1", 0)).start();
                MailerService started = mailer;
                assertThatThrownBy(() -> started.queue().stats()).isInstanceOf(SpoolException.class); // the recovery failed
            } finally {
                fault.close();
            }
            int port = mailer.port();

            try (LogCapture log = new LogCapture()) {
                mailer.close();

                assertThat(log.text().lines().filter(l -> l.contains("stopped;"))).singleElement().asString()
                        .contains("how many messages stay in the spool is unknown").contains("forced listing fault");
            }
            mailer.awaitClose(); // returns: the shutdown completed
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        } finally {
            if (mailer != null) {
                mailer.close();
            }
        }
    }

    @Test
    void close_logsTheDepthThatStaysInTheSpool() throws IOException {
        MailerService mailer = MailerService.builder(parts(config())).server(b -> b.listen("127.0.0.1", 0)).start();
        try (SmtpScript s = new SmtpScript(mailer.port())) {
            s.envelope("a@example.org", SALES);
            assertThat(s.send("DATA")).startsWith("354");
            assertThat(s.send("Subject: hi\r\n\r\nbody\r\n.")).startsWith("250");
        }

        try (LogCapture log = new LogCapture()) {
            mailer.close();

            assertThat(log.text()).contains("stopped; 1 messages stay in the spool");
        }
    }
}
