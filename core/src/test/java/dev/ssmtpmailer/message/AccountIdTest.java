package dev.ssmtpmailer.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccountIdTest {

    @Test
    void equals_ignoresCase_nameKeepsTheConfiguredSpelling() {
        AccountId configured = AccountId.of("Mail-Relay@Domain1.com");

        assertThat(configured).isEqualTo(AccountId.of("mail-relay@domain1.com")).hasSameHashCodeAs(AccountId.of("MAIL-RELAY@DOMAIN1.COM"));
        assertThat(configured.name()).isEqualTo("Mail-Relay@Domain1.com");
        assertThat(configured.key()).isEqualTo("mail-relay@domain1.com");
        assertThat(configured).hasToString("Mail-Relay@Domain1.com");
    }

    @Test
    void of_blankOrControlCharacters_refused() {
        assertThatThrownBy(() -> AccountId.of("  ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> AccountId.of("a@b.com\r\nX: y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control characters");
    }

    @Test
    void of_everyIsoControlCharacterAnywhere_refusedAndOthersKept() {
        for (char c = 0; c < 0x200; c++) {
            assertControlRefusedOrKept("a" + c + "b@x.example", c);
            if (!Character.isWhitespace(c)) { // strip() removes white space at the ends before the check
                assertControlRefusedOrKept(c + "a@x.example", c); // first character
                assertControlRefusedOrKept("a@x.example" + c, c); // last character
            }
        }
        assertThat(AccountId.of("\u00e9l\u00e8ve\ud83d\ude00@x.example").name()).isEqualTo("\u00e9l\u00e8ve\ud83d\ude00@x.example");
    }

    private static void assertControlRefusedOrKept(String name, char c) {
        if (Character.isISOControl(c)) { // C0, DEL and C1: each refused, as chars().anyMatch did
            assertThatThrownBy(() -> AccountId.of(name)).as("U+%04X in %s", (int) c, name.replace(c, '?'))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
        } else if (!Character.isWhitespace(c)) {
            assertThat(AccountId.of(name).name()).as("U+%04X", (int) c).isEqualTo(name);
        }
    }
}
