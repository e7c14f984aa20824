package dev.ssmtpmailer.server;

import dev.ssmtpmailer.testing.SmtpScript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.UserConfig;
import dev.ssmtpmailer.config.UserFromPolicy;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A trusted client sending as a [user:]: the From: it writes must be that user (issue 11 item 8). */
class UserFromTest {
    private static final String USER = "mail-relay@domain1.com";

    @RegisterExtension
    final Servers servers = new Servers();
    private RelayServer server;

    private void start(UserFromPolicy policy) {
        RelayConfig config = RelayConfig.builder(TestServers.config(g -> g.trustedNetworks(List.of(Cidr.parse("127.0.0.0/8")))
                        .userFromPolicy(policy)))
                .user(UserConfig.builder(USER).canSendFrom(true).build())
                .build();
        server = servers.start(servers.on(config)
                .clock(InstantSource.fixed(Instant.parse("2026-11-27T21:40:00Z"))));
    }

    private String submit(String message) throws IOException {
        try (SmtpScript s = new SmtpScript(server.port())) {
            s.send("EHLO app.example");
            s.envelope(USER, "someone@example.com");
            String reply = s.data(message);
            assertThat(s.send("NOOP")).as("the session goes on").startsWith("250");
            return reply;
        }
    }

    private String queuedText() {
        String text = servers.queue.accepted.get(0).text();
        return text.substring(text.indexOf("\r\n", text.indexOf("; Fri, 27 Nov 2026")) + 2);
    }

    @Test
    void rewrite_spoofedFrom_replacedByTheUserAndTheRestKept() throws IOException {
        start(UserFromPolicy.REWRITE);

        assertThat(submit("From: Spoofed CEO <ceo@domain1.com>\r\nSubject: pay\r\n\r\nbody\r\n")).startsWith("250");

        assertThat(queuedText()).isEqualTo("From: " + USER + "\r\nSubject: pay\r\n\r\nbody\r\n");
    }

    @Test
    void rewrite_fromIsTheUser_bytesUnchanged() throws IOException {
        start(UserFromPolicy.REWRITE);
        String message = "Subject: ok\r\nFrom: \"Mail Relay\" <Mail-Relay@DOMAIN1.com>\r\n\r\n.leading dot kept\r\n";

        assertThat(submit(message.replace("\r\n.leading", "\r\n..leading"))).startsWith("250");

        assertThat(queuedText()).isEqualTo(message);
    }

    @Test
    void rewrite_twoFromFieldsTheFirstTheUsersOwn_itsDisplayNameKeptTheSecondDropped() throws IOException {
        start(UserFromPolicy.REWRITE);

        assertThat(submit("From: \"Mail Relay\" <" + USER + ">\r\nFrom: Spoofed CEO <ceo@domain1.com>\r\n\r\nx\r\n"))
                .startsWith("250");

        assertThat(queuedText()).isEqualTo("From: \"Mail Relay\" <" + USER + ">\r\n\r\nx\r\n");
    }

    @Test
    void refuse_spoofedFrom_550AndNothingQueued() throws IOException {
        start(UserFromPolicy.REFUSE);

        assertThat(submit("From: Spoofed CEO <ceo@domain1.com>\r\nSubject: pay\r\n\r\nbody\r\n"))
                .isEqualTo("550 5.7.1 Sender address rejected: From: is not " + USER + ", the address this sender may use");
        assertThat(submit("From: " + USER + "\r\nFrom: ceo@domain1.com\r\n\r\nx\r\n")).startsWith("550 5.7.1");
        assertThat(submit("Subject: no from\r\n\r\nx\r\n")).startsWith("550 5.7.1");
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    void refuse_aliasSender_notChecked() throws IOException {
        start(UserFromPolicy.REFUSE);
        try (SmtpScript s = new SmtpScript(server.port())) {
            s.send("EHLO app.example");
            s.envelope("contact-general@mailer.domain1.com", "someone@example.com");
            // an alias's From: is rewritten to the canonical address on delivery
            assertThat(s.data("From: anyone@example.org\r\n\r\nx\r\n")).startsWith("250");
        }
    }
}
