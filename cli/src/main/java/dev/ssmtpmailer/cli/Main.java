package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.DeliveryException;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.ini.IniConfigLoader;
import dev.ssmtpmailer.message.RelayException;
import dev.ssmtpmailer.smtp.RecipientResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ssmtp-mailer} command. Start here: each subcommand is one class in this package; what they do
 * lives in core or in the packages beside it ({@code dnscheck}, {@code bench}, {@code demo}).
 *
 * <p>Exit status: 0 on success, else a {@code sysexits} code from the one table in {@link ExitStatus} (64 for a
 * usage error, 75 for a temporary failure, 78 for a configuration problem...), which every {@code --help}
 * prints. A failure prints one sentence, {@code ssmtp-mailer: <reason>}, on stderr; a usage error adds the
 * usage. {@code --config-dir} and {@code -v} are inherited: valid before or after the subcommand.
 */
@Command(name = "ssmtp-mailer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Relay mail for local aliases through authenticated upstream accounts.")
public final class Main implements Callable<Integer> {
    /**
     * The subcommands, in the order {@code --help} lists them. A command line that names one gets only that one's
     * model ({@link #commandLine(PrintWriter, PrintWriter, CommandLine.IFactory, String[])}): picocli reads every
     * command class it is given, options and all, which for all of them was a quarter of a command's start.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(SendCommand.class, SendmailCommand.class, TestCommand.class,
            ConfigCommand.class, DnsCheckCommand.class, QueueCommand.class, ServeCommand.class, HashPasswordCommand.class,
            BenchCommand.class, DemoCommand.class, DocsCommand.class, CommandLine.HelpCommand.class);

    /** Environment variable naming the configuration directory when {@code --config-dir} is not given. */
    public static final String CONFIG_DIR_ENV = "SSMTP_MAILER_CONFIG_DIR";

    @Option(names = "--config-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            defaultValue = "${env:" + CONFIG_DIR_ENV + ":-/etc/ssmtp-mailer}",
            description = "Configuration tree (default: $" + CONFIG_DIR_ENV + ", else /etc/ssmtp-mailer; now ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print the SMTP protocol trace on stderr (AUTH data masked).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command and exits with its status: what {@link Launcher}, the jar's entry point, does.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Launcher.main(args);
    }

    /**
     * System property with the name the program was called by ({@code $0} of the launcher script): a launcher
     * installed as {@code sendmail} runs {@code ssmtp-mailer sendmail}, one installed as {@code mailq} runs
     * {@code ssmtp-mailer sendmail -bp}.
     */
    public static final String ARGV0_PROPERTY = "ssmtp.argv0";

    /** @see Launcher#asInvoked(String, String[]) */
    static String[] asInvoked(String argv0, String[] args) {
        return Launcher.asInvoked(argv0, args);
    }

    /** @return the default factory, with {@code sendmail} reading the message from {@code stdin} */
    static CommandLine.IFactory sendmailReading(InputStream stdin) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof SendmailCommand s) {
                    s.stdin = stdin;
                }
                return made;
            }
        };
    }

    /**
     * Runs the command without exiting: what {@link #main} and the tests call.
     *
     * @param args the command line
     * @param out where results go
     * @param err where the one-line failure reason and the trace go
     * @return the exit status
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CommandLine.defaultFactory());
    }

    /** {@link #run(String[], PrintWriter, PrintWriter)} with the commands made by {@code factory} (the tests'). */
    static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        CommandLine cl = commandLine(out, err, factory, args);
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /**
     * @return the whole command model with its handlers: what runs, and what completion and man pages are
     *         generated from ({@link DocsCommand})
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        return commandLine(out, err, factory, null);
    }

    /**
     * @param args a command line that is to run: when it names a subcommand (after the global options, if any),
     *        only that one is in the model, which is all the run needs; {@code null}, or a command line that names
     *        none (help, a usage error), gives the whole model
     * @return the command model with its handlers
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, CommandLine.IFactory factory, String[] args) {
        CommandLine cl = new CommandLine(new Main(), factory);
        Class<?> named = args == null ? null : named(args);
        for (Class<?> c : SUBCOMMANDS) {
            if (named == null || c == named) {
                cl.addSubcommand(c);
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        listExitStatuses(cl, ExitStatus.helpList());
        CommandLine sendmail = cl.getSubcommands().get("sendmail");
        if (sendmail != null) {
            // callers of sendmail repeat flags (Debian's cron passes both -i and -oi)
            sendmail.setOverwrittenOptionsAllowed(true);
        }
        cl.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("ssmtp-mailer: " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(e, command.getErr());
            command.usage(command.getErr());
            command.getErr().flush();
            return ExitStatus.USAGE.code();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            ExitStatus status = ExitStatus.of(e);
            commandLine.getErr().println("ssmtp-mailer: " + reason(e));
            if (status == ExitStatus.USAGE) {
                commandLine.usage(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return status.code();
        });
        return cl;
    }

    /**
     * @return the subcommand that {@code args} names after the global options ({@code --config-dir DIR},
     *         {@code -v}), or {@code null} if they name none or anything else comes first; {@code help} needs them all
     */
    private static Class<?> named(String[] args) {
        int i = Launcher.commandIndex(args);
        if (i == args.length) {
            return null;
        }
        for (Class<?> c : SUBCOMMANDS) {
            if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[i])) {
                return c;
            }
        }
        return null;
    }

    /** Puts the exit status table at the end of every command's {@code --help}. */
    private static void listExitStatuses(CommandLine command, Map<String, String> list) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(list);
        command.getSubcommands().values().forEach(c -> listExitStatuses(c, list));
    }

    /** Without a subcommand: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "give a command; `ssmtp-mailer help COMMAND` explains each");
    }

    /**
     * Loads the configuration tree of {@code --config-dir}.
     *
     * @return the configuration
     * @throws Failure with {@link ExitStatus#CONFIG} and a hint at {@code --config-dir} if the directory does not exist
     * @throws ConfigException if the tree has problems
     */
    RelayConfig config() {
        requireConfigDir();
        return IniConfig.load(configDir);
    }

    /**
     * Loads the tree for a command that checks or reads it but sends nothing ({@code config}, {@code dns-check}, a
     * {@code sendmail} that hands over to {@code serve}): such a command may run outside the service's environment
     * (a shell, {@code sudo -u}), where the variables of {@code password_env} and {@code database_password_env}
     * are not set, the systemd unit setting them through its {@code EnvironmentFile}.
     *
     * @param unsetVariables receives each secret whose variable is not set here, instead of a failure
     * @return the configuration; such a secret fails when it is used
     * @throws Failure with {@link ExitStatus#CONFIG} if the directory does not exist
     * @throws ConfigException if the tree has other problems
     */
    RelayConfig config(Consumer<ConfigProblem> unsetVariables) {
        requireConfigDir();
        return IniConfigLoader.builder().unsetVariables(unsetVariables).build().load(configDir);
    }

    /**
     * Loads the {@code [global]} section alone, for a command that needs nothing else ({@code queue}, {@code mailq}).
     *
     * @return the validated configuration of {@code [global]} alone (no domains, users or mappings)
     * @throws Failure with {@link ExitStatus#CONFIG} if the directory does not exist
     * @throws ConfigException if {@code [global]} has problems
     */
    RelayConfig global() {
        requireConfigDir();
        return IniConfig.loadGlobal(configDir);
    }

    /**
     * @param problem a secret whose variable is not set in this process
     * @return the warning a command prints for it: which variable, and where it must be set
     */
    static String unsetWarning(ConfigProblem problem) {
        return "warning: " + problem + " here; serve, send, test and a sendmail that delivers itself need it "
                + "(the systemd unit sets it through its EnvironmentFile)";
    }

    private void requireConfigDir() {
        if (!Files.isDirectory(configDir)) {
            throw new Failure(ExitStatus.CONFIG, "the configuration directory " + configDir + " does not exist; "
                    + "name another with --config-dir DIR or $" + CONFIG_DIR_ENV);
        }
    }

    /** @return one sentence saying why {@code e} ended the command; never a class name */
    static String reason(Throwable e) {
        if (e instanceof ConfigException c) {
            int n = c.problems().size();
            if (n == 1) {
                return "configuration: " + firstLine(c.problems().get(0).toString());
            }
            return "configuration has " + n + " problems, first: " + firstLine(c.problems().get(0).toString())
                    + " (run `ssmtp-mailer config --validate` for all)";
        }
        if (e instanceof DeliveryException d) {
            return deliveryFailed(d);
        }
        String m = e.getMessage();
        if (e instanceof Failure || e instanceof RelayException || e instanceof IllegalArgumentException) {
            return m == null ? "the command failed without a reason" : firstLine(m);
        }
        Throwable io = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        if (io instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        if (io instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (io instanceof IOException) {
            return "input/output error: " + (m == null ? "no detail" : firstLine(m));
        }
        return "internal error" + (m == null ? " without a message" : ": " + firstLine(m))
                + " (please report it; -v may show more)";
    }

    /** @return {@code N of M recipients failed, first R at PHASE: reply}, the line a failed delivery ends with */
    static String deliveryFailed(DeliveryException e) {
        RecipientResult first = e.failedRecipients().get(0);
        return e.failedRecipients().size() + " of " + e.report().recipients().size() + " recipients failed, first "
                + first.recipient() + " at " + first.phase() + ": " + first.reply();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** A command failed for a reason the user should read: the message is that sentence, with its exit status. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final ExitStatus status;

        Failure(ExitStatus status, String message) {
            super(message);
            this.status = status;
        }

        Failure(ExitStatus status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** @return the exit status for this failure */
        ExitStatus status() {
            return status;
        }
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ssmtp-mailer " + (v == null ? "(development build)" : v)};
        }
    }
}
