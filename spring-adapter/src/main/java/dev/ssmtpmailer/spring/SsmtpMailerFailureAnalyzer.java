package dev.ssmtpmailer.spring;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link SsmtpMailerConfigException} into Spring Boot's startup report: each problem with its property or
 * file and line, and what to change.
 */
class SsmtpMailerFailureAnalyzer extends AbstractFailureAnalyzer<SsmtpMailerConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SsmtpMailerConfigException cause) {
        String problems = cause.problems().stream().map(p -> "    " + p.where() + ": " + p.message())
                .collect(Collectors.joining("\n"));
        if (cause.origin() == SsmtpMailerConfigException.Origin.INI_TREE) {
            return new FailureAnalysis("The ssmtp-mailer configuration in " + cause.configDir() + " is invalid:\n\n" + problems,
                    "Fix the keys listed above in those files (each line says file:line, section and key), or point "
                            + "'ssmtp-mailer.config-dir' at another directory. 'ssmtp-mailer check' prints the same report.",
                    cause);
        }
        return new FailureAnalysis("The ssmtp-mailer configuration properties are invalid:\n\n" + problems,
                "Fix the properties listed above in your application configuration (application.yml, "
                        + "application.properties or the environment); the property names are the INI keys in kebab-case.",
                cause);
    }
}
