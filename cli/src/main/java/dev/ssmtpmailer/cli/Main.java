package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.message.RelayException;
import dev.ssmtpmailer.config.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code ssmtp-mailer} command. Start here: each subcommand is one class in this package; what they do
 * lives in the packages beside it ({@code dnscheck}, {@code probe}, {@code bench}, {@code demo}).
 *
 * <p>Exit status: 0 on success, 1 when the work failed (a check, a delivery), 2 for a usage error; a failure
 * prints one line, {@code ssmtp-mailer: <reason>}, on stderr.
 */
@Command(name = "ssmtp-mailer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Relay mail for local aliases through authenticated upstream accounts.",
        subcommands = {SendCommand.class, TestCommand.class, ConfigCommand.class, DnsCheckCommand.class, QueueCommand.class, ServeCommand.class,
                BenchCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Environment variable naming the configuration directory when {@code --config-dir} is not given. */
    public static final String CONFIG_DIR_ENV = "SSMTP_MAILER_CONFIG_DIR";

    @Option(names = "--config-dir", paramLabel = "DIR",
            defaultValue = "${env:" + CONFIG_DIR_ENV + ":-/etc/ssmtp-mailer}",
            description = "Configuration tree (default: $" + CONFIG_DIR_ENV + ", else /etc/ssmtp-mailer; now ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(names = {"-v", "--verbose"}, description = "Print the SMTP protocol trace on stderr (AUTH data masked).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
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
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ssmtp-mailer: " + reason(e));
            commandLine.getErr().flush();
            return 1;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** Without a subcommand: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** @return one line saying why {@code e} ended the command */
    static String reason(Throwable e) {
        if (e instanceof ConfigException c) {
            int n = c.problems().size();
            if (n == 1) {
                return "configuration: " + firstLine(c.problems().get(0).toString());
            }
            return "configuration has " + n + (n == 1 ? " problem" : " problems") + ", first: "
                    + firstLine(c.problems().get(0).toString()) + " (run `ssmtp-mailer config --validate` for all)";
        }
        if (e instanceof Failure || e instanceof RelayException) {
            return firstLine(e.getMessage());
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** A command failed for a reason the user should read: the message is that one line. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }

        Failure(String message, Throwable cause) {
            super(message, cause);
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
