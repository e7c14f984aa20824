package dev.ssmtpmailer.server;

import dev.ssmtpmailer.testing.SmtpScript;

import static dev.ssmtpmailer.server.TestServers.SALES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A DKIM-signed message still verifies after the server added its Received header. */
class DkimRelayTest {
    private static final List<String> SIGNED = List.of("from", "to", "subject", "date", "message-id");
    private static KeyPair keys;

    private final FakeQueue queue = new FakeQueue();
    private RelayServer server;

    @BeforeAll
    static void makeKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static byte[] message() {
        return ("From: Jane <jane@domain1.com>\r\nTo: contact-sales@mailer.domain1.com\r\nSubject:  Quote   request\r\n"
                + "Date: Fri, 27 Nov 2026 21:40:00 +0000\r\nMessage-ID: <dkim-1@domain1.com>\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello,  \r\n\r\n.a line with a dot\r\nbye\r\n\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void relay_signedMessage_signatureStillVerifies() throws Exception {
        server = RelayServer.builder(TestServers.config(), queue).listen("127.0.0.1", 0).build().start();
        byte[] signed = Dkim.sign(message(), keys.getPrivate(), "domain1.com", "google", SIGNED);
        assertThat(Dkim.verify(signed, keys.getPublic())).as("the signature verifies before the relay").isNull();

        try (SmtpScript s = new SmtpScript(server.port())) {
            s.send("EHLO client.example");
            s.envelope("jane@domain1.com", SALES);
            assertThat(s.send("DATA")).startsWith("354");
            OutputStream out = s.out();
            out.write(new String(signed, StandardCharsets.UTF_8).replace("\r\n.", "\r\n..").getBytes(StandardCharsets.UTF_8));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(s.reply()).startsWith("250");
        }

        byte[] relayed = queue.accepted.get(0).data();
        assertThat(new String(relayed, StandardCharsets.UTF_8)).startsWith("Received: ");
        assertThat(Dkim.verify(relayed, keys.getPublic())).isNull();
        Dkim.verifyWithDkimpy(relayed, keys.getPublic()).ifPresent(ok -> assertThat(ok).as("dkimpy's verdict").isTrue());
    }

    @Test
    void verify_oneByteChanged_fails() throws Exception {
        byte[] signed = Dkim.sign(message(), keys.getPrivate(), "domain1.com", "google", SIGNED);

        String text = new String(signed, StandardCharsets.UTF_8);
        assertThat(Dkim.verify(text.replace("bye", "bye!").getBytes(StandardCharsets.UTF_8), keys.getPublic()))
                .startsWith("body hash differs");
        assertThat(Dkim.verify(text.replace("Quote", "Quota").getBytes(StandardCharsets.UTF_8), keys.getPublic()))
                .isEqualTo("signature does not verify over the headers");
        Dkim.verifyWithDkimpy(text.replace("bye", "bye!").getBytes(StandardCharsets.UTF_8), keys.getPublic())
                .ifPresent(ok -> assertThat(ok).as("dkimpy's verdict on a changed body").isFalse());
    }
}
