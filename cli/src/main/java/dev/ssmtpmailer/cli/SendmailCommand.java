package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.DeliveryReport;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import dev.ssmtpmailer.cli.sendmail.DeadLetter;
import dev.ssmtpmailer.cli.sendmail.LocalSubmission;
import dev.ssmtpmailer.cli.sendmail.MailHeaders;
import dev.ssmtpmailer.cli.sendmail.MessageInput;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.RawMessage;
import dev.ssmtpmailer.server.RelayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sendmail}: the {@code /usr/sbin/sendmail} interface that cron, PHP's {@code mail()}, mailx and git
 * call. The message comes on standard input; when a {@code serve} runs on this host it is handed over (spooled
 * there) and the command ends at once, otherwise it is delivered directly. A message that cannot be sent is
 * appended to {@code ~/dead.letter} and the exit status says why (sysexits); one over {@code max_message_size}
 * or an empty one is refused without saving. Invoked through a launcher named {@code sendmail} or
 * {@code mailq} ({@code -Dssmtp.argv0}), the jar runs this command (see {@link Main#main}).
 */
@Command(name = "sendmail", mixinStandardHelpOptions = true,
        description = {"The /usr/sbin/sendmail interface: read a message on standard input and send it.",
                "Hands it to a running `serve` on this host (spooled there), else delivers it directly.",
                "A message that cannot be sent is appended to ~/dead.letter; the exit status says why."})
final class SendmailCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

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

    /** The message; the tests replace it. */
    InputStream stdin = System.in;

    /** Where a message that cannot be sent is saved; the tests replace it. */
    Path deadLetter = Path.of(System.getProperty("user.home"), "dead.letter");

    @Override
    public Integer call() {
        Logging.quiet(main.verbose);
        PrintWriter out = main.spec.commandLine().getOut();
        PrintWriter err = main.spec.commandLine().getErr();
        if (listQueue) {
            return Main.run(new String[] {"--config-dir", main.configDir.toString(), "queue", "list"}, out, err);
        }
        RelayConfig config = main.config();
        long max = config.global().maxMessageSize();
        MessageInput.Result input;
        try {
            input = MessageInput.read(stdin, !ignoreDots, max);
        } catch (IOException e) {
            throw new Main.Failure(ExitStatus.IO, "sendmail: cannot read the message from standard input: " + e.getMessage(), e);
        }
        if (input.tooLarge()) {
            throw new Main.Failure(ExitStatus.DATA, "sendmail: the message is larger than max_message_size (" + max
                    + " bytes); refused, nothing was sent or saved");
        }
        MailHeaders headers = MailHeaders.parse(input.bytes());
        if (headers.isEmpty()) {
            throw new Main.Failure(ExitStatus.DATA, "sendmail: the message on standard input is empty; nothing was sent");
        }
        String from = sender != null ? sender : headers.addresses("From").stream().findFirst()
                .orElse(config.global().defaultFrom() == null ? null : config.global().defaultFrom().address());
        byte[] message = headers.rewrite(missingFields(headers, from, config));
        List<String> to = new ArrayList<>();
        recipients.forEach(r -> to.addAll(List.of(r.split(","))));
        if (fromHeaders) {
            to.addAll(headers.addresses("To", "Cc", "Bcc"));
        }
        to.replaceAll(String::trim);
        to.removeIf(String::isEmpty);
        if (to.isEmpty()) {
            throw fail(ExitStatus.DATA, "no recipients: give them as arguments, or -t to read To:, Cc: and Bcc:", from, message);
        }
        if (from == null) {
            throw fail(ExitStatus.DATA, "no sender: give -f ADDR, a From: field, or default_from in [global]", null, message);
        }
        Envelope envelope;
        try {
            envelope = new Envelope(EmailAddress.parse(from), to.stream().map(EmailAddress::parse).toList());
        } catch (InvalidAddressException e) {
            throw fail(ExitStatus.DATA, e.getMessage(), from, message);
        }
        Optional<LocalSubmission> local = RelayServer.configuredAddress(config).map(SendmailCommand::reachable)
                .flatMap(a -> LocalSubmission.connect(a, main.verbose ? err : null));
        if (local.isPresent()) {
            return handOver(local.get(), envelope, message, out);
        }
        return deliver(config, envelope, message, out);
    }

    /** To {@code serve}: spooled there and delivered by its workers. */
    private int handOver(LocalSubmission session, Envelope envelope, byte[] message, PrintWriter out) {
        String sender = envelope.reversePath();
        try (session) {
            LocalSubmission.Reply reply = session.send(sender, envelope.recipients().stream().map(EmailAddress::address).toList(), message);
            if (reply.code() == 250) {
                if (main.verbose) {
                    out.println("sendmail: handed to serve: " + reply.text());
                    out.flush();
                }
                return 0;
            }
            ExitStatus status = reply.code() >= 500 ? (reply.text().contains("5.7.") ? ExitStatus.NO_PERMISSION : ExitStatus.DATA)
                    : ExitStatus.TEMPORARY;
            throw fail(status, "serve refused the message: " + reply.text(), sender, message);
        } catch (IOException e) {
            throw fail(ExitStatus.TEMPORARY, "the session with serve broke off: " + e.getMessage(), sender, message);
        }
    }

    /** No {@code serve} here: through the relay at once, mapped and checked like {@code send}. */
    private int deliver(RelayConfig config, Envelope envelope, byte[] message, PrintWriter out) {
        try (Relay relay = Relay.create(config)) {
            DeliveryReport report = relay.send(RawMessage.of(envelope, message));
            if (main.verbose) {
                SendCommand.print(out, report);
            }
            return 0;
        } catch (RuntimeException e) {
            throw fail(ExitStatus.of(e), Main.reason(e), envelope.reversePath(), message);
        }
    }

    /** Saves the message to {@link #deadLetter} and returns the failure that says so. */
    private Main.Failure fail(ExitStatus status, String reason, String from, byte[] message) {
        try {
            DeadLetter.append(deadLetter, from, message, ZonedDateTime.now());
            return new Main.Failure(status, "sendmail: " + reason + "; the message is saved in " + deadLetter);
        } catch (IOException e) {
            return new Main.Failure(status, "sendmail: " + reason + "; the message is LOST: cannot write " + deadLetter
                    + ": " + e.getMessage());
        }
    }

    /** {@code From:}, {@code Date:} and {@code Message-ID:} when the message lacks them, as sendmail adds them. */
    private List<String> missingFields(MailHeaders headers, String from, RelayConfig config) {
        List<String> added = new ArrayList<>();
        if (headers.value("From").isEmpty() && from != null) {
            added.add("From: " + (fullName == null ? from : "\"" + fullName.replace("\"", "") + "\" <" + from + ">"));
        }
        if (headers.value("Date").isEmpty()) {
            added.add("Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()));
        }
        if (headers.value("Message-ID").isEmpty()) {
            added.add("Message-ID: <" + Long.toString(System.currentTimeMillis(), 36) + "."
                    + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "@" + config.global().defaultHostname() + ">");
        }
        return added;
    }

    /** A wildcard listen address is reached on loopback. */
    private static InetSocketAddress reachable(InetSocketAddress configured) {
        String host = configured.getHostString();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
        return wildcard ? new InetSocketAddress(InetAddress.getLoopbackAddress(), configured.getPort())
                : new InetSocketAddress(host, configured.getPort());
    }
}
