package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.RelayConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads an {@code /etc/ssmtp-mailer} tree into a validated {@link RelayConfig}. {@link IniConfig#load(Path)}
 * covers the usual case; build a loader to read environment variables from somewhere else than the process
 * (tests), to receive warnings, or to reuse one loader for repeated loads so that each warning is given once.
 *
 * <pre>{@code
 * IniConfigLoader loader = IniConfigLoader.builder().warnings(System.err::println).build();
 * RelayConfig config = loader.load(Path.of("/etc/ssmtp-mailer"));
 * }</pre>
 */
public interface IniConfigLoader {

    /**
     * Reads {@code ssmtp-mailer.conf} and every {@code *.conf} file of the domains, users and mappings
     * directories, and builds the configuration.
     *
     * @param configDir the configuration directory
     * @return the validated configuration
     * @throws ConfigException listing every problem of the whole tree, each with file, line, section and key
     */
    RelayConfig load(Path configDir);

    /** @return a builder for a loader with the defaults: the process environment, warnings only logged */
    static Builder builder() {
        return new Builder();
    }

    /** Configures an {@link IniConfigLoader}. */
    final class Builder {
        private Function<String, String> environment = System::getenv;
        private Consumer<String> warnings = w -> { };
        private Consumer<ConfigProblem> unsetVariables;
        private int loaderGid = TreeLoader.processGid();

        Builder() {
        }

        /**
         * @param environment looks up the variables that {@code password_env} names; default {@link System#getenv(String)}
         * @return this
         */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * @param warnings receives each warning (a secret in a file others can read), in addition to the WARN log
         *        line; at most once per file for the life of the loader
         * @return this
         */
        public Builder warnings(Consumer<String> warnings) {
            this.warnings = Objects.requireNonNull(warnings, "warnings");
            return this;
        }

        /**
         * For a tool run outside the service's environment ({@code config --validate}, {@code dns-check}): a secret
         * whose {@code *_env} variable is not set goes to {@code warnings} instead of failing the load (see
         * {@link RelayConfig.Builder#unsetVariables}); the secret still fails when it is used.
         *
         * @param warnings receives each unset variable as a problem at its key, naming the variable
         * @return this
         */
        public Builder unsetVariables(Consumer<ConfigProblem> warnings) {
            this.unsetVariables = Objects.requireNonNull(warnings, "warnings");
            return this;
        }

        /** For tests: the group the loader takes for its process's (a secret of root readable by it is not warned). */
        Builder loaderGid(int gid) {
            this.loaderGid = gid;
            return this;
        }

        /** @return the loader */
        public IniConfigLoader build() {
            return new TreeLoader(environment, warnings, unsetVariables, loaderGid);
        }
    }
}
