package dev.ssmtpmailer.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressPatternTest {

    @Test
    void wildcard_matchesAnyLocalPartOfItsDomainOnly() {
        AddressPattern p = AddressPattern.parse("*@Mailer.Domain1.com");
        assertThat(p.isWildcard()).isTrue();
        assertThat(p.matches(EmailAddress.parse("anyone@mailer.domain1.com"))).isTrue();
        assertThat(p.matches(EmailAddress.parse("anyone@domain1.com"))).isFalse();
    }

    @Test
    void exact_matchesCaseInsensitively() {
        AddressPattern p = AddressPattern.parse("contact-sales@mailer.domain1.com");
        assertThat(p.matches(EmailAddress.parse("CONTACT-SALES@MAILER.DOMAIN1.COM"))).isTrue();
        assertThat(p.matches(EmailAddress.parse("contact-legal@mailer.domain1.com"))).isFalse();
    }

    @Test
    void apply_wildcardTarget_carriesLocalPartWithItsCase() {
        EmailAddress canonical = AddressPattern.parse("*@domain1.com").apply(EmailAddress.parse("Jane.Doe@mailer.domain1.com"));
        assertThat(canonical.address()).isEqualTo("Jane.Doe@domain1.com");
    }

    @Test
    void apply_exactTarget_isThatAddress() {
        EmailAddress canonical = AddressPattern.parse("one@domain1.com").apply(EmailAddress.parse("x@mailer.domain1.com"));
        assertThat(canonical.address()).isEqualTo("one@domain1.com");
    }

    @Test
    void parse_starInsideLocalPart_isRefused() {
        assertThatThrownBy(() -> AddressPattern.parse("contact-*@mailer.domain1.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("'*' is only allowed as the whole local part");
    }

    @Test
    void parse_wildcardWithBadDomain_isRefused() {
        assertThatThrownBy(() -> AddressPattern.parse("*@bad domain"))
                .isInstanceOf(InvalidAddressException.class);
    }
}
