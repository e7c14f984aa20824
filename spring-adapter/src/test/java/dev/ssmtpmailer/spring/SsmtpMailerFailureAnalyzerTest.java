package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
