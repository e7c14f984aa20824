package dev.ssmtpmailer.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every command under {@link Main} shares: {@code --help} and {@code --version} (the program's, as
 * {@code ssmtp-mailer --version} prints it), the global options
 * ({@code --config-dir}, {@code -v}) through {@link #main}, the streams the caller gave the command line, and
 * usage errors (exit 64) that name the command.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class)
abstract class Subcommand implements Callable<Integer> {
    /** The top-level command: its options and the configuration they point at. */
    @ParentCommand
    Main main;

    /** This command as picocli parsed it. */
    @Spec
    CommandSpec spec;

    /** Where results go: the command line's standard output (a test's writer when a test runs the command). */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where progress and diagnostics go: the command line's standard error. */
    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A usage error (exit 64) whose message starts with this command's name, as {@code bench: --size ...}. */
    final ParameterException usage(String problem) {
        return new ParameterException(spec.commandLine(), spec.name() + ": " + problem);
    }
}
