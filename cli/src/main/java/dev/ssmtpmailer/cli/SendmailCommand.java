package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.DeliveryReport;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.cli.sendmail.LocalSubmission;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.RawMessage;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sendmail}: the {@code /usr/sbin/sendmail} interface that cron, PHP's {@code mail()}, mailx and git
 * call. The message comes on standard input; when a {@code serve} runs on this host it is handed over (spooled
 * there) and the command ends at once, otherwise it is delivered directly. A message that cannot be sent is
 * appended to {@code ~/dead.letter} and the exit status says why (sysexits); one over {@code max_message_size}
 * or an empty one is refused without saving. Invoked through a launcher named {@code sendmail} or
 * {@code mailq} ({@code -Dssmtp.argv0}), the jar runs this command (see {@link Main#main}).
 *
 * <p>This is the whole command; a plain hand-over to {@code serve} usually takes the fast start instead
 * ({@link SendmailFastPath}), which gives everything else back to this class. Both do the work through
 * {@link Sendmail}; only direct delivery is here.
 */
@Command(name = "sendmail",
        description = {"The /usr/sbin/sendmail interface: read a message on standard input and send it.",
                "Hands it to a running `serve` on this host (spooled there), else delivers it directly.",
                "A message that cannot be sent is appended to ~/dead.letter; the exit status says why."})
final class SendmailCommand extends Subcommand {
    @Option(names = "-t", description = "Take recipients from the To:, Cc: and Bcc: fields too (Bcc: is removed).")
    boolean fromHeaders;

    @Option(names = {"-i", "-oi"}, description = "A line holding a single dot does not end the message.")
    boolean ignoreDots;

    @Option(names = {"-f", "-r"}, paramLabel = "ADDR", description = "Envelope sender (default: the From: field, else default_from).")
    String sender;

    @Option(names = "-F", paramLabel = "NAME", description = "Full name for the From: field added to a message without one.")
    String fullName;

    @Option(names = "-bp", description = "List the queue, like mailq (same as `queue list`).")
    boolean listQueue;

    @Option(names = {"-bm", "-oem", "-oee", "-odi", "-odb", "-om", "-U"}, hidden = true,
            description = "Accepted for compatibility; they change nothing here.")
    boolean ignored;

    @Option(names = "-B", paramLabel = "TYPE", hidden = true, description = "Body type (7BIT, 8BITMIME): accepted, the bytes go as they are.")
    String bodyType;

    @Parameters(paramLabel = "RCPT", arity = "0..*", description = "Recipients (commas may separate several in one argument).")
    List<String> recipients = new ArrayList<>();

    /** The message; the tests replace it, and so does {@link SendmailFastPath} when it gives the message back. */
    InputStream stdin = System.in;

    /** Where a message that cannot be sent is saved; the tests replace it. */
    Path deadLetter = Sendmail.DEAD_LETTER;

    @Override
    public Integer call() {
        Logging.quiet(main.verbose);
        PrintWriter out = out();
        PrintWriter err = err();
        if (listQueue) {
            return Main.run(new String[] {"--config-dir", main.configDir.toString(), "queue", "list"}, out, err);
        }
        // a sendmail that hands over to serve needs no upstream secret: run by cron or a user, outside the service's
        // environment, it must not fail on a password_env that only the unit sets; one that delivers itself does
        List<ConfigProblem> unset = new ArrayList<>();
        RelayConfig config = main.config(unset::add);
        Sendmail sendmail = new Sendmail(new Sendmail.Options(fromHeaders, ignoreDots, sender, fullName, recipients, main.verbose),
                Sendmail.Settings.of(config), deadLetter, out, err);
        Sendmail.Submission submission;
        try {
            submission = sendmail.prepare(stdin);
        } catch (Sendmail.Refusal r) {
            throw sendmail.failure(r);
        }
        Optional<LocalSubmission> local = sendmail.connect();
        if (local.isPresent()) {
            return sendmail.handOver(local.get(), submission);
        }
        return deliver(sendmail, config, unset, submission.envelope(), submission.message(), out);
    }

    /**
     * No {@code serve} here: through the relay at once, mapped and checked like {@code send}; a secret whose
     * variable is not set fails it as a configuration problem (78), the message saved as a dead letter.
     */
    private int deliver(Sendmail sendmail, RelayConfig config, List<ConfigProblem> unset, Envelope envelope, byte[] message,
            PrintWriter out) {
        try (Relay relay = relay(config, unset)) {
            DeliveryReport report = relay.send(RawMessage.of(envelope, message));
            if (main.verbose) {
                SendCommand.print(out, report);
            }
            return 0;
        } catch (RuntimeException e) {
            throw sendmail.fail(ExitStatus.of(e), Main.reason(e), envelope.reversePath(), message);
        }
    }

    private static Relay relay(RelayConfig config, List<ConfigProblem> unset) {
        if (!unset.isEmpty()) {
            throw new ConfigException(unset);
        }
        return Relay.create(config);
    }
}
