package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {
    /** bcrypt (cost 4) of "secret one", made by at.favre.lib:bcrypt. */
    private static final String HASH = "$2a$04$xn3e.h3dCZlZd1HZ0dGkquF5a0zDAAKB3mz9o4upCQ1/Xx9sNAevi";

    @Test
    void parse_bcryptWithScheme_keepsHashAndCost() {
        PasswordHash h = PasswordHash.parse("  {bcrypt}" + HASH + " ");

        assertThat(h.scheme()).isEqualTo("bcrypt");
        assertThat(h.cost()).isEqualTo(4);
        assertThat(h.hash()).isEqualTo(HASH);
        assertThat(h.value()).isEqualTo("{bcrypt}" + HASH);
        assertThat(h).isEqualTo(PasswordHash.ofBcrypt(HASH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2b", "2y"})
    void parse_otherBcryptVersions_accepted(String version) {
        assertThat(PasswordHash.parse("{bcrypt}$" + version + HASH.substring(3)).cost()).isEqualTo(4);
    }

    @Test
    void parse_withoutScheme_saysToAddIt() {
        assertThatThrownBy(() -> PasswordHash.parse(HASH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with its scheme, {bcrypt}")
                .hasMessageContaining("ssmtp-mailer hash-password");
    }

    @Test
    void parse_unknownScheme_namesItAndTheSupportedOne() {
        assertThatThrownBy(() -> PasswordHash.parse("{SHA256}abcdef"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scheme {SHA256}")
                .hasMessageContaining("the supported one is {bcrypt}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{bcrypt}", "{bcrypt}$2x$04$xn3e.h3dCZlZd1HZ0dGkquF5a0zDAAKB3mz9o4upCQ1/Xx9sNAevi",
            "{bcrypt}$2a$4$xn3e.h3dCZlZd1HZ0dGkquF5a0zDAAKB3mz9o4upCQ1/Xx9sNAevi",
            "{bcrypt}$2a$04$xn3e.h3dCZlZd1HZ0dGkquF5a0zDAAKB3mz9o4upCQ1/Xx9sNAev",
            "{bcrypt}$2a$04$xn3e.h3dCZlZd1HZ0dGkquF5a0zDAAKB3mz9o4upCQ1/Xx9sNAevi!",
            "{bcrypt}plaintext-password"})
    void parse_malformedBcrypt_refusedWithoutRepeatingIt(String text) {
        assertThatThrownBy(() -> PasswordHash.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a bcrypt hash")
                .hasMessageNotContaining("xn3e")
                .hasMessageNotContaining("plaintext");
    }

    @ParameterizedTest
    @ValueSource(strings = {"03", "32", "99"})
    void parse_costOutsideBcryptRange_refused(String cost) {
        assertThatThrownBy(() -> PasswordHash.parse("{bcrypt}$2a$" + cost + HASH.substring(6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cost " + Integer.parseInt(cost) + "; it must be 4-31");
    }

    @Test
    void toString_showsTheSchemeOnly() {
        assertThat(PasswordHash.parse("{bcrypt}" + HASH)).hasToString("{bcrypt}******");
    }

    @Test
    void unmatchable_isAWellFormedHashOfTheGivenCost() {
        PasswordHash h = PasswordHash.unmatchable(12);

        assertThat(h.cost()).isEqualTo(12);
        assertThat(PasswordHash.parse(h.value())).isEqualTo(h);
        assertThat(PasswordHash.unmatchable(4).hash()).startsWith("$2b$04$");
    }

    @Test
    void unmatchable_costOutsideRange_refused() {
        assertThatThrownBy(() -> PasswordHash.unmatchable(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
