package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
    /** The guide's tree, as shipped (surefire runs in the module directory). */
    static final Path GUIDE_TREE = Path.of("../examples/config/etc/ssmtp-mailer");

    @Test
    void config_guideTree_printsEffectiveConfigWithPasswordMasked() {
        Cli.Result r = Cli.run("--config-dir", GUIDE_TREE.toString(), "config");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("[domain:domain1.com]", "smtp_server = smtp.gmail.com", "password = ******",
                "[mapping:contact-sales]").doesNotContain("your_gmail_app_password_here");
    }

    @Test
    void validate_guideTree_saysOk() {
        Cli.Result r = Cli.run("--config-dir", GUIDE_TREE.toString(), "config", "--validate");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("OK (2 domains, 5 mappings, 1 users)");
    }

    @Test
    void validate_brokenTree_listsEveryProblemWithFileAndLine(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("domains"));
        Files.createDirectories(dir.resolve("users"));
        Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(dir.resolve("ssmtp-mailer.conf"), "[global]\nmax_connections = many\nlog_levle = INFO\n");

        Cli.Result r = Cli.run("--config-dir", dir.toString(), "config", "--validate");

        assertThat(r.status()).isEqualTo(78);
        assertThat(r.out()).contains("ssmtp-mailer.conf:2: [global] max_connections", "ssmtp-mailer.conf:3: [global] log_levle");
        assertThat(r.err()).isEqualTo("ssmtp-mailer: " + dir + ": 2 problems\n");
    }

    @Test
    void config_brokenTree_failsWithOneLinePointingAtValidate(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ssmtp-mailer.conf"), "[global]\nmax_connections = many\n");

        Cli.Result r = Cli.run("--config-dir", dir.toString(), "config");

        assertThat(r.status()).isEqualTo(78);
        assertThat(r.err()).hasLineCount(1).contains("config --validate");
    }
}
