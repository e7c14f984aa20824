package dev.ssmtpmailer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The jar's entry point ({@code Main-Class}): runs {@link Main}, the {@code ssmtp-mailer} command, after giving
 * {@code sendmail} its fast start ({@link SendmailFastPath}), also after the global options
 * ({@code --config-dir DIR sendmail}). It is a class of its own because loading
 * {@link Main} loads picocli (its verification needs picocli's exception and factory types), and picocli is what
 * the fast start avoids: its classes are too old a class file version for a CDS archive, so each one is read from
 * the jar, and opening the jar's index of fourteen thousand entries is a good part of the cost.
 */
public final class Launcher {
    private Launcher() {
    }

    /**
     * Runs the command and exits with its status. The name the program was called by (system property
     * {@link Main#ARGV0_PROPERTY}) turns a launcher named {@code sendmail} or {@code mailq} into that command.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        String[] command = asInvoked(System.getProperty(Main.ARGV0_PROPERTY), args);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        String[] sendmail = sendmailArguments(command);
        if (sendmail != null) {
            SendmailFastPath fast = new SendmailFastPath(System.in, Sendmail.DEAD_LETTER, out, err);
            OptionalInt status = fast.run(sendmail, System.getenv(Main.CONFIG_DIR_ENV));
            if (status.isPresent()) {
                out.flush();
                System.exit(status.getAsInt());
            }
            System.exit(Main.run(command, out, err, Main.sendmailReading(fast.input())));
        }
        System.exit(Main.run(command, out, err));
    }

    /**
     * Where the command is, as the CLI ({@link Main}) and the shell launcher find it: the first word after the
     * global options, of which only {@code --config-dir} takes a value ({@code --config-dir DIR},
     * {@code --config-dir=DIR}, {@code -v}, {@code --verbose}).
     *
     * @param args the command line
     * @return the index of the command word, or {@code args.length} when there is none
     */
    static int commandIndex(String[] args) {
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (arg.equals("--config-dir")) {
                i += 2;
            } else if (arg.startsWith("--config-dir=") || arg.equals("-v") || arg.equals("--verbose")) {
                i++;
            } else {
                return i;
            }
        }
        return args.length;
    }

    /**
     * @param command the command line
     * @return for {@code sendmail} (also after global options: {@code --config-dir DIR sendmail -t}), the arguments
     *         {@link SendmailFastPath} reads: the global options given before it, then its own; {@code null} for any
     *         other command. The global options are sendmail's too (picocli's inherited options), so the fast path
     *         reads them where they are, and gives a command line it must not read (a repeated {@code -v}) to picocli.
     *         Also {@code null} when a global {@code --config-dir} names the directory {@code sendmail}: picocli
     *         refuses a subcommand's name as an option's value, in either form ({@code --config-dir sendmail sendmail}
     *         and {@code --config-dir=sendmail sendmail} end with 64), where the fast path would read the directory
     *         {@code ./sendmail}. Other commands' names are accepted there, as picocli does: the model of a command
     *         line that names {@code sendmail} has no other subcommand ({@code Main.commandLine})
     */
    static String[] sendmailArguments(String[] command) {
        int at = commandIndex(command);
        if (at == command.length || !command[at].equals("sendmail")) {
            return null;
        }
        for (int i = 0; i < at; i++) {
            String value = command[i].equals("--config-dir") ? command[++i]
                    : command[i].startsWith("--config-dir=") ? command[i].substring("--config-dir=".length()) : null;
            if ("sendmail".equals(value)) {
                return null;
            }
        }
        String[] args = new String[command.length - 1];
        System.arraycopy(command, 0, args, 0, at);
        System.arraycopy(command, at + 1, args, at, command.length - at - 1);
        return args;
    }

    /**
     * @param argv0 the name the program was called by (a path is fine), or {@code null}
     * @param args the command line
     * @return the command line with {@code sendmail} (and {@code -bp} for {@code mailq}) in front when called so
     */
    static String[] asInvoked(String argv0, String[] args) {
        Path file = argv0 == null ? null : Path.of(argv0).getFileName();
        String[] prefix = switch (file == null ? "" : file.toString()) {
            case "sendmail" -> new String[] {"sendmail"};
            case "mailq" -> new String[] {"sendmail", "-bp"};
            default -> new String[0];
        };
        String[] all = new String[prefix.length + args.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(args, 0, all, prefix.length, args.length);
        return all;
    }
}
