package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class SsmtpMailerFailureAnalyzerTest {
    private final SsmtpMailerFailureAnalyzer analyzer = new SsmtpMailerFailureAnalyzer();

    @Test
    void analyze_properties_namesEachPropertyAndSaysWhereToFixIt() {
        SsmtpMailerConfigException e = new SsmtpMailerConfigException(SsmtpMailerConfigException.Origin.PROPERTIES, null,
                List.of(new SsmtpMailerConfigException.Problem("ssmtp-mailer.domains[0].smtp-port",
                        "must be between 1 and 65535, was 0")), null);
        FailureAnalysis a = analyzer.analyze(new BeanCreationException("ssmtpMailerRelayConfig", "failed", e));
        assertThat(a.getDescription()).contains("ssmtp-mailer.domains[0].smtp-port: must be between 1 and 65535, was 0");
        assertThat(a.getAction()).contains("application.yml");
        assertThat(a.getCause()).isSameAs(e);
    }

    @Test
    void analyze_iniTree_namesTheDirectoryAndFileLines() {
        SsmtpMailerConfigException e = new SsmtpMailerConfigException(SsmtpMailerConfigException.Origin.INI_TREE,
                Path.of("/etc/ssmtp-mailer"), List.of(new SsmtpMailerConfigException.Problem(
                        "domains/domain1.com.conf:6: [domain:domain1.com] smtp_port", "must be between 1 and 65535, was 0")),
                null);
        FailureAnalysis a = analyzer.analyze(e);
        assertThat(a.getDescription()).contains("/etc/ssmtp-mailer")
                .contains("domains/domain1.com.conf:6: [domain:domain1.com] smtp_port: must be between");
        assertThat(a.getAction()).contains("ssmtp-mailer.config-dir");
    }

    @Test
    void analyze_otherFailure_null() {
        assertThat(analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
    }

    @Test
    void analyze_brokenTree_advisesACommandThatPrintsTheSameProblems(@TempDir Path dir) throws Exception {
        Path tree = dir.resolve("etc-ssmtp-mailer");
        Files.createDirectories(tree.resolve("domains"));
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\n");
        Files.writeString(tree.resolve("domains/domain1.com.conf"), "[domain:domain1.com]\nsmtp_server = smtp.gmail.com\n"
                + "smtp_port = many\nrelay_account = mail-relay@domain1.com\nusername = mail-relay@domain1.com\n");
        Throwable[] failure = new Throwable[1];
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class))
                .withPropertyValues("ssmtp-mailer.config-dir=" + tree)
                .run(context -> failure[0] = context.getStartupFailure());
        FailureAnalysis a = analyzer.analyze(failure[0]);
        assertThat(a).as("analysis of %s", failure[0]).isNotNull();
        assertThat(a.getDescription()).contains("domains/domain1.com.conf:3: [domain:domain1.com] smtp_port");

        String command = a.getAction().substring(a.getAction().indexOf("run: ") + "run: ".length());
        assertThat(command).isEqualTo("ssmtp-mailer --config-dir " + tree + " config --validate");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = List.of(command.split(" "));
        int status = Main.run(args.subList(1, args.size()).toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));

        assertThat(status).as("%s%s", out, err).isNotZero();
        assertThat(out + "\n" + err).contains("domains/domain1.com.conf:3: [domain:domain1.com] smtp_port");
    }

    @Test
    void validateCommand_pathWithSpace_quotedForTheShell() {
        assertThat(SsmtpMailerFailureAnalyzer.validateCommand(Path.of("/srv/my relay/it's")))
                .isEqualTo("ssmtp-mailer --config-dir '/srv/my relay/it'\\''s' config --validate");
    }
}
