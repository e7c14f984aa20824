package dev.ssmtpmailer.spring;

import java.nio.file.Path;
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
                            + "'ssmtp-mailer.config-dir' at another directory. To check the tree without starting the "
                            + "application, run: " + validateCommand(cause.configDir()),
                    cause);
        }
        return new FailureAnalysis("The ssmtp-mailer configuration properties are invalid:\n\n" + problems,
                "Fix the properties listed above in your application configuration (application.yml, "
                        + "application.properties or the environment); the property names are the INI keys in kebab-case.",
                cause);
    }

    /**
     * The command of the {@code ssmtp-mailer} tool (module {@code ssmtp-mailer-cli}) that prints the same
     * report for a tree. {@code --config-dir} goes before the subcommand, where every version of the tool takes it.
     *
     * @param configDir the tree
     * @return the command line, the directory quoted for a POSIX shell when it needs it
     */
    static String validateCommand(Path configDir) {
        String dir = configDir.toString();
        if (!dir.matches("[A-Za-z0-9_./:@%+=,-]+")) {
            dir = "'" + dir.replace("'", "'\\''") + "'";
        }
        return "ssmtp-mailer --config-dir " + dir + " config --validate";
    }
}
