package dev.ssmtpmailer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The jar's entry point ({@code Main-Class}): runs {@link Main}, the {@code ssmtp-mailer} command, after giving
 * {@code sendmail} its fast start ({@link SendmailFastPath}). It is a class of its own because loading
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
        if (command.length > 0 && command[0].equals("sendmail")) {
            SendmailFastPath fast = new SendmailFastPath(System.in, Sendmail.DEAD_LETTER, out, err);
            OptionalInt status = fast.run(Arrays.copyOfRange(command, 1, command.length), System.getenv(Main.CONFIG_DIR_ENV));
            if (status.isPresent()) {
                out.flush();
                System.exit(status.getAsInt());
            }
            System.exit(Main.run(command, out, err, Main.sendmailReading(fast.input())));
        }
        System.exit(Main.run(command, out, err));
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
