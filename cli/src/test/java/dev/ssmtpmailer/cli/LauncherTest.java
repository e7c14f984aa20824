package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which command lines get sendmail's fast start: sendmail as the CLI and the shell launcher find the command. */
class LauncherTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sendmail -t -i                                | -t -i",
            "--config-dir /srv/etc sendmail -t             | --config-dir /srv/etc -t",
            "-v sendmail a@x.org                           | -v a@x.org",
            "--config-dir=/srv/etc --verbose sendmail -t   | --config-dir=/srv/etc --verbose -t",
            "--config-dir queue sendmail -f a@x.org        | --config-dir queue -f a@x.org",
            "-v --config-dir /srv/etc sendmail -v          | -v --config-dir /srv/etc -v"})
    void sendmailArguments_afterTheGlobalOptions_areTheFastPathsWithThoseOptions(String command, String expected) {
        assertThat(Launcher.sendmailArguments(command.split(" "))).containsExactly(expected.split(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue list", "--config-dir sendmail", "queue sendmail", "--config-dir /srv serve", "-v",
            "-t sendmail", "--spool-dir /x sendmail",
            "--config-dir sendmail sendmail -f a@x.org", "--config-dir=sendmail sendmail -t", "-v --config-dir sendmail sendmail"})
    void sendmailArguments_anyOtherCommand_isNone(String command) {
        assertThat(Launcher.sendmailArguments(command.split(" "))).isNull();
    }
}
