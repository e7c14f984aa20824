package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 6: under umask 022 {@code log_file} was created 0644, readable by every local user. And
 * {@code log_level = DEBUG} must not bring SubEthaSMTP's DEBUG lines, the client's raw command lines, into the log.
 */
class LoggingTest {
    private static final String SUBETHASMTP_LEVEL = "org.slf4j.simpleLogger.log.org.subethamail";

    @TempDir
    Path dir;

    @Test
    void ownerOnly_newLogFile_isCreated0600() throws Exception {
        Path log = dir.resolve("ssmtp-mailer.log");

        assertThat(Logging.ownerOnly(log)).isNull();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    }

    @Test
    void ownerOnly_existingLogOpenToOthers_isSetTo0600_withAWarning() throws Exception {
        Path log = Files.writeString(dir.resolve("ssmtp-mailer.log"), "old line\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(Logging.ownerOnly(log)).contains("was rw-r--r--").contains("set to rw-------");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        assertThat(Files.readString(log)).isEqualTo("old line\n");
    }

    @Test
    void toFile_operatorsOwnLineFormat_isReplacedByTheOneWarmUpLogFilters() {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            System.setProperty("org.slf4j.simpleLogger.showThreadName", "false"); // as through SSMTP_MAILER_JAVA_OPTS
            System.setProperty("org.slf4j.simpleLogger.showThreadId", "true");
            System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");

            Logging.toFile(null, "info", false);

            assertThat(System.getProperty("org.slf4j.simpleLogger.showThreadName")).isEqualTo("true");
            assertThat(System.getProperty("org.slf4j.simpleLogger.showThreadId")).isEqualTo("false");
            assertThat(System.getProperty("org.slf4j.simpleLogger.levelInBrackets")).isEqualTo("false");
        } finally {
            System.setProperties(saved);
        }
    }

    @Test
    void toFile_logLevelDebug_keepsSubEthaSmtpsLoggersAtInfo_soNoClientLineIsLogged() {
        assertThat(subEthaSmtpLevelAfter(() -> Logging.toFile(null, "DEBUG", false))).isEqualTo("info");
    }

    @Test
    void toFile_logLevelWarn_leavesSubEthaSmtpAtTheDefaultWarn() {
        assertThat(subEthaSmtpLevelAfter(() -> Logging.toFile(null, "WARN", false))).isNull();
    }

    @Test
    void quiet_operatorsDebugOption_keepsSubEthaSmtpsLoggersAtInfo() {
        assertThat(subEthaSmtpLevelAfter(() -> {
            System.setProperty(SUBETHASMTP_LEVEL, "debug"); // as through SSMTP_MAILER_JAVA_OPTS
            Logging.quiet(false);
        })).isEqualTo("info");
    }

    @Test
    void quiet_operatorsDebugOptionForOneSubEthaSmtpClass_isClampedToInfo_sinceTheMostSpecificKeyWins() {
        String session = SUBETHASMTP_LEVEL + ".smtp.server.Session";
        String other = SUBETHASMTP_LEVEL + ".smtp.internal.server.CommandHandler";
        Properties saved = (Properties) System.getProperties().clone();
        try {
            System.setProperty(session, "DEBUG"); // as through SSMTP_MAILER_JAVA_OPTS
            System.setProperty(other, "error");

            Logging.quiet(false);

            assertThat(System.getProperty(session)).isEqualTo("info");
            assertThat(System.getProperty(other)).isEqualTo("error");
        } finally {
            System.setProperties(saved);
        }
    }

    @Test
    void toFile_operatorsTraceOptionForASubEthaSmtpPackage_isClampedToInfo() {
        String server = SUBETHASMTP_LEVEL + ".smtp.server";
        Properties saved = (Properties) System.getProperties().clone();
        try {
            System.setProperty(server, "trace");

            Logging.toFile(null, "INFO", false);

            assertThat(System.getProperty(server)).isEqualTo("info");
        } finally {
            System.setProperties(saved);
        }
    }

    /** @return the level set for SubEthaSMTP's loggers after {@code setUp}, the system properties restored */
    private static String subEthaSmtpLevelAfter(Runnable setUp) {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            setUp.run();
            return System.getProperty(SUBETHASMTP_LEVEL);
        } finally {
            System.setProperties(saved);
        }
    }
}
