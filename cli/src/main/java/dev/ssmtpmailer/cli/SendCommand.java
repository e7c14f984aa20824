package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.Attachment;
import dev.ssmtpmailer.DeliveryException;
import dev.ssmtpmailer.DeliveryReport;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.smtp.RecipientResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code send}: one message through the relay, exactly as the guide's example types it. The sender is a
 * local alias; the relay rewrites it to its canonical address and picks the account.
 */
@Command(name = "send",
        description = {"Send one message as a local alias through its upstream account.",
                "The body comes from --body, --body-file or standard input.",
                "Prints one line per recipient: delivered or failed, with the upstream reply."})
final class SendCommand extends Subcommand {
    @Option(names = "--from", required = true, paramLabel = "ADDR", description = "Sender: a mapped alias or an allowed user.")
    String from;

    @Option(names = "--to", paramLabel = "ADDR", description = "Recipient (repeat for more).")
    List<String> to = new ArrayList<>();

    @Option(names = "--cc", paramLabel = "ADDR", description = "Copy recipient (repeat for more).")
    List<String> cc = new ArrayList<>();

    @Option(names = "--bcc", paramLabel = "ADDR", description = "Blind copy recipient (repeat for more).")
    List<String> bcc = new ArrayList<>();

    @Option(names = "--subject", required = true, paramLabel = "TEXT", description = "Subject line.")
    String subject;

    @ArgGroup(exclusive = true)
    Body body;

    /** At most one of the two; neither means standard input. */
    static final class Body {
        @Option(names = "--body", paramLabel = "TEXT", description = "The text body.")
        String text;

        @Option(names = "--body-file", paramLabel = "FILE", description = "Read the text body from FILE (UTF-8).")
        Path file;
    }

    @Option(names = "--html", paramLabel = "FILE", description = "An HTML alternative of the body, read from FILE.")
    Path html;

    @Option(names = "--attach", paramLabel = "FILE", description = "Attach FILE (repeat for more).")
    List<Path> attachments = new ArrayList<>();

    /** Where a body without --body/--body-file comes from; the tests replace it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        Logging.quiet(main.verbose);
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            throw usage("give at least one --to, --cc or --bcc");
        }
        RelayMessage.Builder b = RelayMessage.builder().from(from).to(to).cc(cc).bcc(bcc).subject(subject)
                .text(bodyText());
        if (html != null) {
            b.html(read(html));
        }
        for (Path a : attachments) {
            try {
                b.attach(Attachment.of(a));
            } catch (UncheckedIOException e) {
                throw unreadable(a, e.getCause());
            }
        }
        RelayMessage message = b.build();
        RelayConfig config = main.config();
        PrintWriter out = out();
        try (Relay relay = Relay.create(config)) {
            DeliveryReport report = relay.send(message);
            print(out, report);
            return 0;
        } catch (DeliveryException e) {
            print(out, e.report());
            throw new Main.Failure(ExitStatus.of(e.failedRecipients()), "send: " + Main.deliveryFailed(e), e);
        }
    }

    static void print(PrintWriter out, DeliveryReport report) {
        out.printf("from %s as %s via %s%n", report.sender(), report.envelopeSender(), report.account());
        for (RecipientResult r : report.recipients()) {
            out.printf("  %-40s %s%s%n", r.recipient(), r.delivered() ? "delivered" : r.status().name().toLowerCase(java.util.Locale.ROOT)
                    + " at " + r.phase(), r.reply().isEmpty() ? "" : " (" + r.reply() + ")");
        }
        out.flush();
    }

    private String bodyText() {
        if (body != null && body.text != null) {
            return body.text;
        }
        if (body != null && body.file != null) {
            return read(body.file);
        }
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Main.Failure(ExitStatus.IO, "send: cannot read the body from standard input: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static Main.Failure unreadable(Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
        return new Main.Failure(ExitStatus.NO_INPUT, "send: cannot read " + file + ": " + why, e);
    }
}
