package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.QueueStats;
import dev.ssmtpmailer.queue.RecipientState;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding through an upstream that refuses RCPT at random (upstream-smtp.sh FAULT_TEMP_PCT / FAULT_PERM_PCT):
 * every temporary failure ends delivered, every permanent one dead-lettered and bounced to the original sender.
 */
@RequiresPeer(Peer.PRIVATE_PEERS)
class FaultIT {
    private static final int MESSAGES = 60;

    @TempDir
    Path dir;

    @Test
    void randomRcptFailures_temporaryEndDelivered_permanentDeadLetteredAndBounced() throws Exception {
        String nonce = Long.toString(System.nanoTime(), 36);
        try (Peers.PrivatePeer peer = Peers.startPrivate("upstream-smtp.sh", Map.of("SMTPS_PORT", "0",
                "FAULT_TEMP_PCT", "20", "FAULT_PERM_PCT", "10", "FAULT_AT", "rcpt"))) {
            Peers.UpstreamSmtp up = peer.asUpstream();
            List<QueueEntry> entries;
            QueueStats stats;
            try (MailerService mailer = MailerService.builder(Relays.config(up, dir.resolve("spool")))
                    .server(b -> b.listen("127.0.0.1", 0)).start()) {
                try (SmtpScript s = new SmtpScript(mailer.port())) {
                    s.send("EHLO client.example");
                    for (int i = 0; i < MESSAGES; i++) {
                        assertThat(s.send("MAIL FROM:<sender-" + i + "@domain1.com>")).startsWith("250");
                        assertThat(s.send("RCPT TO:<contact-sales@mailer.domain1.com>")).startsWith("250");
                        assertThat(s.data("From: sender-" + i + "@domain1.com\r\nSubject: fault " + i + "\r\nMessage-ID: <fault-"
                                + i + "-" + nonce + "@domain1.com>\r\n\r\nmessage " + i + "\r\n")).startsWith("250");
                    }
                }
                Relays.await(Duration.ofMinutes(3), "the spool to settle (messages and bounces)",
                        () -> mailer.queue().stats().depth() == 0);
                entries = mailer.queue().list();
                stats = mailer.queue().stats();
            }
            long deadCount = entries.stream().filter(QueueEntry::dead).filter(e -> e.sender() != null).count();
            Relays.await(Duration.ofSeconds(30), "Postfix to write every delivered message to the Maildir",
                    () -> Relays.maildir(up.maildirNew()).stream()
                            .filter(d -> "contact-sales@domain1.com".equals(d.deliveredTo())).count() + deadCount >= MESSAGES);
            List<Relays.Delivered> box = Relays.maildir(up.maildirNew());
            System.out.printf("FaultIT: %d messages; spool counters: %s; %d dead letters; %d files in the Maildir%n",
                    MESSAGES, stats, entries.stream().filter(QueueEntry::dead).count(), box.size());

            Set<Integer> delivered = box.stream()
                    .filter(d -> "contact-sales@domain1.com".equals(d.deliveredTo()) && d.field("Message-ID") != null
                            && d.field("Message-ID").endsWith("-" + nonce + "@domain1.com>"))
                    .map(d -> Integer.parseInt(d.field("Message-ID").replaceAll("<fault-(\\d+)-.*", "$1")))
                    .collect(Collectors.toSet());
            Map<Integer, QueueEntry> dead = entries.stream().filter(QueueEntry::dead).filter(e -> e.sender() != null)
                    .collect(Collectors.toMap(e -> Integer.parseInt(e.sender().localPart().substring("sender-".length())), e -> e));
            List<QueueEntry> deadBounces = entries.stream().filter(QueueEntry::dead).filter(e -> e.sender() == null).toList();

            assertThat(entries).as("nothing left pending").allMatch(QueueEntry::dead);
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(delivered.contains(i) ^ dead.containsKey(i))
                        .as("message %d is either delivered (%s) or dead-lettered (%s)", i, delivered.contains(i), dead.containsKey(i))
                        .isTrue();
            }
            for (Map.Entry<Integer, QueueEntry> e : dead.entrySet()) {
                for (QueueRecipient r : e.getValue().recipients()) {
                    assertThat(r.state()).isEqualTo(RecipientState.FAILED);
                    assertThat(r.lastReply()).as("a dead letter's reply is permanent").containsPattern("\\b5\\d\\d\\b")
                            .doesNotContainPattern("^4\\d\\d");
                }
                String sender = "sender-" + e.getKey() + "@domain1.com";
                boolean bounceDelivered = box.stream().anyMatch(d -> sender.equals(d.deliveredTo()));
                boolean bounceDead = deadBounces.stream()
                        .anyMatch(b -> b.recipients().stream().anyMatch(r -> r.deliverTo().address().equals(sender)));
                assertThat(bounceDelivered || bounceDead).as("a bounce for dead message %d went to %s", e.getKey(), sender).isTrue();
            }
            assertThat(stats.deferred()).as("temporary failures happened and were retried").isPositive();
            assertThat(dead).as("permanent failures happened").isNotEmpty();
            assertThat(delivered.size() + dead.size()).isEqualTo(MESSAGES);
        }
    }
}
