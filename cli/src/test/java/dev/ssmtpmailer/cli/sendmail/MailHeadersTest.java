package dev.ssmtpmailer.cli.sendmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void mailbox_longNonAsciiName_isSplitIntoEncodedWordsOfAtMost75Characters() {
        String name = "\u00c9milie-\u00c4nne \u00d8stergaard-\u00dcbermann \u00e7\u00e0 \u20ac\ud83d\ude00 " + "\u00e9".repeat(30);

        String mailbox = MailHeaders.mailbox(name, "a@x.org");

        assertThat(mailbox).endsWith(" <a@x.org>").doesNotContainPattern("[^\\x21-\\x7e ]");
        String[] words = mailbox.substring(0, mailbox.length() - " <a@x.org>".length()).split(" ");
        assertThat(words).hasSizeGreaterThan(1).allSatisfy(w -> assertThat(w).hasSizeLessThanOrEqualTo(75)
                .startsWith("=?UTF-8?B?").endsWith("?="));
        StringBuilder decoded = new StringBuilder();
        for (String w : words) {
            decoded.append(new String(java.util.Base64.getDecoder().decode(w.substring(10, w.length() - 2)), StandardCharsets.UTF_8));
        }
        assertThat(decoded).hasToString(name);
    }

    @Test
    void mailbox_asciiNameWithABackslash_escapesIt_soATrailingOneCannotEscapeTheClosingQuote() {
        assertThat(MailHeaders.mailbox("x\\", "a@x.org")).isEqualTo("\"x\\\\\" <a@x.org>");
        assertThat(MailHeaders.mailbox("a\\\"b", "a@x.org")).isEqualTo("\"a\\\\b\" <a@x.org>");
        assertThat(MailHeaders.mailbox("Alice \"Al\" Smith", "a@x.org")).isEqualTo("\"Alice Al Smith\" <a@x.org>");
    }

    @Test
    void mailbox_nameWithAControlCharacter_isRefused() {
        assertThatThrownBy(() -> MailHeaders.mailbox("Alice\nBcc: x@y.org", "a@x.org"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> MailHeaders.mailbox("tab\there", "a@x.org")).isInstanceOf(IllegalArgumentException.class);
        assertThat(MailHeaders.mailbox(null, "a@x.org")).isEqualTo("a@x.org");
    }
}
