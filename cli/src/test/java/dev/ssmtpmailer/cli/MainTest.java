package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MainTest {

    @ParameterizedTest
    @ValueSource(strings = {"send", "test", "config", "dns-check", "bench", "demo"})
    void help_everyCommand_printsUsageAndExitsZero(String command) {
        Cli.Result r = Cli.run(command, "--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: ssmtp-mailer " + command);
    }

    @Test
    void noArguments_printsUsageListingTheCommands() {
        Cli.Result r = Cli.run();

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--config-dir", "send", "test", "config", "dns-check", "bench", "demo");
    }

    @Test
    void unknownCommand_exitsTwoWithUsageError() {
        Cli.Result r = Cli.run("frobnicate");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("frobnicate");
    }

    @Test
    void missingConfigDir_failsWithOneLineReason() {
        Cli.Result r = Cli.run("--config-dir", "/nonexistent/ssmtp-mailer", "test");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ssmtp-mailer: configuration: /nonexistent/ssmtp-mailer: the configuration directory does not exist\n");
    }

    @Test
    void version_printsTheProgramName() {
        Cli.Result r = Cli.run("--version");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("ssmtp-mailer ");
    }
}
