package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.PasswordHash;
import dev.ssmtpmailer.server.Passwords;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashPasswordCommandTest {

    private static Cli.Result run(String stdin, String... args) {
        return Cli.run(made -> {
            if (made instanceof HashPasswordCommand c) {
                c.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
                c.console = null;
            }
        }, args);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void passwordOnStdin_printsABcryptHashThatVerifies() {
        Cli.Result r = run("s3cret pass phrase\r\nnot this line\n", "hash-password", "--cost", "4");

        assertThat(r.status()).as(r.err()).isZero();
        PasswordHash h = PasswordHash.parse(r.out());
        assertThat(h.value()).startsWith("{bcrypt}$2a$04$");
        assertThat(r.out()).isEqualTo(h.value() + System.lineSeparator());
        assertThat(Passwords.matches(utf8("s3cret pass phrase"), h)).isTrue();
        assertThat(Passwords.matches(utf8("not this line"), h)).isFalse();
        assertThat(r.out() + r.err()).doesNotContain("s3cret");
    }

    @Test
    void defaultCost_isTwelve() {
        Cli.Result r = run("pw\n", "hash-password");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(PasswordHash.parse(r.out()).cost()).isEqualTo(Passwords.DEFAULT_COST).isEqualTo(12);
    }

    @Test
    void emptyStdin_exits65WithAReason() {
        Cli.Result r = run("", "hash-password", "--cost", "4");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.err()).contains("no password on standard input");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void passwordLongerThanBcryptReads_exits65() {
        Cli.Result r = run("x".repeat(73) + "\n", "hash-password", "--cost", "4");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.err()).contains("longer than 72 bytes");
    }

    @Test
    void costOutOfRange_isAUsageError() {
        Cli.Result r = run("pw\n", "hash-password", "--cost", "3");

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.err()).contains("--cost must be 4-31");
    }

    @Test
    void passwordAsAnArgument_isRefusedAsUsage() {
        Cli.Result r = run("", "hash-password", "s3cret");

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void help_saysWhereThePasswordComesFrom() {
        Cli.Result r = run("", "hash-password", "--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("password_hash", "standard input", "never taken from the command line", "--cost",
                "65");
    }
}
