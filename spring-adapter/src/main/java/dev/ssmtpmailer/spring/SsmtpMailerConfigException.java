package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.message.RelayException;
import dev.ssmtpmailer.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The ssmtp-mailer configuration of a Spring application is invalid. It says where the configuration came
 * from and, for each problem, the property ({@code ssmtp-mailer.domains[0].smtp-port}) or INI file and line
 * that holds the value; a failure analyzer turns it into the startup report.
 */
public final class SsmtpMailerConfigException extends RelayException {
    private static final long serialVersionUID = 1L;

    /** Where the configuration came from. */
    public enum Origin {
        /** The {@code ssmtp-mailer.*} properties ({@code application.yml}, environment, ...). */
        PROPERTIES,
        /** The INI tree named by {@code ssmtp-mailer.config-dir}. */
        INI_TREE
    }

    /**
     * One thing wrong.
     *
     * @param where the property ({@code ssmtp-mailer.domains[0].smtp-port}) or {@code file:line: [section] key}
     * @param message what is wrong and, where there is one, the fix
     */
    public record Problem(String where, String message) {
        /** Checks both parts. */
        public Problem {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return where + ": " + message;
        }
    }

    private final Origin origin;
    private final transient Path configDir;
    private final List<Problem> problems;

    /**
     * @param origin where the configuration came from
     * @param configDir the INI tree, for {@link Origin#INI_TREE}; else {@code null}
     * @param problems what is wrong, at least one
     * @param cause core's {@link ConfigException}, or {@code null}
     */
    public SsmtpMailerConfigException(Origin origin, Path configDir, List<Problem> problems, ConfigException cause) {
        super(format(origin, configDir, problems), cause);
        this.origin = Objects.requireNonNull(origin, "origin");
        this.configDir = configDir;
        this.problems = List.copyOf(problems);
    }

    private static String format(Origin origin, Path configDir, List<Problem> problems) {
        String source = origin == Origin.INI_TREE ? "the INI tree " + configDir : "the ssmtp-mailer.* properties";
        return "invalid ssmtp-mailer configuration in " + source + ":\n" + problems.stream()
                .map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }

    /** @return where the configuration came from */
    public Origin origin() {
        return origin;
    }

    /** @return the INI tree, or {@code null} when the configuration came from properties */
    public Path configDir() {
        return configDir;
    }

    /** @return every problem */
    public List<Problem> problems() {
        return problems;
    }
}
