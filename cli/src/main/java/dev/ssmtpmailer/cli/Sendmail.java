package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import dev.ssmtpmailer.cli.sendmail.DeadLetter;
import dev.ssmtpmailer.cli.sendmail.LocalSubmission;
import dev.ssmtpmailer.cli.sendmail.MailDate;
import dev.ssmtpmailer.cli.sendmail.MailHeaders;
import dev.ssmtpmailer.cli.sendmail.MessageInput;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ini.SubmissionSettings;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.server.RelayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What {@code sendmail} does with one message, whichever way it started: the whole command ({@link SendmailCommand},
 * picocli, the full configuration) or the fast start ({@link SendmailFastPath}). Reads it, checks it, completes
 * its header, finds its envelope, and hands it to {@code serve}; what cannot be sent goes to {@code dead.letter}.
 * Only direct delivery, when no {@code serve} runs, stays with {@link SendmailCommand}.
 *
 * <p>Start-up cost matters here: this class and what it uses load no picocli, no logging and no configuration
 * model unless the full command calls {@link Settings#of(RelayConfig)}; they use loops rather than streams and
 * lambdas, and write the {@code Date:} field without {@code java.time}'s zone rules (see {@link MailDate}), because
 * each of those costs a freshly started JVM milliseconds of one-time set-up.
 */
final class Sendmail {
    /** Where a message that cannot be sent is saved by default, as sendmail and mailx do. */
    static final Path DEAD_LETTER = Path.of(System.getProperty("user.home"), "dead.letter");

    private final Options options;
    private final Settings settings;
    private final Path deadLetter;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * The command line of {@code sendmail}.
     *
     * @param fromHeaders {@code -t}: recipients from {@code To:}, {@code Cc:}, {@code Bcc:} too
     * @param ignoreDots {@code -i}, {@code -oi}: a line holding a single dot does not end the message
     * @param sender {@code -f}, {@code -r}, or {@code null}
     * @param fullName {@code -F}, or {@code null}
     * @param recipients the arguments; commas may separate several in one
     * @param verbose {@code -v}: the SMTP dialogue on stderr
     */
    record Options(boolean fromHeaders, boolean ignoreDots, String sender, String fullName, List<String> recipients, boolean verbose) {
        Options {
            recipients = List.copyOf(recipients);
        }
    }

    /**
     * What a message depends on in the configuration.
     *
     * @param maxMessageSize {@code max_message_size}
     * @param defaultHostname {@code default_hostname}, for {@code Message-ID:}
     * @param defaultFrom {@code default_from}, or {@code null}
     * @param serve where {@code serve} listens, if the configuration has a local domain
     */
    record Settings(long maxMessageSize, String defaultHostname, String defaultFrom, Optional<InetSocketAddress> serve) {
        /** @return the settings of a loaded configuration */
        static Settings of(RelayConfig config) {
            return new Settings(config.global().maxMessageSize(), config.global().defaultHostname(),
                    config.global().defaultFrom() == null ? null : config.global().defaultFrom().address(),
                    RelayServer.configuredAddress(config));
        }

        /** @return the settings {@code IniConfig.readSubmission} read */
        static Settings of(SubmissionSettings s) {
            return new Settings(s.maxMessageSize(), s.defaultHostname(), s.defaultFrom(),
                    Optional.of(InetSocketAddress.createUnresolved(s.host(), s.port())));
        }
    }

    /** A message ready to go: its envelope and its bytes (header completed, {@code Bcc:} removed). */
    record Submission(Envelope envelope, byte[] message) {
    }

    /** Why a message cannot go, found before any delivery was tried. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final ExitStatus status;
        private final String sender;
        private final byte[] message;

        /** @param message the message to save in {@code dead.letter}, or {@code null} for one refused without saving */
        Refusal(ExitStatus status, String reason, String sender, byte[] message) {
            super(reason, null, false, false);
            this.status = status;
            this.sender = sender;
            this.message = message;
        }
    }

    Sendmail(Options options, Settings settings, Path deadLetter, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.settings = settings;
        this.deadLetter = deadLetter;
        this.out = out;
        this.err = err;
    }

    /**
     * Reads the message from {@code stdin} and makes it ready.
     *
     * @return the message with its envelope
     * @throws Refusal if it is too large, empty, has no recipient or sender, an invalid address, or a {@code -F} with a
     *         control character
     * @throws Main.Failure if standard input cannot be read
     */
    Submission prepare(InputStream stdin) throws Refusal {
        long max = settings.maxMessageSize();
        MessageInput.Result input;
        try {
            input = MessageInput.read(stdin, !options.ignoreDots(), max);
        } catch (IOException e) {
            throw new Main.Failure(ExitStatus.IO, "sendmail: cannot read the message from standard input: " + e.getMessage(), e);
        }
        if (input.tooLarge()) {
            throw new Refusal(ExitStatus.DATA, "the message is larger than max_message_size (" + max
                    + " bytes); refused, nothing was sent or saved", null, null);
        }
        MailHeaders headers = MailHeaders.parse(input.bytes());
        if (headers.isEmpty()) {
            throw new Refusal(ExitStatus.DATA, "the message on standard input is empty; nothing was sent", null, null);
        }
        List<String> fromField = headers.addresses("From");
        String from = options.sender() != null ? options.sender() : fromField.isEmpty() ? settings.defaultFrom() : fromField.get(0);
        byte[] message;
        try {
            message = headers.rewrite(missingFields(headers, from));
        } catch (IllegalArgumentException e) { // a -F with a line break: saved as it came, without the From: it spoils
            throw new Refusal(ExitStatus.DATA, e.getMessage(), from, input.bytes());
        }
        List<String> given = new ArrayList<>();
        for (String r : options.recipients()) {
            given.addAll(List.of(r.split(",")));
        }
        if (options.fromHeaders()) {
            given.addAll(headers.addresses("To", "Cc", "Bcc"));
        }
        List<String> to = new ArrayList<>(given.size());
        for (String r : given) {
            if (!r.trim().isEmpty()) {
                to.add(r.trim());
            }
        }
        if (to.isEmpty()) {
            throw new Refusal(ExitStatus.DATA, "no recipients: give them as arguments, or -t to read To:, Cc: and Bcc:", from, message);
        }
        if (from == null) {
            throw new Refusal(ExitStatus.DATA, "no sender: give -f ADDR, a From: field, or default_from in [global]", null, message);
        }
        try {
            List<EmailAddress> recipients = new ArrayList<>(to.size());
            for (String r : to) {
                recipients.add(EmailAddress.parse(r));
            }
            return new Submission(new Envelope(EmailAddress.parse(from), recipients), message);
        } catch (InvalidAddressException e) {
            throw new Refusal(ExitStatus.DATA, e.getMessage(), from, message);
        }
    }

    /** @return a session with the {@code serve} of this host, or empty when none answers there */
    Optional<LocalSubmission> connect() {
        if (settings.serve().isEmpty()) {
            return Optional.empty();
        }
        return LocalSubmission.connect(reachable(settings.serve().get()), options.verbose() ? err : null);
    }

    /**
     * Hands the message to {@code serve}: spooled there and delivered by its workers.
     *
     * @return 0
     * @throws Main.Failure if {@code serve} refuses it or the session breaks off; the message is in {@code dead.letter}
     */
    int handOver(LocalSubmission session, Submission submission) {
        Envelope envelope = submission.envelope();
        String sender = envelope.reversePath();
        try (session) {
            List<String> recipients = new ArrayList<>();
            for (EmailAddress r : envelope.recipients()) {
                recipients.add(r.address());
            }
            LocalSubmission.Reply reply = session.send(sender, recipients, submission.message());
            if (reply.code() == 250) {
                if (options.verbose()) {
                    out.println("sendmail: handed to serve: " + reply.text());
                    out.flush();
                }
                return 0;
            }
            ExitStatus status = reply.code() >= 500 ? (reply.text().contains("5.7.") ? ExitStatus.NO_PERMISSION : ExitStatus.DATA)
                    : ExitStatus.TEMPORARY;
            throw fail(status, "serve refused the message: " + reply.text(), sender, submission.message());
        } catch (IOException e) {
            throw fail(ExitStatus.TEMPORARY, "the session with serve broke off: " + e.getMessage(), sender, submission.message());
        }
    }

    /** @return the failure a refusal ends the command with, the message saved in {@code dead.letter} if it says so */
    Main.Failure failure(Refusal r) {
        return r.message == null ? new Main.Failure(r.status, "sendmail: " + r.getMessage())
                : fail(r.status, r.getMessage(), r.sender, r.message);
    }

    /** Saves the message to {@code dead.letter} and returns the failure that says so. */
    Main.Failure fail(ExitStatus status, String reason, String from, byte[] message) {
        try {
            DeadLetter.append(deadLetter, from, message, ZonedDateTime.now());
            return new Main.Failure(status, "sendmail: " + reason + "; the message is saved in " + deadLetter);
        } catch (IOException e) {
            return new Main.Failure(status, "sendmail: " + reason + "; the message is LOST: cannot write " + deadLetter
                    + ": " + e.getMessage());
        }
    }

    /** {@code From:}, {@code Date:} and {@code Message-ID:} when the message lacks them, as sendmail adds them. */
    private List<String> missingFields(MailHeaders headers, String from) {
        List<String> added = new ArrayList<>();
        String fullName = options.fullName();
        if (headers.value("From").isEmpty() && from != null) {
            added.add("From: " + MailHeaders.mailbox(fullName, from));
        }
        if (headers.value("Date").isEmpty()) {
            added.add("Date: " + MailDate.now());
        }
        if (headers.value("Message-ID").isEmpty()) {
            added.add("Message-ID: <" + Long.toString(System.currentTimeMillis(), 36) + "."
                    + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "@" + settings.defaultHostname() + ">");
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
