package dev.ssmtpmailer.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.server.RelayServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole application against GreenMail standing in for Gmail. */
class ContactApplicationTest {
    @TempDir
    Path dir;
    private GreenMail gmail;
    private ConfigurableApplicationContext app;

    @BeforeEach
    void start() {
        gmail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        gmail.start();
        gmail.setUser("mail-relay@domain1.com", "mail-relay@domain1.com", "app-password");
        app = run();
    }

    /** The application as {@code spring-boot:run} starts it, GreenMail standing in for smtp.gmail.com. */
    private ConfigurableApplicationContext run(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--gmail.host=127.0.0.1", "--gmail.port=" + gmail.getSmtp().getPort(), "--gmail.starttls=false",
                "--GMAIL_APP_PASSWORD=app-password", "--spring.main.banner-mode=off",
                "--relay.listen-port=0", "--relay.spool-dir=" + dir.resolve("spool-" + more.length)));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(ContactApplication.class).run(args.toArray(String[]::new));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        gmail.stop();
    }

    @Test
    void reply_fromTheSalesAlias_arrivesFromTheCanonicalAddressWithTheDisplayName() {
        app.getBean(ContactMailer.class).reply("sales", "customer@example.com", "Your quote", "Here it is.");

        MimeMessage[] received = gmail.getReceivedMessages();
        assertThat(received).hasSize(1); // and nothing was sent at start: contact.test-mail-to is not set
        String whole = GreenMailUtil.getWholeMessage(received[0]);
        assertThat(whole).contains("From: ACME Sales <contact-sales@domain1.com>").contains("To: customer@example.com")
                .contains("Subject: Your quote").doesNotContain("mailer.domain1.com>");
        assertThat(app.getBean(Relay.class).config().mappings()).hasSize(2);
    }

    @Test
    void start_withTestMailTo_sendsOneMessageFromTheSalesAlias() {
        try (ConfigurableApplicationContext second = run("--contact.test-mail-to=you@example.com")) {
            MimeMessage[] received = gmail.getReceivedMessages();
            assertThat(received).hasSize(1);
            assertThat(GreenMailUtil.getWholeMessage(received[0])).contains("From: ACME Sales <contact-sales@domain1.com>")
                    .contains("To: you@example.com").contains("Subject: ssmtp-mailer example");
        }
    }

    @Test
    void mailToAnAlias_isForwardedThroughTheServerToTheCanonicalAddress() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(app.getBean(RelayServer.class).port()));
        MimeMessage m = new MimeMessage(Session.getInstance(props));
        m.setFrom(new InternetAddress("customer@example.com"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("contact-support@mailer.domain1.com"));
        m.setSubject("Help");
        m.setText("It does not work.");
        Transport.send(m);

        // Bounded wait for the spool's worker, not a timing assertion.
        assertThat(gmail.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage forwarded = gmail.getReceivedMessages()[0];
        assertThat(forwarded.getAllRecipients()[0].toString()).isEqualTo("contact-support@mailer.domain1.com");
        assertThat(GreenMailUtil.getWholeMessage(forwarded)).contains("Subject: Help").contains("From: customer@example.com");
        // GreenMail files a message under each envelope recipient: the canonical address, not the alias.
        assertThat(gmail.getUserManager().getUserByEmail("contact-support@domain1.com")).isNotNull();
        assertThat(gmail.getUserManager().getUserByEmail("contact-support@mailer.domain1.com")).isNull();
    }

    @Test
    void health_probesTheAccountAgainstTheUpstream() {
        CompositeHealthContributor ssmtp = app.getBean("ssmtpMailerHealthContributor", CompositeHealthContributor.class);
        HealthIndicator account = (HealthIndicator) ssmtp.getContributor("mail-relay@domain1.com");
        assertThat(account.health().getStatus()).isEqualTo(Status.UP);
        assertThat(account.health().getDetails()).containsEntry("detail", "connected and authenticated");
    }

    @Test
    void badProperty_startupFailsWithAnAnalysisNamingThePropertyAndTheFix() {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> new SpringApplicationBuilder(
                ContactApplication.class).run("--gmail.host=127.0.0.1", "--gmail.port=0", "--GMAIL_APP_PASSWORD=x",
                "--spring.main.banner-mode=off"));
        assertThat(failure).isNotNull();
        // The analyzers Spring Boot itself loads when startup fails (META-INF/spring.factories); those that need
        // a bean factory to be built are skipped here.
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { }));
        FailureAnalysis analysis = analyzers.stream().map(a -> a.analyze(failure)).filter(Objects::nonNull)
                .filter(a -> a.getDescription().contains("ssmtp-mailer")).findFirst().orElseThrow();
        assertThat(analysis.getDescription())
                .contains("ssmtp-mailer.domains[0].smtp-port: must be between 1 and 65535, was 0");
        assertThat(analysis.getAction()).contains("Fix the properties listed above");
    }
}
