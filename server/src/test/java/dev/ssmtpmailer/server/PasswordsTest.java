package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.PasswordHash;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hash_thenMatches_onlyTheSamePassword() {
        PasswordHash h = Passwords.hash(utf8("correct horse"), 4);

        assertThat(h.value()).startsWith("{bcrypt}$2a$04$");
        assertThat(PasswordHash.parse(h.value())).isEqualTo(h);
        assertThat(Passwords.matches(utf8("correct horse"), h)).isTrue();
        assertThat(Passwords.matches(utf8("correct horsE"), h)).isFalse();
        assertThat(Passwords.matches(new byte[0], h)).isFalse();
    }

    @Test
    void hash_samePasswordTwice_differsByItsSalt() {
        assertThat(Passwords.hash(utf8("pw"), 4)).isNotEqualTo(Passwords.hash(utf8("pw"), 4));
    }

    @Test
    void hash_nonAsciiPassword_matchesItsUtf8Bytes() {
        PasswordHash h = Passwords.hash(utf8("pässwörd-€"), 4);

        assertThat(Passwords.matches(utf8("pässwörd-€"), h)).isTrue();
        assertThat(Passwords.matches(utf8("passwoerd-€"), h)).isFalse();
    }

    @Test
    void hash_passwordLongerThanBcryptReads_refused() {
        assertThatThrownBy(() -> Passwords.hash(new byte[73], 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 72 bytes");
        assertThatThrownBy(() -> Passwords.hash(new byte[0], 4)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Passwords.hash(utf8("pw"), 3)).hasMessageContaining("4-31");
    }

    @Test
    void matches_longPasswordWhoseFirst72BytesMatch_isFalse() {
        byte[] seventyTwo = utf8("x".repeat(72));
        PasswordHash h = Passwords.hash(seventyTwo, 4);

        assertThat(Passwords.matches(seventyTwo, h)).isTrue();
        assertThat(Passwords.matches(utf8("x".repeat(73)), h)).isFalse();
    }

    @Test
    void matches_theStandInHashOfUnknownUsers_neverMatches() {
        assertThat(Passwords.matches(utf8(""), PasswordHash.unmatchable(4))).isFalse();
        assertThat(Passwords.matches(utf8("password"), PasswordHash.unmatchable(4))).isFalse();
    }
}
