package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BouncesTest {

    private static byte[] headersOf(String message) throws IOException {
        return Bounces.headers(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void headers_crlfMessage_headerBlockOnly() throws IOException {
        assertThat(new String(headersOf("A: 1\r\nB: 2\r\n\r\nbody\r\n"), StandardCharsets.ISO_8859_1)).isEqualTo("A: 1\r\nB: 2\r\n");
    }

    @Test
    void headers_lfMessageAndNoBody_whole() throws IOException {
        assertThat(new String(headersOf("A: 1\nB: 2\n\nbody"), StandardCharsets.ISO_8859_1)).isEqualTo("A: 1\nB: 2\n");
        assertThat(new String(headersOf("A: 1\r\n"), StandardCharsets.ISO_8859_1)).isEqualTo("A: 1\r\n");
        assertThat(headersOf("\r\nbody only")).isEmpty();
    }

    @Test
    void isAutomatic_autoSubmittedOrReport_true() {
        assertThat(Bounces.isAutomatic("Auto-Submitted: auto-generated\r\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(Bounces.isAutomatic("Content-Type: multipart/report;\r\n\treport-type=delivery-status\r\n"
                .getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void isAutomatic_ordinaryOrAutoSubmittedNo_false() {
        assertThat(Bounces.isAutomatic("Auto-Submitted: no\r\nSubject: hi\r\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Bounces.isAutomatic("Content-Type: multipart/mixed\r\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void status_fromEnhancedCodeElseFromReplyCode() {
        assertThat(Bounces.status("550 5.1.1 no such user (RCPT)")).isEqualTo("5.1.1");
        assertThat(Bounces.status("gave up after PT3H in the queue; last reply: 450 4.7.1 later")).isEqualTo("4.7.1");
        assertThat(Bounces.status("421 closing")).isEqualTo("4.0.0");
        assertThat(Bounces.status("local: broken")).isEqualTo("5.0.0");
    }

    @Test
    void quoted_onlyTheIdentifyingFields_withTheirFoldedLines_eachCut() {
        String h = "Received: from x\r\n\tby y\r\nFrom: Jane\r\n <jane@example.org>\r\nX-Big: " + "a".repeat(5000)
                + "\r\nsubject: " + "s".repeat(2000) + "\r\nMessage-ID: <1@x>\r\nDKIM-Signature: v=1\r\n";

        String q = new String(Bounces.quoted(h.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);

        assertThat(q).isEqualTo("From: Jane\r\n <jane@example.org>\r\nsubject: " + "s".repeat(Bounces.MAX_QUOTED_FIELD - 9)
                + "\r\nMessage-ID: <1@x>\r\n");
    }
}
