package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigCommandTest {
    /** The guide's tree, as shipped (surefire runs in the module directory). */
    static final Path GUIDE_TREE = Path.of("../examples/config/etc/ssmtp-mailer");

    @Test
    void config_guideTree_printsEffectiveConfigWithPasswordMasked() {
        Cli.Result r = Cli.run("--config-dir", GUIDE_TREE.toString(), "config");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("[domain:domain1.com]", "smtp_server = smtp.gmail.com", "password = ******",
                "[mapping:contact-sales]").doesNotContain("your_gmail_app_password_here");
        assertThat(r.out()).contains("[domain:domain1.com]\n# role: upstream (",
                "[domain:mailer.domain1.com]\n# role: local (named by default_hostname)\n");
    }

    @Test
    void validate_smarthostOnThisHostWithoutAuth_warnsButPasses(@TempDir Path dir) throws IOException {
        for (String d : new String[] {"domains", "users", "mappings"}) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(dir.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\n");
        Files.writeString(dir.resolve("domains/postfix.conf"), "[domain:domain1.com]\nsmtp_server = 127.0.0.1\nsmtp_port = 25\n"
                + "auth_method = NONE\nuse_starttls = false\nrelay_account = relay@domain1.com\n");

        Cli.Result r = Cli.run("--config-dir", dir.toString(), "config", "--validate");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("warning: domains/postfix.conf:2: [domain:domain1.com] smtp_server: is an upstream on this host "
                + "without AUTH (127.0.0.1:25)", "set inbound = true", "OK (1 domains, 0 mappings, 0 users)");
    }

    @Test
    void validate_guideTree_saysOk() {
        Cli.Result r = Cli.run("--config-dir", GUIDE_TREE.toString(), "config", "--validate");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("OK (2 domains, 5 mappings, 1 users)").doesNotContain("warning");
    }

    @Test
    void validate_passwordEnvNotSetHere_warnsNamingTheVariableAndPasses(@TempDir Path dir) throws IOException {
        Path tree = FakeUpstream.treeWithUnsetPasswordVariable(dir);

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "config", "--validate");
        Cli.Result print = Cli.run("--config-dir", tree.toString(), "config");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("warning: domains/domain1.com.conf:8: [domain:domain1.com] password_env: environment variable "
                + FakeUpstream.UNSET_VARIABLE + " is not set here; serve, send, test", "EnvironmentFile", "OK (1 domains");
        assertThat(print.status()).isZero();
        assertThat(print.out()).contains("password_env = " + FakeUpstream.UNSET_VARIABLE);
        assertThat(print.err()).contains("warning: ", FakeUpstream.UNSET_VARIABLE);
    }

    @Test
    void validate_passwordEnvNotSetAndAnotherProblem_listsBothAndFails(@TempDir Path dir) throws IOException {
        Path tree = FakeUpstream.treeWithUnsetPasswordVariable(dir);
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\nmax_connections = ten\n");

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "config", "--validate");

        assertThat(r.status()).isEqualTo(78);
        assertThat(r.out()).contains("[global] max_connections", "warning: ", FakeUpstream.UNSET_VARIABLE + " is not set here");
        assertThat(r.err()).isEqualTo("ssmtp-mailer: " + tree + ": 1 problem\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"config --json", "config --validate --json", "config"})
    void jsonOrPrint_passwordEnvNotSetAndAnotherProblem_warnsOnStderr(String command, @TempDir Path dir) throws IOException {
        Path tree = FakeUpstream.treeWithUnsetPasswordVariable(dir);
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\nmax_connections = ten\n");

        Cli.Result r = Cli.run(("--config-dir " + tree + " " + command).split(" "));

        assertThat(r.status()).isEqualTo(78);
        assertThat(r.err()).contains("warning: ", FakeUpstream.UNSET_VARIABLE + " is not set here");
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
