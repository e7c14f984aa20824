package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the server process while clients stream 1,000 messages (each to two aliases), restart on the same
 * spool (the first process could not reach the upstream, so all it acknowledged is still spooled), and count at
 * the upstream's Maildir: every message that got a 250 reaches both canonical addresses.
 * Duplicates (a message the crash caught between the spool's commit and the 250, sent again by the client; or a
 * delivery caught between the upstream's 250 and the state update) are counted and printed, not failed.
 */
@RequiresPeer(Peer.PRIVATE_PEERS)
class CrashIT {
    private static final int MESSAGES = 1000;
    private static final int SESSIONS = 4;
    private static final List<String> CANONICAL = List.of("contact-sales@domain1.com", "contact-general@domain1.com");

    @TempDir
    Path dir;

    private final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Integer> toSend = new ConcurrentLinkedQueue<>();

    @Test
    void killDashNineWhileStreaming_everyAcknowledgedMessageDeliveredToEveryRecipient() throws Exception {
        String nonce = Long.toString(System.nanoTime(), 36);
        Path spool = dir.resolve("spool");
        for (int i = 0; i < MESSAGES; i++) {
            toSend.add(i);
        }
        try (Peers.PrivatePeer peer = Peers.startPrivate("upstream-smtp.sh", Map.of("SMTPS_PORT", "0"))) {
            Peers.UpstreamSmtp up = peer.asUpstream();
            String[] args = {spool.toString(), up.host(), Integer.toString(up.port()), up.user(), up.password(),
                    up.tlsCert().toString(), up.maildirNew().toString()};

            // The first process cannot reach the upstream (a closed port): everything it acknowledges is still in
            // its spool when it is killed, so the second process must recover it from disk.
            String[] unreachable = args.clone();
            unreachable[2] = Integer.toString(Peers.freePort());
            int killedAt;
            try (ChildServer first = ChildServer.start("256m", dir.resolve("first.log"), MailerMain.class, unreachable)) {
                List<Thread> clients = startClients(first.port(), nonce);
                Relays.await(Duration.ofMinutes(3), "300 acknowledged messages", () -> acked.size() >= 300);
                first.kill();
                killedAt = acked.size();
                for (Thread t : clients) {
                    t.join();
                }
            }
            int ackedBeforeCrash = acked.size();
            int resend = toSend.size();
            int depthAtRestart = QueueControl.open(spool).stats().depth();
            try (ChildServer second = ChildServer.start("256m", dir.resolve("second.log"), MailerMain.class, args)) {
                for (Thread t : startClients(second.port(), nonce)) {
                    t.join();
                }
                Relays.await(Duration.ofMinutes(5), "the spool to empty", () -> QueueControl.open(spool).stats().depth() == 0);
                Relays.await(Duration.ofSeconds(60), "every acknowledged copy in the Maildir",
                        () -> missing(count(up.maildirNew(), nonce)).isEmpty());
            }

            Map<String, Integer> copies = count(up.maildirNew(), nonce);
            Map<String, Integer> duplicates = new TreeMap<>();
            copies.forEach((k, n) -> {
                if (n > 1) {
                    duplicates.put(k, n);
                }
            });
            System.out.printf("CrashIT: killed with %d acknowledged (%d by the time the clients noticed); %d messages in the "
                    + "spool at restart; %d not acknowledged were sent again after the restart; %d acknowledged in all; "
                    + "%d copies in the Maildir; %d duplicates %s%n",
                    killedAt, ackedBeforeCrash, depthAtRestart, resend, acked.size(), copies.values().stream().mapToInt(Integer::intValue).sum(),
                    duplicates.size(), duplicates);
            assertThat(depthAtRestart).as("acknowledged messages the killed process left in its spool")
                    .isGreaterThanOrEqualTo(ackedBeforeCrash);
            assertThat(acked).hasSize(MESSAGES);
            assertThat(missing(copies)).as("acknowledged copies missing at the upstream").isEmpty();
        }
    }

    private List<String> missing(Map<String, Integer> copies) {
        List<String> missing = new ArrayList<>();
        for (int seq : acked) {
            for (String rcpt : CANONICAL) {
                if (!copies.containsKey(seq + " " + rcpt)) {
                    missing.add(seq + " " + rcpt);
                }
            }
        }
        return missing;
    }

    /** @return "seq recipient" -> number of files in the Maildir */
    private static Map<String, Integer> count(Path maildir, String nonce) throws IOException {
        Map<String, Integer> copies = new HashMap<>();
        for (Relays.Delivered d : Relays.maildir(maildir)) {
            String id = d.field("Message-ID");
            if (id != null && id.endsWith("-" + nonce + "@example.org>")) {
                int seq = Integer.parseInt(id.replaceAll("<crash-(\\d+)-.*", "$1"));
                copies.merge(seq + " " + d.deliveredTo(), 1, Integer::sum);
            }
        }
        return copies;
    }

    /** SESSIONS threads that take messages from {@link #toSend} until it is empty or the server dies. */
    private List<Thread> startClients(int port, String nonce) {
        List<Thread> threads = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        for (int t = 0; t < SESSIONS; t++) {
            Thread thread = new Thread(() -> {
                Integer seq = null;
                try (SmtpScript s = new SmtpScript(port)) {
                    s.send("EHLO client.example");
                    while ((seq = toSend.poll()) != null) {
                        String reply = send(s, seq, nonce);
                        if (reply == null || !reply.startsWith("250")) {
                            toSend.add(seq);
                            return;
                        }
                        acked.add(seq);
                        seq = null;
                    }
                } catch (IOException | RuntimeException e) {
                    if (seq != null) {
                        toSend.add(seq); // no 250: the client sends it again, like any MTA
                    }
                }
            }, "crash-client-" + n.incrementAndGet());
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    private static String send(SmtpScript s, int seq, String nonce) throws IOException {
        if (!s.send("MAIL FROM:<client-" + seq + "@example.org>").startsWith("250")
                || !s.send("RCPT TO:<contact-sales@mailer.domain1.com>").startsWith("250")
                || !s.send("RCPT TO:<contact-general@mailer.domain1.com>").startsWith("250")) {
            return null;
        }
        return s.data("From: client-" + seq + "@example.org\r\nSubject: crash " + seq + "\r\nMessage-ID: <crash-" + seq + "-"
                + nonce + "@example.org>\r\n\r\n" + "body of message " + seq + "\r\n".repeat(20));
    }
}
