package dev.ssmtpmailer.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @Test
    void parse_plainAddress_keepsLocalCaseAndLowersDomain() {
        EmailAddress a = EmailAddress.parse("Jane.Doe@Mailer.Domain1.COM");
        assertThat(a.localPart()).isEqualTo("Jane.Doe");
        assertThat(a.domain()).isEqualTo("mailer.domain1.com");
        assertThat(a.address()).isEqualTo("Jane.Doe@mailer.domain1.com");
    }

    @Test
    void parse_angleBrackets_areRemoved() {
        assertThat(EmailAddress.parse("<a@b.com>").address()).isEqualTo("a@b.com");
    }

    @Test
    void equals_localPartIgnoresCase() {
        assertThat(EmailAddress.parse("Contact-Sales@mailer.domain1.com"))
                .isEqualTo(EmailAddress.parse("contact-sales@MAILER.domain1.com"))
                .hasSameHashCodeAs(EmailAddress.parse("contact-sales@mailer.domain1.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a@b.com\r\nRCPT TO:<x@evil.com>", "a\n@b.com", "a@b.com\n", "a b@c.com", "\"quoted\"@b.com", "a@[127.0.0.1]",
        "@relay.com:a@b.com", "a@b@c.com", "nodomain", "a@", "@b.com", ".a@b.com", "a.@b.com", "a..b@c.com",
        "a@-b.com", "a@b_c.com", "a@b..com", "a(comment)@b.com", "a\u0000@b.com"
    })
    void parse_unsafeOrMalformed_isRefused(String input) {
        assertThatThrownBy(() -> EmailAddress.parse(input))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageStartingWith("invalid address '")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r").doesNotContain("\n"));
    }

    @Test
    void parse_tooLongLocalPart_isRefused() {
        assertThatThrownBy(() -> EmailAddress.parse("a".repeat(65) + "@b.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("longer than 64");
    }

    @Test
    void parse_percentHackLocalPart_isKeptLiterally() {
        EmailAddress a = EmailAddress.parse("user%other.com@mailer.domain1.com");
        assertThat(a.domain()).isEqualTo("mailer.domain1.com");
        assertThat(a.localPart()).isEqualTo("user%other.com");
    }
}
