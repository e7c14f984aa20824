package dev.ssmtpmailer.cli.demo;

import dev.ssmtpmailer.DeliveryException;
import dev.ssmtpmailer.DeliveryReport;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.smtp.Envelope;
import dev.ssmtpmailer.smtp.MessageBody;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
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
    /** The outside client's address (TEST-NET-1): not in {@code trusted_networks}, so it may only write to aliases. */
    static final String OUTSIDE_CLIENT = "192.0.2.10";

    private Demo() {
    }

    /**
     * @param workDir an empty directory for the configuration tree and the upstream's certificate
     * @param onRow called as each message is done, for progress
     * @return the table and counts
     * @throws IOException if the tree or certificate cannot be written
     * @throws dev.ssmtpmailer.config.ConfigException if the bundled tree does not load (a broken build)
     */
    public static DemoResult run(Path workDir, Consumer<DemoRow> onRow) throws IOException {
        Path tree = ExampleTree.writeTo(workDir.resolve("etc/ssmtp-mailer"));
        ThrowawayCertificate certificate = ThrowawayCertificate.create("smtp.demo.invalid");
        Path ca = certificate.writePem(workDir.resolve("upstream-ca.pem"));
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

        RelayConfig guide = IniConfig.load(tree);
        DomainConfig account = guide.domain(DOMAIN).orElseThrow(
                () -> new IllegalStateException("the example tree has no [domain:" + DOMAIN + "]"));
        try (DemoUpstream upstream = new DemoUpstream(certificate, account.login(), password)) {
            RelayConfig config = pointAtUpstream(guide, account, upstream.port(), ca, password);
            List<DemoRow> rows = new ArrayList<>();
            try (Relay relay = Relay.create(config);
                 SmtpRelayClient forwarder = SmtpRelayClient.create(config.global())) {
                RelayPolicy policy = RelayPolicy.create(config, relay.mappings());
                for (MappingConfig m : config.mappings()) {
                    DemoRow row = forward(policy, forwarder, config, EmailAddress.parse(m.fromPattern()));
                    rows.add(row);
                    onRow.accept(row);
                }
                DemoRow row = guideSendExample(relay);
                rows.add(row);
                onRow.accept(row);
            }
            return new DemoResult(upstream.port(), rows, upstream.received().size(), "in-process (no inbound server)");
        }
    }

    /** The guide's tree with {@code domain1.com} sent to the in-process upstream instead of smtp.gmail.com. */
    private static RelayConfig pointAtUpstream(RelayConfig guide, DomainConfig account, int port, Path ca, String password) {
        RelayConfig.Builder b = RelayConfig.builder().global(guide.global());
        for (DomainConfig d : guide.domains()) {
            b.domain(d != account ? d : d.toBuilder().smtpServer("127.0.0.1").smtpPort(port).caFile(ca)
                    .password(password).build());
        }
        guide.users().forEach(b::user);
        guide.mappings().forEach(b::mapping);
        return b.build();
    }

    /**
     * What the inbound server does with one message from outside: the policy accepts the alias and names the
     * canonical address and account; the bytes go upstream unchanged plus one {@code Received:} header, with the
     * account as envelope sender.
     */
    private static DemoRow forward(RelayPolicy policy, SmtpRelayClient client, RelayConfig config, EmailAddress alias)
            throws IOException {
        EmailAddress sender = EmailAddress.parse(OUTSIDE_SENDER);
        InboundDecision decision = policy.checkRecipient(alias, InetAddress.getByName(OUTSIDE_CLIENT), sender);
        if (!decision.accepted()) {
            return new DemoRow("forward", alias.address(), null, null, "refused: " + decision.reply(), false);
        }
        DomainConfig account = decision.account().orElseThrow();
        EmailAddress canonical = decision.deliverTo().orElseThrow();
        String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
        String message = "Received: from client.example.org ([" + OUTSIDE_CLIENT + "]) by "
                + config.global().defaultHostname() + " (ssmtp-mailer demo) for <" + alias.address() + ">; " + date + "\r\n"
                + "From: Visitor <" + OUTSIDE_SENDER + ">\r\nTo: <" + alias.address() + ">\r\n"
                + "Subject: Hello " + alias.localPart() + "\r\nDate: " + date + "\r\n"
                + "Message-ID: <demo." + alias.localPart() + "@example.org>\r\n\r\n"
                + "A question for " + alias.localPart() + ", written to the alias.\r\n";
        List<RecipientResult> results = client.send(account, Envelope.of(EmailAddress.parse(account.accountName()), canonical),
                MessageBody.of(message.getBytes(StandardCharsets.UTF_8)));
        RecipientResult r = results.get(0);
        return new DemoRow("forward", alias.address(), canonical.address(), account.accountName(), reply(r), r.delivered());
    }

    /** Exactly the guide's {@code ssmtp-mailer send} example. */
    private static DemoRow guideSendExample(Relay relay) {
        RelayMessage message = RelayMessage.builder().from("contact-general@mailer.domain1.com").to("test@example.com")
                .subject("Test Email").text("This is a test email from the relay system").build();
        try {
            DeliveryReport report = relay.send(message);
            return new DemoRow("send", message.from().address(), report.envelopeSender().address(), report.account(),
                    reply(report.recipients().get(0)), true);
        } catch (DeliveryException e) {
            DeliveryReport report = e.report();
            return new DemoRow("send", message.from().address(), report.envelopeSender().address(), report.account(),
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
