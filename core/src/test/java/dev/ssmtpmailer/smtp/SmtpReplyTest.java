package dev.ssmtpmailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

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
