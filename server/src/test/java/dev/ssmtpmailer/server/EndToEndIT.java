package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * server -> spool -> SMTP client -> a real Postfix upstream (STARTTLS, AUTH LOGIN) -> its Maildir. Proves that a
 * DKIM signature made with the dns peer's key (selector google, d=domain1.com) still verifies after the relay.
 */
@RequiresPeer(Peer.PRIVATE_PEERS)
class EndToEndIT {
    private static Peers.PrivatePeer peer;
    private static Peers.UpstreamSmtp upstream;

    @TempDir
    Path dir;

    @BeforeAll
    static void startUpstream() {
        peer = Peers.startPrivate("upstream-smtp.sh", Map.of("SMTPS_PORT", "0"));
        upstream = peer.asUpstream();
    }

    @AfterAll
    static void stopUpstream() {
        if (peer != null) {
            peer.close();
        }
    }

    private static String send(int port, String from, List<String> rcpts, byte[] message) throws Exception {
        try (SmtpScript s = new SmtpScript(port)) {
            s.send("EHLO client.example");
            assertThat(s.send("MAIL FROM:<" + from + ">")).startsWith("250");
            for (String r : rcpts) {
                assertThat(s.send("RCPT TO:<" + r + ">")).startsWith("250");
            }
            assertThat(s.send("DATA")).startsWith("354");
            OutputStream out = s.out();
            out.write(new String(message, StandardCharsets.ISO_8859_1).replace("\r\n.", "\r\n..")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return s.reply();
        }
    }

    @Test
    @RequiresPeer(Peer.DNS)
    void forward_dkimSignedMessage_deliveredToCanonicalAddressAndSignatureStillVerifies() throws Exception {
        String key = System.getenv("DKIM_PRIVATE_KEY");
        String messageId = "<dkim-e2e-" + System.nanoTime() + "@domain1.com>";
        byte[] message = ("From: Jane Doe <jane@domain1.com>\r\nTo: contact-sales@mailer.domain1.com\r\n"
                + "Subject: Quote request\r\nDate: Fri, 27 Nov 2026 21:40:00 +0000\r\nMessage-ID: " + messageId + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Hello,\r\n\r\n.this line starts with a dot\r\nRegards,  Jane\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] signed = Dkim.sign(message, Dkim.privateKey(Path.of(key)), "domain1.com", "google",
                List.of("from", "to", "subject", "date", "message-id", "mime-version", "content-type"));

        try (MailerService mailer = MailerService.builder(Relays.config(upstream, dir.resolve("spool")))
                .server(b -> b.listen("127.0.0.1", 0)).start()) {
            assertThat(send(mailer.port(), "jane@domain1.com", List.of("contact-sales@mailer.domain1.com"), signed))
                    .startsWith("250 2.0.0 Ok: queued as ");
            Relays.await(Duration.ofSeconds(60), "the message in " + upstream.maildirNew(),
                    () -> Relays.maildir(upstream.maildirNew()).stream().anyMatch(d -> messageId.equals(d.field("Message-ID"))));
            Relays.await(Duration.ofSeconds(30), "the spool empty", () -> mailer.queue().stats().depth() == 0);
        }

        Relays.Delivered got = Relays.maildir(upstream.maildirNew()).stream()
                .filter(d -> messageId.equals(d.field("Message-ID"))).findFirst().orElseThrow();
        assertThat(got.deliveredTo()).isEqualTo("contact-sales@domain1.com");
        String text = new String(got.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(text.split("\\(ssmtp-mailer\\)", -1)).as("exactly one Received header of ours").hasSize(2);
        PublicKey publicKey = dnsKey();
        assertThat(Dkim.verify(got.bytes(), publicKey)).as("DKIM verification of the delivered file").isNull();
        Dkim.verifyWithDkimpy(got.bytes(), publicKey).ifPresent(ok -> assertThat(ok).as("dkimpy's verdict").isTrue());
    }

    @Test
    void forward_twoAliases_eachDeliveredOnceToItsCanonicalAddress() throws Exception {
        String messageId = "<two-" + System.nanoTime() + "@example.org>";
        byte[] message = ("From: someone@example.org\r\nSubject: two\r\nMessage-ID: " + messageId + "\r\n\r\nhi\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        try (MailerService mailer = MailerService.builder(Relays.config(upstream, dir.resolve("spool")))
                .server(b -> b.listen("127.0.0.1", 0)).start()) {
            assertThat(send(mailer.port(), "someone@example.org",
                    List.of("contact-sales@mailer.domain1.com", "Contact-General@MAILER.domain1.com"), message)).startsWith("250");
            Relays.await(Duration.ofSeconds(60), "two copies", () -> Relays.maildir(upstream.maildirNew()).stream()
                    .filter(d -> messageId.equals(d.field("Message-ID"))).count() == 2);
            Relays.await(Duration.ofSeconds(30), "the spool empty", () -> mailer.queue().stats().depth() == 0);
        }

        assertThat(Relays.maildir(upstream.maildirNew()).stream().filter(d -> messageId.equals(d.field("Message-ID")))
                .map(Relays.Delivered::deliveredTo))
                .containsExactlyInAnyOrder("contact-sales@domain1.com", "contact-general@domain1.com");
    }

    @Test
    void relaySubmit_sharesTheServicesSpool_deliveredAsTheCanonicalSender() throws Exception {
        String subject = "submitted " + System.nanoTime();

        try (MailerService mailer = MailerService.builder(Relays.config(upstream, dir.resolve("spool")))
                .server(b -> b.listen("127.0.0.1", 0)).start()) {
            mailer.relay().submit(dev.ssmtpmailer.RelayMessage.builder().from("contact-general@mailer.domain1.com")
                    .to("someone@example.com").subject(subject).text("hello").build());
            Relays.await(Duration.ofSeconds(60), "the submitted message in the Maildir", () -> Relays.maildir(
                    upstream.maildirNew()).stream().anyMatch(d -> subject.equals(d.field("Subject"))));
        }

        Relays.Delivered got = Relays.maildir(upstream.maildirNew()).stream().filter(d -> subject.equals(d.field("Subject")))
                .findFirst().orElseThrow();
        assertThat(got.deliveredTo()).isEqualTo("someone@example.com");
        assertThat(got.field("From")).contains("contact-general@domain1.com");
    }

    /** The public key as published: from the dns peer when its facts are set, else the key file. */
    private static PublicKey dnsKey() throws Exception {
        String host = System.getenv("DNS_HOST");
        String port = System.getenv("DNS_PORT");
        if (host == null || port == null) {
            return Dkim.publicKey(Path.of(System.getenv("DKIM_PUBLIC_KEY")));
        }
        Lookup lookup = new Lookup("google._domainkey.domain1.com.", Type.TXT);
        lookup.setResolver(new SimpleResolver(new InetSocketAddress(host, Integer.parseInt(port))));
        lookup.setCache(null);
        Record[] records = lookup.run();
        assertThat(records).as("TXT google._domainkey.domain1.com from " + host + ":" + port).isNotNull().isNotEmpty();
        String txt = String.join("", ((TXTRecord) records[0]).getStrings());
        String p = txt.replaceAll(".*\\bp=([A-Za-z0-9+/=]+).*", "$1");
        return Dkim.publicKey(p);
    }
}
