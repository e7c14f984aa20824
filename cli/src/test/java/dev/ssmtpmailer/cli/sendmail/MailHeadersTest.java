package dev.ssmtpmailer.cli.sendmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailHeadersTest {
    private static MailHeaders parse(String text) {
        return MailHeaders.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void addresses_foldedFieldsOfAnyCase_areRead() {
        MailHeaders h = parse("to: a@x.org,\r\n b@x.org\r\nCC: c@x.org\r\nBcc: d@x.org\r\nSubject: s\r\n\r\nTo: not@header.org\r\n");

        assertThat(h.addresses("To", "Cc", "Bcc")).containsExactly("a@x.org", "b@x.org", "c@x.org", "d@x.org");
        assertThat(h.value("subject")).contains("s");
    }

    @Test
    void rewrite_removesBccAndAddsFieldsBeforeTheBody() {
        MailHeaders h = parse("To: a@x.org\r\nBcc: secret@x.org,\r\n other@x.org\r\nSubject: s\r\n\r\nbody\r\n");

        String out = new String(h.rewrite(List.of("Date: now")), StandardCharsets.UTF_8);

        assertThat(out).isEqualTo("To: a@x.org\r\nSubject: s\r\nDate: now\r\n\r\nbody\r\n");
    }

    @Test
    void parse_textWithoutHeaders_isAllBody() {
        MailHeaders h = parse("hello there\r\nsecond line\r\n");

        assertThat(h.isEmpty()).isFalse();
        assertThat(new String(h.rewrite(List.of("From: a@x.org")), StandardCharsets.UTF_8))
                .isEqualTo("From: a@x.org\r\n\r\nhello there\r\nsecond line\r\n");
    }

    @Test
    void isEmpty_blankInput_isEmpty() {
        assertThat(parse("").isEmpty()).isTrue();
        assertThat(parse("\r\n\r\n").isEmpty()).isTrue();
    }
}
