package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.cli.sendmail.LocalSubmission;
import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.ini.SubmissionSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.SequenceInputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The fast start of {@code sendmail}: cron, PHP and monitoring agents call it thousands of times a day, and
 * nearly every call hands one message to the {@code serve} of this host. For that call this class reads the
 * small, fixed set of sendmail flags by hand, reads only the few settings the hand-over needs
 * ({@link IniConfig#readSubmission}), and connects: no picocli (its classes cannot be archived by CDS and it builds
 * its model by reflection), no logging backend, no configuration model. The work itself is {@link Sendmail}'s,
 * the same code the whole command runs.
 *
 * <p>Everything else goes back to the whole command ({@link SendmailCommand}) unchanged, with the standard input
 * it has read given back first ({@link #input()}): a flag this class does not know, {@code --help}, {@code -bp},
 * a tree it cannot read with certainty, a message it would refuse (the whole command refuses it the same way,
 * after checking the configuration as it always does), and above all no {@code serve} answering, which means
 * direct delivery. So behaviour, messages and exit statuses are the whole command's; this class only decides
 * whether it can do the common case itself. Once it has begun the hand-over it finishes it: a refusal by
 * {@code serve} or a broken session ends the command here, the message in {@code dead.letter}.
 */
final class SendmailFastPath {
    private final RecordingInput stdin;
    private final Path deadLetter;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param stdin the message
     * @param deadLetter where a message that cannot be sent is saved
     * @param out where {@code -v} reports the hand-over
     * @param err where the failure reason and the {@code -v} trace go
     */
    SendmailFastPath(InputStream stdin, Path deadLetter, PrintWriter out, PrintWriter err) {
        this.stdin = new RecordingInput(stdin);
        this.deadLetter = deadLetter;
        this.out = out;
        this.err = err;
    }

    /**
     * @param args the arguments after {@code sendmail}
     * @param configDirEnv the value of {@link Main#CONFIG_DIR_ENV}, or {@code null}
     * @return the exit status when the message was handed to {@code serve} (or {@code serve} refused it); empty when
     *         the whole command must run instead, with {@link #input()} as its standard input
     */
    OptionalInt run(String[] args, String configDirEnv) {
        Invocation call = Invocation.parse(args, configDirEnv);
        if (call == null) {
            return OptionalInt.empty();
        }
        Optional<SubmissionSettings> settings = IniConfig.readSubmission(call.configDir());
        if (settings.isEmpty()) {
            return OptionalInt.empty();
        }
        Sendmail sendmail = new Sendmail(call.options(), Sendmail.Settings.of(settings.get()), deadLetter, out, err);
        Sendmail.Submission submission;
        try {
            submission = sendmail.prepare(stdin);
        } catch (Sendmail.Refusal | Main.Failure e) {
            return OptionalInt.empty();
        }
        Optional<LocalSubmission> session = sendmail.connect();
        if (session.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(sendmail.handOver(session.get(), submission));
        } catch (Main.Failure f) {
            err.println("ssmtp-mailer: " + Main.reason(f));
            err.flush();
            return OptionalInt.of(f.status().code());
        }
    }

    /** @return standard input for the whole command: the bytes this class has read, then the rest */
    InputStream input() {
        return new SequenceInputStream(new ByteArrayInputStream(stdin.recorded.toByteArray()), stdin.source);
    }

    /**
     * A sendmail command line this class handles: the flags of {@link SendmailCommand} that a hand-over uses or
     * ignores, and the inherited {@code --config-dir} and {@code -v}. Anything else, or anything written in a way
     * picocli would read differently ({@code -f=ADDR}, a value that looks like a flag, {@code @file}, a repeated
     * {@code --config-dir}), is left to picocli.
     */
    record Invocation(Sendmail.Options options, Path configDir) {
        private static final List<String> IGNORED = List.of("-bm", "-oem", "-oee", "-odi", "-odb", "-om", "-U");

        /** @return the invocation, or {@code null} when picocli should read this command line */
        static Invocation parse(String[] args, String configDirEnv) {
            boolean fromHeaders = false;
            boolean ignoreDots = false;
            boolean verbose = false;
            String sender = null;
            String fullName = null;
            String configDir = null;
            List<String> recipients = new ArrayList<>();
            boolean positionalOnly = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("@")) {
                    return null; // picocli reads arguments from an @file
                }
                if (positionalOnly || !a.startsWith("-")) {
                    recipients.add(a);
                } else if (a.equals("--")) {
                    positionalOnly = true;
                } else if (a.equals("-t")) {
                    fromHeaders = true;
                } else if (a.equals("-i") || a.equals("-oi")) {
                    ignoreDots = true;
                } else if ((a.equals("-v") || a.equals("--verbose")) && !verbose) {
                    verbose = true;
                } else if (a.equals("--config-dir") || a.startsWith("--config-dir=")) {
                    String value = a.length() > "--config-dir".length() ? a.substring("--config-dir=".length()) : next(args, ++i);
                    if (value == null || value.isEmpty() || configDir != null) {
                        return null;
                    }
                    configDir = value;
                } else if (a.length() >= 2 && "frFB".indexOf(a.charAt(1)) >= 0) {
                    String value = a.length() > 2 ? a.substring(2) : next(args, ++i);
                    if (value == null || value.startsWith("=")) {
                        return null;
                    }
                    switch (a.charAt(1)) {
                        case 'f', 'r' -> sender = value;
                        case 'F' -> fullName = value;
                        default -> { } // -B: the body type; the bytes go as they are
                    }
                } else if (!IGNORED.contains(a)) {
                    return null; // -bp, --help, -V, a repeated -v, an unknown flag: the whole command answers
                }
            }
            String dir = configDir != null ? configDir : configDirEnv;
            if (dir != null && dir.isEmpty()) {
                return null; // picocli's ${env:...:-default} decides what an empty variable means
            }
            try {
                return new Invocation(new Sendmail.Options(fromHeaders, ignoreDots, sender, fullName, recipients, verbose),
                        dir == null ? IniConfig.DEFAULT_DIRECTORY : Path.of(dir));
            } catch (InvalidPathException e) {
                return null; // picocli reports it
            }
        }

        /** @return the value at {@code i}, or {@code null} when there is none or it looks like a flag */
        private static String next(String[] args, int i) {
            return i < args.length && !args[i].startsWith("-") ? args[i] : null;
        }
    }

    /** Keeps a copy of every byte read, so that the whole command can read the message again. */
    private static final class RecordingInput extends FilterInputStream {
        private final InputStream source;
        private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();

        RecordingInput(InputStream source) {
            super(source);
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                recorded.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                recorded.write(b, off, n);
            }
            return n;
        }
    }
}
