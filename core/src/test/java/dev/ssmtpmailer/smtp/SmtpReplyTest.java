package dev.ssmtpmailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    @Test
    void parse_withEnhancedStatus_keepsCodeStatusAndOneLineText() {
        SmtpReply r = SmtpReply.parse(535, "535 5.7.8 Error: authentication failed: authentication failure\n");

        assertThat(r.code()).isEqualTo(535);
        assertThat(r.enhancedStatus()).isEqualTo("5.7.8");
        assertThat(r.text()).isEqualTo("535 5.7.8 Error: authentication failed: authentication failure");
        assertThat(r.failureStatus()).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
    }

    @Test
    void parse_multiLine_joinsLines() {
        SmtpReply r = SmtpReply.parse(450, "450-4.2.1 first\n450 4.2.1 second\n");

        assertThat(r.enhancedStatus()).isEqualTo("4.2.1");
        assertThat(r.text()).isEqualTo("450-4.2.1 first 450 4.2.1 second");
        assertThat(r.failureStatus()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
    }

    @Test
    void parse_withoutEnhancedStatus_statusNull() {
        assertThat(SmtpReply.parse(550, "550 Mailbox unavailable").enhancedStatus()).isNull();
        assertThat(SmtpReply.parse(250, "250 2.0.0.1 odd").enhancedStatus()).isNull();
    }

    @Test
    void enhancedStatus_agreesWithTheRegexItReplaces() {
        Pattern regex = Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})(?:\\s|$)");
        List<String> replies = List.of("250 2.0.0 Ok", "250 2.0.0", "250-2.1.5 Ok", "550 5.1.1\tx", "452 4.22.333 x",
                "452 4.2222.3 x", "452 4.2.3333 x", "250 3.0.0 x", "250 2.0.0x", "250 2..0 x", "250 2.0. x", "25 2.0.0 x",
                "2500 2.0.0 x", "250x2.0.0 x", "250 .0.0 x", "354 End data with <CR><LF>.<CR><LF>", "", "250", "250 2.0.0.1 x",
                "550 5.7.1\u000Bx", "a50 2.0.0 x");
        for (String reply : replies) {
            Matcher m = regex.matcher(reply);
            assertThat(SmtpReply.enhancedStatus(reply)).as(reply).isEqualTo(m.find() ? m.group(1) : null);
        }
    }

    @Test
    void parse_endOfStream_isLocalTemporary() {
        SmtpReply r = SmtpReply.parse(-1, "[EOF]");

        assertThat(r.code()).isZero();
        assertThat(r.text()).isEqualTo("connection closed by server");
        assertThat(r.failureStatus()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
    }

    @Test
    void mask_authLine_keepsOnlyMechanism() {
        assertThat(SmtpTrace.mask("AUTH PLAIN AG1haWwtcmVsYXkAc2VjcmV0")).isEqualTo("AUTH PLAIN ******");
        assertThat(SmtpTrace.mask("MAIL FROM:<a@b.c>")).isEqualTo("MAIL FROM:<a@b.c>");
    }
}
