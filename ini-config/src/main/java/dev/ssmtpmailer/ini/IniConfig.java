package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.RelayConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Start here: reads the {@code /etc/ssmtp-mailer} INI tree into core's {@link RelayConfig}, and prints a
 * configuration back in that form with secrets masked.
 *
 * <pre>{@code
 * RelayConfig config = IniConfig.load(Path.of("/etc/ssmtp-mailer"));
 * System.out.print(IniConfig.describe(config));
 * }</pre>
 */
public final class IniConfig {
    /** The directory used when none is given: {@code /etc/ssmtp-mailer}. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/etc/ssmtp-mailer");

    private IniConfig() {
    }

    /**
     * Loads a tree with the process environment; secret-file warnings go to the WARN log.
     *
     * @param configDir the configuration directory (holding {@code ssmtp-mailer.conf})
     * @return the validated configuration
     * @throws ConfigException listing every problem of the whole tree, each with file, line, section and key
     */
    public static RelayConfig load(Path configDir) {
        return IniConfigLoader.builder().build().load(configDir);
    }

    /**
     * Loads and validates the {@code [global]} section of {@code ssmtp-mailer.conf} alone, with the process
     * environment: what a command that needs nothing else reads ({@code queue}: {@code spool_dir} and the queue
     * backend's keys), so that a domain's {@code password_env}, which only the service's environment sets, or a
     * domain file it cannot read does not stop it.
     *
     * @param configDir the configuration directory (holding {@code ssmtp-mailer.conf})
     * @return the validated configuration of {@code [global]} alone: no domains, users or mappings (ready for
     *         what needs a whole configuration, such as the queue database's {@code PostgresBackend.forCommand})
     * @throws ConfigException listing every problem of {@code [global]}, each with file, line and key
     */
    public static RelayConfig loadGlobal(Path configDir) {
        return new TreeLoader(System::getenv, w -> { }, null).load(configDir, true);
    }

    /**
     * Reads the {@code [global]} section of {@code ssmtp-mailer.conf} alone, for settings needed before the tree is
     * loaded: a command sets up logging from {@code log_file} and {@code log_level} first, since loading logs. It
     * neither validates nor logs; whatever is missing or cannot be read takes its default, and {@link #load(Path)}
     * reports it.
     *
     * @param configDir the configuration directory
     * @return the global settings written there
     */
    public static GlobalSettings readGlobal(Path configDir) {
        return MainFile.globalSettings(configDir);
    }

    /**
     * Reads what handing a message to the {@code serve} of this host needs, without loading the tree: where
     * {@code serve} listens, {@code max_message_size}, {@code default_hostname} and {@code default_from}. A
     * short-lived {@code sendmail} process reads this instead of {@link #load(Path)}, whose key table and validation
     * cost it more time than the hand-over itself. It never fails and never logs.
     *
     * @param configDir the configuration directory
     * @return the settings, each equal to what {@link #load(Path)} gives; empty when the tree has no local domain
     *         with a port to connect to, or when anything read looks wrong or unusual (then {@link #load(Path)} says
     *         what, or finds it right)
     */
    public static Optional<SubmissionSettings> readSubmission(Path configDir) {
        return SubmissionReader.read(configDir);
    }

    /**
     * The effective configuration in INI form: every key with its value, defaults included, each section
     * preceded by a {@code # file:line} comment when it came from a file. Inline secrets print as
     * {@code ******}; for {@code password_file} and {@code password_env} the file or variable name is printed.
     *
     * @param config a configuration
     * @return the text, one {@code key = value} per line
     */
    public static String describe(RelayConfig config) {
        return ConfigPrinter.print(config);
    }
}
