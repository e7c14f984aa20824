package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.server.Passwords;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hash-password}: the {@code password_hash} of a {@code [user:ADDRESS]} section, for submission with
 * {@code AUTH}. The password comes from standard input (asked for twice, without echo, on a terminal), never from
 * the command line, where every local user could read it in the process list.
 */
@Command(name = "hash-password",
        description = {"Print the bcrypt hash of a password, {bcrypt}$2a$..., for the password_hash of a [user:ADDRESS] "
                + "section: a client may then log in as that user with AUTH (after STARTTLS) and submit mail.",
                "The password is read from standard input: when standard input and output are a terminal it is asked "
                        + "for twice without echo; otherwise the first line is the password (its line end removed). "
                        + "It is never taken from the command line.",
                "Example: ssmtp-mailer hash-password < password-file"})
final class HashPasswordCommand extends Subcommand {
    /** The longest first line read from a pipe: more than any password bcrypt can take. */
    private static final int MAX_LINE = 1024;

    @Option(names = "--cost", paramLabel = "N", defaultValue = "" + Passwords.DEFAULT_COST,
            description = "bcrypt cost, 4-31 (default: ${DEFAULT-VALUE}); each step doubles the time every login takes to check.")
    int cost;

    /** Where the password comes from when there is no terminal; the tests replace it. */
    InputStream stdin = System.in;

    /** The terminal, or {@code null} when standard input or output is not one; the tests leave it {@code null}. */
    Console console = System.console();

    @Override
    public Integer call() throws IOException {
        if (cost < 4 || cost > 31) {
            throw usage("--cost must be 4-31, was " + cost);
        }
        byte[] password = console != null ? fromTerminal(console) : firstLine(stdin);
        try {
            out().println(Passwords.hash(password, cost).value());
        } catch (IllegalArgumentException e) {
            throw new Main.Failure(ExitStatus.DATA, "hash-password: " + e.getMessage());
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        return 0;
    }

    private static byte[] fromTerminal(Console console) {
        char[] first = console.readPassword("Password: ");
        char[] again = console.readPassword("Again: ");
        try {
            if (first == null || again == null) {
                throw new Main.Failure(ExitStatus.DATA, "hash-password: no password was given");
            }
            if (!Arrays.equals(first, again)) {
                throw new Main.Failure(ExitStatus.DATA, "hash-password: the two passwords differ");
            }
            ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(first));
            byte[] bytes = new byte[utf8.remaining()];
            utf8.get(bytes);
            Arrays.fill(utf8.array(), (byte) 0);
            return bytes;
        } finally {
            Arrays.fill(first == null ? new char[0] : first, '\0');
            Arrays.fill(again == null ? new char[0] : again, '\0');
        }
    }

    private static byte[] firstLine(InputStream in) throws IOException {
        byte[] line = new byte[MAX_LINE];
        int n = 0;
        int c;
        try {
            while ((c = in.read()) >= 0 && c != '\n') {
                if (n == MAX_LINE) {
                    throw new Main.Failure(ExitStatus.DATA, "hash-password: the first line of standard input is longer "
                            + "than " + MAX_LINE + " bytes; a password is at most " + Passwords.MAX_BYTES);
                }
                line[n++] = (byte) c;
            }
            if (c < 0 && n == 0) {
                throw new Main.Failure(ExitStatus.DATA, "hash-password: no password on standard input");
            }
            return Arrays.copyOf(line, n > 0 && line[n - 1] == '\r' ? n - 1 : n);
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }
}
