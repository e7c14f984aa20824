package dev.ssmtpmailer.smtp;

import static dev.ssmtpmailer.testing.RecipientOutcomes.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pipelining (RFC 2920) in {@link TrackingTransport}, through the pool, against a scripted server. */
class TrackingTransportTest {
    private static final EmailAddress FROM = EmailAddress.parse("contact-general@domain1.com");
    private static final EmailAddress A = EmailAddress.parse("a@example.com");
    private static final EmailAddress B = EmailAddress.parse("b@example.com");
    private static final EmailAddress C = EmailAddress.parse("c@example.com");
    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String MAIL = "MAIL FROM:<contact-general@domain1.com>";

    @RegisterExtension
    final FakeSmtpServer server = FakeSmtpServer.started();
    private PooledSmtpRelayClient client;

    @BeforeEach
    void start() {
        InstantSource clock = () -> Instant.parse("2030-01-01T00:00:00Z");
        client = new PooledSmtpRelayClient(GlobalSettings.builder().readTimeout(Duration.ofSeconds(10)).build(), null,
                clock, PoolSettings.DEFAULTS);
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private List<RecipientResult> send(EmailAddress... to) {
        DomainConfig account = DomainConfig.builder("fake").smtpServer("127.0.0.1").smtpPort(server.port())
                .authMethod(AuthMethod.NONE).tls(TlsMode.NONE).relayAccount("relay@domain1.com").build();
        return client.send(account, Envelope.of(FROM, to), MessageBody.of(MESSAGE));
    }

    /** @return the groups that start with MAIL FROM */
    private List<List<String>> mailGroups() {
        return server.groups().stream().filter(g -> g.get(0).startsWith("MAIL")).toList();
    }

    @Test
    void extensions_multiLineEhloReply_listsTheKeywordsAfterTheFirstLine() {
        assertThat(TrackingTransport.extensions("250-smtp.domain1.com\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n"))
                .isEqualTo("offers PIPELINING, AUTH PLAIN LOGIN");
        assertThat(TrackingTransport.extensions("250 smtp.domain1.com")).isEqualTo("no extensions");
    }

    @Test
    void send_serverOffersPipelining_writesMailRcptAndDataAsOneGroup() {
        List<RecipientResult> first = send(A, B);
        List<RecipientResult> second = send(C);

        assertThat(first).allMatch(RecipientResult::delivered);
        assertThat(second).allMatch(RecipientResult::delivered);
        assertThat(mailGroups()).containsExactly(
                List.of(MAIL, "RCPT TO:<a@example.com>", "RCPT TO:<b@example.com>", "DATA"),
                List.of(MAIL, "RCPT TO:<c@example.com>", "DATA"));
        assertThat(server.messages()).hasSize(2).allMatch(m -> m.equals("Subject: hi\r\n\r\nbody\r\n"));
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void send_serverWithoutPipelining_waitsForEveryReply() {
        server.pipelining = false;

        List<RecipientResult> results = send(A, B);

        assertThat(results).allMatch(RecipientResult::delivered);
        assertThat(server.groups()).isNotEmpty().allSatisfy(g -> assertThat(g).hasSize(1));
        assertThat(server.commands()).containsSubsequence(MAIL, "RCPT TO:<a@example.com>", "RCPT TO:<b@example.com>", "DATA");
    }

    @Test
    void send_pipelinedMixedRecipients_eachGetsItsOwnReply() {
        server.rcptReply = rcpt -> switch (rcpt) {
            case "b@example.com" -> "550 5.1.1 <b@example.com>: Recipient address rejected";
            case "c@example.com" -> "452 4.2.2 <c@example.com>: Mailbox full";
            default -> "250 2.1.5 Ok";
        };

        List<RecipientResult> results = send(A, B, C);

        assertThat(results).extracting(RecipientResult::recipient).containsExactly(A, B, C);
        assertThat(results).extracting(RecipientResult::status).containsExactly(DeliveryStatus.DELIVERED,
                DeliveryStatus.PERMANENT_FAILURE, DeliveryStatus.TEMPORARY_FAILURE);
        assertThat(results).extracting(RecipientResult::replyCode).containsExactly(250, 550, 452);
        assertThat(results).extracting(RecipientResult::phase).containsExactly(SmtpPhase.END_OF_DATA, SmtpPhase.RCPT,
                SmtpPhase.RCPT);
        assertThat(results.get(2).reply()).contains("Mailbox full");
        assertThat(mailGroups()).hasSize(1).allSatisfy(g -> assertThat(g).hasSize(5).endsWith("DATA"));
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void send_pipelinedMailRefused_allFailWithMailReplyAndConnectionStaysInStep() {
        server.mailReply = "553 5.7.1 <contact-general@domain1.com>: Sender address rejected";

        List<RecipientResult> refused = send(A, B);
        server.mailReply = "250 2.1.0 Ok";
        List<RecipientResult> next = send(C);

        assertThat(refused).allSatisfy(outcome(DeliveryStatus.PERMANENT_FAILURE, 553, "5.7.1", SmtpPhase.MAIL));
        // the 503 replies to the RCPTs and DATA of the refused group were read, not taken for the next message
        assertThat(next).singleElement().satisfies(r -> {
            assertThat(r.delivered()).isTrue();
            assertThat(r.replyCode()).isEqualTo(250);
        });
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.messages()).hasSize(1);
        assertThat(server.commands()).containsSubsequence(MAIL, "DATA", "RSET", MAIL, "RCPT TO:<c@example.com>", "DATA");
    }

    @Test
    void send_pipelinedNoRecipientAccepted_dataRefusedAndNoContentSent() {
        server.rcptReply = rcpt -> "550 5.1.1 <" + rcpt + ">: Recipient address rejected";

        List<RecipientResult> refused = send(A, B);
        server.rcptReply = rcpt -> "250 2.1.5 Ok";
        List<RecipientResult> next = send(C);

        assertThat(refused).allSatisfy(outcome(DeliveryStatus.PERMANENT_FAILURE, 550, SmtpPhase.RCPT));
        assertThat(refused.get(1).reply()).contains("<b@example.com>");
        assertThat(next).allMatch(RecipientResult::delivered);
        assertThat(server.messages()).hasSize(1);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.commands()).containsSubsequence("DATA", "RSET", MAIL);
    }

    @Test
    void send_pipelinedDataRefused_acceptedRecipientsFailWithDataReply() {
        server.rcptReply = rcpt -> rcpt.startsWith("b@") ? "550 5.1.1 unknown" : "250 2.1.5 Ok";
        server.dataReply = "554 5.3.0 Error: no data today";

        List<RecipientResult> refused = send(A, B);
        server.dataReply = "354 go ahead";
        List<RecipientResult> next = send(C);

        assertThat(refused.get(0).status()).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
        assertThat(refused.get(0).replyCode()).isEqualTo(554);
        assertThat(refused.get(0).phase()).isEqualTo(SmtpPhase.DATA);
        assertThat(refused.get(1).replyCode()).isEqualTo(550);
        assertThat(refused.get(1).phase()).isEqualTo(SmtpPhase.RCPT);
        assertThat(next).allMatch(RecipientResult::delivered);
        assertThat(server.messages()).hasSize(1);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void send_serverStartsDataWithoutRecipients_endsItEmptyAndStaysInStep() {
        server.dataWithoutRecipients = true;
        server.rcptReply = rcpt -> rcpt.startsWith("c@") ? "250 2.1.5 Ok" : "550 5.1.1 unknown";

        List<RecipientResult> refused = send(A);
        List<RecipientResult> next = send(C);

        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.replyCode()).isEqualTo(550);
            assertThat(r.phase()).isEqualTo(SmtpPhase.RCPT);
        });
        assertThat(next).allMatch(RecipientResult::delivered);
        // the unwanted transaction got an empty content; the real message follows intact
        assertThat(server.messages()).containsExactly("", "Subject: hi\r\n\r\nbody\r\n");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void send_messagesLargerThanTheContentBuffer_arriveCanonicalAndDotStuffedOnOneConnection() {
        StringBuilder b = new StringBuilder("Subject: big\n\n");
        for (int i = 0; b.length() < 3 * DataStream.BUFFER; i++) {
            b.append(i % 7 == 0 ? ".line " : "line ").append(i).append(i % 5 == 0 ? "\r\n" : "\n");
        }
        String text = b.toString();
        DomainConfig account = DomainConfig.builder("fake").smtpServer("127.0.0.1").smtpPort(server.port())
                .authMethod(AuthMethod.NONE).tls(TlsMode.NONE).relayAccount("relay@domain1.com").build();
        for (int round = 0; round < 2; round++) {
            List<RecipientResult> results = client.send(account, Envelope.of(FROM, A),
                    MessageBody.of(text.getBytes(StandardCharsets.US_ASCII)));
            assertThat(results).allMatch(RecipientResult::delivered);
        }
        // the fake server reads lines and removes one leading dot: an unstuffed ".line" would lose its dot
        String canonical = text.replace("\r\n", "\n").replace("\n", "\r\n");
        assertThat(server.messages()).containsExactly(canonical, canonical);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void command_anyAngling_sameAsAngusNormalizeAddress() {
        for (String a : new String[] {"a@b.example", "<a@b.example>", "<a@b.example", "a@b.example>", "", "<", ">", "<>"}) {
            // the expression it replaced, Angus's private normalizeAddress
            String angled = !a.startsWith("<") && !a.endsWith(">") ? "<" + a + ">" : a;
            assertThat(TrackingTransport.command("RCPT TO:", a)).as(a).isEqualTo("RCPT TO:" + angled);
            assertThat(TrackingTransport.command("MAIL FROM:", a)).as(a).isEqualTo("MAIL FROM:" + angled);
        }
    }
}
