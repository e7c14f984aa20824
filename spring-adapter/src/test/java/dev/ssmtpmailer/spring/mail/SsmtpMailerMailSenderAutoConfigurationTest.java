package dev.ssmtpmailer.spring.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.ssmtpmailer.policy.PolicyException;
import dev.ssmtpmailer.spring.Stderr;
import dev.ssmtpmailer.spring.TestProperties;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.MailSendException;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/** The bridge against a real SMTP server (GreenMail) standing in for Gmail. */
class SsmtpMailerMailSenderAutoConfigurationTest {
    private GreenMail gmail;
    private ApplicationContextRunner runner;

    @BeforeEach
    void startGmail() {
        gmail = TestProperties.startGmail();
        runner = TestProperties.runnerOn(gmail, SsmtpMailerMailSenderAutoConfiguration.class);
    }

    @AfterEach
    void stopGmail() {
        gmail.stop();
    }

    /** @return a plain message from {@code from} to test@example.com, text "hello" */
    static SimpleMailMessage message(String from, String subject) {
        SimpleMailMessage m = new SimpleMailMessage();
        m.setFrom(from);
        m.setTo("test@example.com");
        m.setSubject(subject);
        m.setText("hello");
        return m;
    }

    @Test
    void bridge_isOffByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(JavaMailSender.class));
    }

    @Test
    void mimeMessage_fromAlias_leavesAsTheCanonicalAddressWithBccOnlyInTheEnvelope() {
        runner.withPropertyValues("ssmtp-mailer.mail-sender.enabled=true").run(context -> {
            JavaMailSender sender = context.getBean(JavaMailSender.class);
            assertThat(sender).isInstanceOf(RelayJavaMailSender.class);
            MimeMessage m = sender.createMimeMessage();
            MimeMessageHelper h = new MimeMessageHelper(m, "UTF-8");
            h.setFrom("contact-sales@mailer.domain1.com");
            h.setTo("test@example.com");
            h.setBcc("audit@example.com");
            h.setSubject("Test Email");
            h.setText("This is a test email from the relay system");
            sender.send(m);

            MimeMessage[] received = gmail.getReceivedMessages();
            assertThat(received).hasSize(2); // one copy per envelope recipient
            String whole = GreenMailUtil.getWholeMessage(received[0]);
            assertThat(whole).contains("From: contact-sales@domain1.com").contains("Subject: Test Email")
                    .doesNotContain("mailer.domain1.com>").doesNotContainIgnoringCase("Bcc:");
            assertThat(received[0].getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("test@example.com");
        });
    }

    @Test
    void simpleMailMessage_isSentThroughTheRelay() {
        runner.withPropertyValues("ssmtp-mailer.mail-sender.enabled=true").run(context -> {
            SimpleMailMessage m = message("contact-sales@mailer.domain1.com", "simple");
            context.getBean(MailSender.class).send(m);
            assertThat(gmail.getReceivedMessages()).singleElement()
                    .satisfies(r -> assertThat(r.getFrom()[0].toString()).isEqualTo("contact-sales@domain1.com"));
        });
    }

    @Test
    void useSpool_messageIsQueuedThenDeliveredByTheSpool(@TempDir Path dir) {
        runner.withPropertyValues("ssmtp-mailer.mail-sender.enabled=true", "ssmtp-mailer.mail-sender.use-spool=true",
                "ssmtp-mailer.spool.enabled=true", "ssmtp-mailer.global.spool-dir=" + dir).run(context -> {
                    SimpleMailMessage m = message("contact-sales@mailer.domain1.com", "queued");
                    context.getBean(MailSender.class).send(m);
                    // Bounded wait for the spool's worker, not a timing assertion.
                    assertThat(gmail.waitForIncomingEmail(10_000, 1)).isTrue();
                    assertThat(gmail.getReceivedMessages()[0].getFrom()[0].toString()).isEqualTo("contact-sales@domain1.com");
                });
    }

    @Test
    void unknownSender_mailSendExceptionCarriesThePolicyRefusalAndNothingIsSent() {
        runner.withPropertyValues("ssmtp-mailer.mail-sender.enabled=true").run(context -> {
            SimpleMailMessage m = message("stranger@elsewhere.example", null);
            assertThatThrownBy(() -> context.getBean(MailSender.class).send(m)).isInstanceOfSatisfying(MailSendException.class,
                    e -> assertThat(e.getFailedMessages()).containsOnlyKeys(m)
                            .hasValueSatisfying(new org.assertj.core.api.Condition<>(PolicyException.class::isInstance, "policy")));
            assertThat(gmail.getReceivedMessages()).isEmpty();
        });
    }

    @Test
    void withoutSpringMail_noBridgeAndNoFailure() {
        runner.withPropertyValues("ssmtp-mailer.mail-sender.enabled=true")
                .withClassLoader(new FilteredClassLoader(JavaMailSender.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("ssmtpMailerJavaMailSender"));
    }

    @Test
    void applicationMailSender_bridgeBacksOff() {
        MailSender own = messages -> { };
        runner.withPropertyValues("ssmtp-mailer.mail-sender.enabled=true").withBean(MailSender.class, () -> own)
                .run(context -> assertThat(context).hasSingleBean(MailSender.class).doesNotHaveBean(JavaMailSender.class));
    }

    @Test
    void springMailProperties_withBridge_oneWarningNamesEachIgnoredProperty() {
        String log = Stderr.of(() -> runner.withPropertyValues("ssmtp-mailer.mail-sender.enabled=true",
                        "spring.mail.host=smtp.example.com", "spring.mail.default-encoding=ISO-8859-1",
                        "spring.mail.properties.mail.smtp.auth=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(JavaMailSender.class);
                    assertThat(SsmtpMailerMailSenderAutoConfiguration.springMailProperties(context.getEnvironment()))
                            .containsExactly("spring.mail.default-encoding", "spring.mail.host",
                                    "spring.mail.properties.mail.smtp.auth");
                }));

        assertThat(log.lines().filter(l -> l.contains("Spring Boot mail properties are ignored")))
                .singleElement().asString().contains("spring.mail.default-encoding, spring.mail.host, "
                        + "spring.mail.properties.mail.smtp.auth");
    }

    @Test
    void noSpringMailProperties_noWarning() {
        String log = Stderr.of(() -> runner.withPropertyValues("ssmtp-mailer.mail-sender.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(JavaMailSender.class)));

        assertThat(log).doesNotContain("Spring Boot mail properties are ignored");
    }
}
