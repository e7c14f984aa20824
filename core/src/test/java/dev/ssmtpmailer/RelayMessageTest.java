package dev.ssmtpmailer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import dev.ssmtpmailer.message.MessageBody;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayMessageTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2025-01-02T03:04:05Z"));

    private static RelayMessage.Builder minimal() {
        return RelayMessage.builder().from("contact-general@mailer.domain1.com").to("test@example.com")
                .subject("Test Email").text("This is a test email from the relay system");
    }

    private static byte[] bytes(MessageBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        return out.toByteArray();
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    private static String headerBlock(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.US_ASCII);
        return s.substring(0, s.indexOf("\r\n\r\n") + 2);
    }

    @Test
    void render_textOnly_hasDateMessageIdMimeVersionAndPlainBody() throws Exception {
        byte[] out = bytes(minimal().build().toMessageBody("domain1.com", CLOCK));
        MimeMessage parsed = parse(out);

        assertThat(parsed.getHeader("Message-ID")[0]).matches("<[A-Za-z0-9_-]+@domain1\\.com>");
        assertThat(parsed.getHeader("MIME-Version")[0]).isEqualTo("1.0");
        assertThat(parsed.getSentDate().toInstant()).isEqualTo(CLOCK.instant());
        assertThat(parsed.getSubject()).isEqualTo("Test Email");
        assertThat(parsed.getContentType()).startsWith("text/plain");
        assertThat(((String) parsed.getContent()).strip()).isEqualTo("This is a test email from the relay system");
        assertThat(headerBlock(out)).contains("From: contact-general@mailer.domain1.com\r\n", "To: test@example.com\r\n");
    }

    @Test
    void render_bcc_neverAppearsInOutputButIsARecipient() throws Exception {
        RelayMessage m = minimal().cc("cc@example.com").bcc("hidden@example.com").build();
        String out = new String(bytes(m.toMessageBody("domain1.com", CLOCK)), StandardCharsets.US_ASCII);

        assertThat(out).doesNotContainIgnoringCase("bcc").doesNotContain("hidden@example.com");
        assertThat(m.recipients()).extracting(EmailAddress::address)
                .containsExactly("test@example.com", "cc@example.com", "hidden@example.com");
    }

    @Test
    void recipients_duplicatesAcrossFields_appearOnce() {
        RelayMessage m = RelayMessage.builder().from("s@domain1.com").to("A@example.com", "a@example.com").cc("a@EXAMPLE.com").bcc(List.of("b@example.com"))
                .build();

        assertThat(m.recipients()).extracting(EmailAddress::address).containsExactly("A@example.com", "b@example.com");
    }

    @Test
    void render_textAndHtml_isMultipartAlternative() throws Exception {
        MimeMessage parsed = parse(bytes(minimal().html("<p>hi</p>").build().toMessageBody("domain1.com", CLOCK)));

        assertThat(parsed.getContentType()).startsWith("multipart/alternative");
        MimeMultipart alt = (MimeMultipart) parsed.getContent();
        assertThat(alt.getCount()).isEqualTo(2);
        assertThat(alt.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(alt.getBodyPart(1).getContentType()).startsWith("text/html");
    }

    @Test
    void render_attachments_wrapAlternativeInMixed() throws Exception {
        byte[] pdf = {1, 2, 3, 0, (byte) 0xff};
        RelayMessage m = minimal().html("<p>hi</p>").attach(Attachment.of("report.pdf", "application/pdf", pdf)).build();
        MimeMessage parsed = parse(bytes(m.toMessageBody("domain1.com", CLOCK)));

        MimeMultipart mixed = (MimeMultipart) parsed.getContent();
        assertThat(parsed.getContentType()).startsWith("multipart/mixed");
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
        MimeBodyPart attachment = (MimeBodyPart) mixed.getBodyPart(1);
        assertThat(attachment.getFileName()).isEqualTo("report.pdf");
        assertThat(attachment.getContentType()).startsWith("application/pdf");
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);
    }

    @Test
    void render_nonAsciiSubjectAndName_areEncodedWords() throws Exception {
        RelayMessage m = RelayMessage.builder().from("contact-general@mailer.domain1.com", "Zoë Müller").to("t@example.com")
                .subject("Grüße aus Köln").text("x").build();
        byte[] out = bytes(m.toMessageBody("domain1.com", CLOCK));

        String headers = headerBlock(out);
        assertThat(headers).contains("Subject: =?UTF-8?").contains("From: =?UTF-8?");
        for (byte b : out) {
            assertThat(b & 0xff).isLessThan(0x80);
        }
        assertThat(parse(out).getSubject()).isEqualTo("Grüße aus Köln");
    }

    @Test
    void render_twice_writesIdenticalBytes() throws Exception {
        MessageBody body = minimal().html("<b>x</b>").attach(Attachment.of("a.txt", "text/plain", new byte[] {'a'}))
                .build().toMessageBody("domain1.com");

        assertThat(bytes(body)).isEqualTo(bytes(body));
    }

    @Test
    void render_givenMessageIdAndExtraHeader_areUsed() throws Exception {
        MimeMessage parsed = parse(bytes(minimal().messageId("abc.1@domain1.com").header("X-Campaign", "spring")
                .build().toMessageBody("other.com", CLOCK)));

        assertThat(parsed.getMessageID()).isEqualTo("<abc.1@domain1.com>");
        assertThat(parsed.getHeader("X-Campaign")[0]).isEqualTo("spring");
    }

    @Test
    void render_generatedMessageIds_differ() throws Exception {
        RelayMessage m = minimal().build();

        assertThat(parse(bytes(m.toMessageBody("d.com"))).getMessageID())
                .isNotEqualTo(parse(bytes(m.toMessageBody("d.com"))).getMessageID());
    }

    @Test
    void withFrom_replacesSenderKeepsName() {
        RelayMessage m = RelayMessage.builder().from("contact-general@mailer.domain1.com", "Sales").to("t@example.com")
                .build();
        RelayMessage rewritten = m.withFrom(EmailAddress.parse("contact-general@domain1.com"));

        assertThat(rewritten.from().address()).isEqualTo("contact-general@domain1.com");
        assertThat(rewritten.fromName()).contains("Sales");
        assertThat(m.from().domain()).isEqualTo("mailer.domain1.com");
    }

    @Test
    void subject_withCrLf_isRefusedNamingTheField() {
        assertThatThrownBy(() -> minimal().subject("hi\r\nBcc: victim@example.com"))
                .isInstanceOf(InvalidMessageException.class).hasMessageStartingWith("subject:")
                .extracting(e -> ((InvalidMessageException) e).field()).isEqualTo("subject");
    }

    @Test
    void address_withLf_isRefusedAsInvalidAddressNamingTheField() {
        assertThatThrownBy(() -> minimal().cc("a@example.com\nBcc: x@example.com"))
                .isInstanceOf(InvalidAddressException.class).hasMessageStartingWith("cc:");
        assertThatThrownBy(() -> RelayMessage.builder().from("a@b.com\r"))
                .isInstanceOf(InvalidAddressException.class).hasMessageStartingWith("from:");
    }

    @Test
    void displayName_withCr_isRefused() {
        assertThatThrownBy(() -> RelayMessage.builder().from("a@b.com", "Name\rX"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("from display name");
    }

    @Test
    void header_valueWithCrLf_isRefused() {
        assertThatThrownBy(() -> minimal().header("X-Tag", "a\r\nBcc: x@example.com"))
                .isInstanceOf(InvalidMessageException.class).hasMessageStartingWith("X-Tag:");
    }

    @Test
    void header_nameNotAFieldName_isRefused() {
        assertThatThrownBy(() -> minimal().header("X Tag", "v")).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("RFC 5322 field name");
        assertThatThrownBy(() -> minimal().header("X:Tag", "v")).isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> minimal().header("Grüße", "v")).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void build_identityAndTraceHeaders_refusedNamingTheAllowList() {
        for (String name : List.of("Sender", "Return-Path", "Received", "received-spf", "Resent-From", "RESENT-SENDER",
                "Resent-Message-ID", "DKIM-Signature", "Authentication-Results", "ARC-Seal", "Delivered-To")) {
            RelayMessage.Builder b = minimal().header(name, "x");
            assertThatThrownBy(b::build).as(name).isInstanceOf(InvalidMessageException.class)
                    .hasMessage(name + ": is an identity or trace header; set it only with allowHeaders(\"" + name
                            + "\") if this sender may claim it")
                    .extracting(e -> ((InvalidMessageException) e).field()).isEqualTo(name);
        }
    }

    @Test
    void build_identityHeaderOnTheAllowList_kept() throws Exception {
        RelayMessage m = minimal().allowHeaders("sender").header("Sender", "bulk@domain1.com")
                .header("X-Campaign", "spring").build();

        assertThat(m.headers()).extracting(RelayMessage.Header::name).containsExactly("Sender", "X-Campaign");
        assertThat(parse(bytes(m.toMessageBody("domain1.com", CLOCK))).getHeader("Sender", null)).isEqualTo("bulk@domain1.com");
        assertThatThrownBy(() -> minimal().allowHeaders("Sender").header("Received", "from x").build())
                .isInstanceOf(InvalidMessageException.class).hasMessageStartingWith("Received: ");
    }

    @Test
    void header_reservedNames_areRefused() {
        for (String name : List.of("From", "to", "CC", "Bcc", "Subject", "Date", "Message-ID", "MIME-Version",
                "Content-Type", "content-transfer-encoding")) {
            assertThatThrownBy(() -> minimal().header(name, "x")).as(name).isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("written by the library");
        }
    }

    @Test
    void messageId_malformed_isRefused() {
        assertThatThrownBy(() -> minimal().messageId("no-at-sign")).isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> minimal().messageId("<a b@c>")).isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> minimal().build().toMessageBody("bad domain")).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void build_withoutSenderOrRecipients_isRefused() {
        assertThatThrownBy(() -> RelayMessage.builder().to("a@b.com").build()).isInstanceOf(InvalidMessageException.class)
                .hasMessageStartingWith("from:");
        assertThatThrownBy(() -> RelayMessage.builder().from("a@b.com").build()).isInstanceOf(InvalidMessageException.class)
                .hasMessageStartingWith("to:");
    }

    @Test
    void attachment_ofPath_probesTypeAndReadsBytes(@TempDir Path dir) throws Exception {
        Attachment a = Attachment.of(Files.writeString(dir.resolve("notes.csv"), "a,b\n"));

        assertThat(a.fileName()).isEqualTo("notes.csv");
        assertThat(a.contentType()).isIn("text/csv", "text/comma-separated-values");
        assertThat(a.data()).isEqualTo("a,b\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void attachment_dataIsCopied() {
        byte[] data = {1, 2};
        Attachment a = Attachment.of("x.bin", "application/octet-stream", data);
        data[0] = 9;
        a.data()[1] = 9;

        assertThat(a.data()).containsExactly(1, 2);
        assertThat(a).isEqualTo(Attachment.of("x.bin", "application/octet-stream", new byte[] {1, 2}));
    }

    @Test
    void attachment_nameWithLf_isRefused() {
        assertThatThrownBy(() -> Attachment.of("a\n.txt", "text/plain", new byte[0]))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("attachment file name");
    }
}
