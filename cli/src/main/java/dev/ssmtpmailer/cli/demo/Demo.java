package dev.ssmtpmailer.cli.demo;

import dev.ssmtpmailer.DeliveryException;
import dev.ssmtpmailer.DeliveryReport;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.internal.SelfSignedCertificate;
import dev.ssmtpmailer.server.MailerService;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the demo (see the package documentation) in a directory of its own.
 *
 * <pre>{@code
 * DemoResult r = Demo.run(Files.createTempDirectory("demo"), row -> {});
 * }</pre>
 */
public final class Demo {
    /** The relayed domain the demo points at its in-process upstream. */
    public static final String DOMAIN = "domain1.com";
    /** The outside sender who writes to the aliases. */
    public static final String OUTSIDE_SENDER = "visitor@example.org";
    /** How long the demo waits for the delivery workers to reach the upstream. */
    static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);

    private Demo() {
    }

    /**
     * @param workDir an empty directory for the configuration tree and the upstream's certificate
     * @param onRow called as each message is done, for progress
     * @return the table and counts
     * @throws IOException if the tree or certificate cannot be written, or the relay's server breaks a session off
     * @throws InterruptedException if interrupted while waiting for the deliveries
     * @throws dev.ssmtpmailer.config.ConfigException if the bundled tree does not load (a broken build)
     */
    public static DemoResult run(Path workDir, Consumer<DemoRow> onRow) throws IOException, InterruptedException {
        Path tree = ExampleTree.writeTo(workDir.resolve("etc/ssmtp-mailer"));
        // throwaway: made for this run, written nowhere but the demo's directory
        SelfSignedCertificate certificate = SelfSignedCertificate.issue("smtp.demo.invalid", Duration.ofDays(1),
                "127.0.0.1", "localhost");
        Path ca = Files.writeString(workDir.resolve("upstream-ca.pem"), certificate.certificatePem());
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

        RelayConfig guide = IniConfig.load(tree);
        DomainConfig account = guide.domain(DOMAIN).orElseThrow(
                () -> new IllegalStateException("the example tree has no [domain:" + DOMAIN + "]"));
        try (DemoUpstream upstream = new DemoUpstream(certificate, account.login(), password)) {
            RelayConfig config = pointAtUpstream(guide, account, upstream.port(), ca, password, workDir.resolve("spool"));
            List<DemoRow> rows = new ArrayList<>();
            String inbound;
            try (RecordingClient client = new RecordingClient(SmtpRelayClient.create(config.global()));
                 MailerService mailer = MailerService.builder(RelayAssembly.builder(config).smtpClient(client))
                         .server(b -> b.listen("127.0.0.1", 0)).start()) {
                InetAddress relayHost = mailer.server().address();
                inbound = "SMTP to the relay's inbound server on " + relayHost.getHostAddress() + ":" + mailer.port();
                List<String[]> accepted = new ArrayList<>();
                for (MappingConfig m : config.mappings()) {
                    String alias = m.fromPattern();
                    String reply = OutsideClient.send(relayHost, mailer.port(), OUTSIDE_SENDER, alias, outsideMessage(alias));
                    if (reply.startsWith("250")) {
                        accepted.add(new String[] {alias, m.toPattern()});
                    } else {
                        DemoRow row = new DemoRow("forward", alias, m.toPattern(), null, "relay refused: " + reply, false);
                        rows.add(row);
                        onRow.accept(row);
                    }
                }
                boolean allTried = client.awaitAttempts(accepted.size(), DELIVERY_WAIT);
                for (String[] a : accepted) {
                    RecordingClient.Attempt attempt = client.attempt(a[1]);
                    DemoRow row = attempt == null
                            ? new DemoRow("forward", a[0], a[1], null, allTried ? "not delivered" : "still queued after "
                                    + DELIVERY_WAIT.toSeconds() + " s", false)
                            : new DemoRow("forward", a[0], attempt.result().recipient().address(), attempt.account(),
                                    reply(attempt.result()), attempt.result().delivered());
                    rows.add(row);
                    onRow.accept(row);
                }
            }
            try (Relay relay = Relay.create(config)) {
                DemoRow row = guideSendExample(relay);
                rows.add(row);
                onRow.accept(row);
            }
            return new DemoResult(upstream.port(), rows, upstream.received().size(), inbound);
        }
    }

    private static String outsideMessage(String alias) {
        String local = alias.substring(0, alias.indexOf('@'));
        String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
        return "From: Visitor <" + OUTSIDE_SENDER + ">\r\nTo: <" + alias + ">\r\nSubject: Hello " + local + "\r\n"
                + "Date: " + date + "\r\nMessage-ID: <demo." + local + "." + System.nanoTime() + "@example.org>\r\n\r\n"
                + "A question for " + local + ", written to the alias.\r\n";
    }

    /** The guide's tree with {@code domain1.com} sent to the in-process upstream instead of smtp.gmail.com. */
    private static RelayConfig pointAtUpstream(RelayConfig guide, DomainConfig account, int port, Path ca, String password,
                                               Path spool) {
        RelayConfig.Builder b = RelayConfig.builder().global(guide.global().toBuilder().spoolDir(spool).logFile(null).build());
        for (DomainConfig d : guide.domains()) {
            b.domain(d != account ? d : d.toBuilder().smtpServer("127.0.0.1").smtpPort(port).caFile(ca)
                    .password(password).build());
        }
        guide.users().forEach(b::user);
        guide.mappings().forEach(b::mapping);
        return b.build();
    }

    /** Exactly the guide's {@code ssmtp-mailer send} example. */
    private static DemoRow guideSendExample(Relay relay) {
        RelayMessage message = RelayMessage.builder().from("contact-general@mailer.domain1.com").to("test@example.com")
                .subject("Test Email").text("This is a test email from the relay system").build();
        try {
            DeliveryReport report = relay.send(message);
            return new DemoRow("send", message.from().address(), report.envelopeSender().address(), report.account().name(),
                    reply(report.recipients().get(0)), true);
        } catch (DeliveryException e) {
            DeliveryReport report = e.report();
            return new DemoRow("send", message.from().address(), report.envelopeSender().address(), report.account().name(),
                    reply(report.recipients().get(0)), false);
        }
    }

    private static String reply(RecipientResult r) {
        String text = r.reply();
        if (r.delivered()) {
            return text.isEmpty() ? r.replyCode() + "" : text;
        }
        return r.status() + " at " + r.phase() + ": " + text;
    }
}
