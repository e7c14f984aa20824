package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.NewMessage;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.RecipientState;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A relay in a JVM of its own (the parent gives it {@code -Xmx64m}): accepts one generated message of the given
 * size into the PostgreSQL queue, delivers it to the upstream on the given port, and exits 0 once the queue is
 * empty. Prints {@code accepted} and {@code delivered} lines for the parent.
 */
final class LargeMessageChild {
    private LargeMessageChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        String schema = args[3];
        int upstreamPort = Integer.parseInt(args[4]);
        long size = Long.parseLong(args[5]);
        DomainConfig upstream = DomainConfig.builder("domain1.com").smtpServer("127.0.0.1").smtpPort(upstreamPort)
                .tls(TlsMode.NONE).authMethod(AuthMethod.NONE).relayAccount("mail-relay@domain1.com").build();
        RelayConfig config = RelayConfig.builder().global(g -> g.enableRateLimiting(false).maxConnections(1))
                .domain(upstream).build();
        PostgresSettings settings = PostgresSettings.builder(url).user(user).password(Secret.of(password)).schema(schema)
                .maxPoolSize(3).build();
        try (PostgresBackend backend = PostgresBackend.connect(settings);
             RelayAssembly parts = backend.applyTo(RelayAssembly.builder(config), config).build()) {
            QueueStore store = backend.queueStore();
            QueueRecipient rcpt = new QueueRecipient(EmailAddress.parse("contact-sales@mailer.domain1.com"),
                    EmailAddress.parse("contact-sales@domain1.com"), "mail-relay@domain1.com", true, null,
                    RecipientState.PENDING, 0, "");
            QueueEntry e = store.accept(new NewMessage(EmailAddress.parse("jane@example.org"), List.of(rcpt), false,
                    Instant.now()), out -> write(out, size));
            System.out.println("accepted " + e.id() + " " + e.size());
            System.out.println("delivering with " + parts.spool());
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (store.show(e.id()).isPresent() && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            boolean gone = store.show(e.id()).isEmpty();
            long peak = 0;
            for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println((gone ? "delivered " : "not delivered ") + e.id() + ", max heap "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, peak heap used " + (peak >> 20) + " MiB");
            System.exit(gone ? 0 : 1);
        }
    }

    /** Headers, then lines of 76 characters up to {@code size} bytes, streamed: never the whole message. */
    private static void write(OutputStream out, long size) throws java.io.IOException {
        byte[] head = "From: jane@example.org\r\nTo: contact-sales@mailer.domain1.com\r\nSubject: large\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        out.write(head);
        byte[] line = ("x".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long written = head.length;
        while (written + line.length <= size) {
            out.write(line);
            written += line.length;
        }
        for (; written < size; written++) {
            out.write('y');
        }
    }
}
