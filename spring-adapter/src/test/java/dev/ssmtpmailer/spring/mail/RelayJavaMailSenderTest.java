package dev.ssmtpmailer.spring.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.policy.PolicyException;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.testing.TestConfigs;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;

/** The bridge on a relay whose upstream is a {@link FakeSmtpClient}: what it writes and how it reports failures. */
class RelayJavaMailSenderTest {
    private static final String SALES = "contact-sales@mailer.domain1.com";
    private final FakeSmtpClient upstream = new FakeSmtpClient();
    private final Relay relay = RelayAssembly.builder(TestConfigs.guide("sales").build()).smtpClient(upstream).relay();
    private final RelayJavaMailSender sender = new RelayJavaMailSender(relay);

    @AfterEach
    void close() {
        relay.close();
    }

    /** @return a message from the sales alias to test@example.com, text "hello", not yet saved */
    private MimeMessage fromSales() throws MessagingException {
        MimeMessage m = sender.createMimeMessage();
        m.setFrom("contact-sales@mailer.domain1.com");
        m.setRecipients(Message.RecipientType.TO, "test@example.com");
        m.setText("hello");
        return m;
    }

    @Test
    void send_keepsTheApplicationsMessageId() throws Exception {
        MimeMessage m = fromSales();
        m.setHeader("Message-ID", "<order-42@app.example>");

        sender.send(m);

        assertThat(upstream.sent()).singleElement()
                .satisfies(s -> assertThat(s.body()).contains("Message-ID: <order-42@app.example>"));
        assertThat(m.getMessageID()).isEqualTo("<order-42@app.example>");
    }

    @Test
    void send_withoutMessageId_getsOne() throws Exception {
        sender.send(fromSales());

        assertThat(upstream.sent()).singleElement().satisfies(s -> assertThat(s.body()).contains("Message-ID: <"));
    }

    @Test
    void sendSimpleMessages_anUnparseableAddressFailsThatMessageOnly() {
        SimpleMailMessage first = SsmtpMailerMailSenderAutoConfigurationTest.message(SALES, "first");
        SimpleMailMessage broken = SsmtpMailerMailSenderAutoConfigurationTest.message(SALES, "broken");
        broken.setTo("not an <address");
        SimpleMailMessage refused = SsmtpMailerMailSenderAutoConfigurationTest.message("stranger@elsewhere.example", "refused");
        SimpleMailMessage last = SsmtpMailerMailSenderAutoConfigurationTest.message(SALES, "last");

        assertThatThrownBy(() -> sender.send(first, broken, refused, last))
                .isInstanceOfSatisfying(MailSendException.class, e -> {
                    assertThat(e.getFailedMessages()).containsOnlyKeys(broken, refused);
                    assertThat(e.getFailedMessages().get(broken)).isInstanceOf(MailParseException.class);
                    assertThat(e.getFailedMessages().get(refused)).isInstanceOf(PolicyException.class);
                });
        assertThat(upstream.sent()).extracting(s -> s.body().contains("Subject: first") ? "first"
                : s.body().contains("Subject: last") ? "last" : "other").containsExactly("first", "last");
    }

    @Test
    void send_onAClosedRelay_isAMailSendExceptionForEveryMessage() {
        SimpleMailMessage first = SsmtpMailerMailSenderAutoConfigurationTest.message(SALES, "first");
        SimpleMailMessage second = SsmtpMailerMailSenderAutoConfigurationTest.message(SALES, "second");
        relay.close();

        assertThatThrownBy(() -> sender.send(first, second)).isInstanceOfSatisfying(MailSendException.class,
                e -> assertThat(e.getFailedMessages()).containsOnlyKeys(first, second)
                        .allSatisfy((m, failure) -> assertThat(failure).isInstanceOf(IllegalStateException.class)));
        assertThat(upstream.sent()).isEmpty();
    }
}
