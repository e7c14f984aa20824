package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import dev.ssmtpmailer.testing.TestCerts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** swaks and smtp-source, the clients Postfix users test with, against the listener. */
class RealClientsIT {
    @RegisterExtension
    final Servers servers = new Servers();
    private RelayServer server;

    private void start(Path sslDir) {
        server = servers.start(servers.on(TestServers.config(g -> g.sslDir(sslDir))));
    }

    private Tools.Result swaks(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Tools.require("swaks"), "--server", "127.0.0.1",
                "--port", Integer.toString(server.port()), "--helo", "client.example"));
        cmd.addAll(List.of(args));
        return Tools.run(cmd, 60);
    }

    @Test
    @RequiresPeer(Peer.SWAKS)
    void swaks_toAlias_queuedWithOneReceivedHeader() throws Exception {
        start(null);

        Tools.Result r = swaks("--from", "someone@example.org", "--to", "contact-sales@mailer.domain1.com");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("<-  250 2.0.0 Ok: queued as Q1");
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> {
            assertThat(a.text()).startsWith("Received: from client.example ([127.0.0.1])");
            assertThat(a.text().split("\nReceived:", -1)).hasSize(1);
        });
    }

    @Test
    @RequiresPeer(Peer.SWAKS)
    void swaks_relayAttempts_refusedAtRcpt() throws Exception {
        start(null);

        for (String rcpt : List.of("victim@example.com", "victim%example.com@mailer.domain1.com",
                "nobody@mailer.domain1.com", "@mailer.domain1.com:victim@example.com")) {
            Tools.Result r = swaks("--from", "someone@example.org", "--to", rcpt);
            assertThat(r.exit()).as(r.output()).isNotZero();
            assertThat(r.output()).containsPattern("<\\*\\* +5[05]\\d 5\\.\\d\\.\\d ");
        }
        assertThat(servers.queue.accepted).isEmpty();
    }

    @Test
    @RequiresPeer(Peer.SWAKS)
    void swaks_startTls_queuedAsEsmtps(@TempDir Path ssl) throws Exception {
        start(TestCerts.selfSigned("mailer.domain1.com").writeServerPem(ssl));

        Tools.Result r = swaks("--tls", "--from", "someone@example.org", "--to", "contact-sales@mailer.domain1.com");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(servers.queue.accepted).singleElement().satisfies(a -> assertThat(a.text()).contains("with ESMTPS id"));
    }

    @Test
    @RequiresPeer(Peer.SMTP_SOURCE)
    void smtpSource_100MessagesOver5Sessions_allQueued() throws Exception {
        start(null);
        servers.queue.countOnly = true;

        Tools.Result r = Tools.run(List.of(Tools.require("smtp-source"), "-s", "5", "-m", "100", "-l", "1024", "-d",
                "-f", "someone@example.org", "-t", "contact-sales@mailer.domain1.com",
                "127.0.0.1:" + server.port()), 120);

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(servers.queue.accepted).hasSize(100).allSatisfy(a -> assertThat(a.size()).isGreaterThan(1024));
    }
}
