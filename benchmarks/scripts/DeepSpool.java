import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.queue.ClaimedMessage;
import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.NewMessage;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.RecipientState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Builds the file spool that docs/performance.md's "queue retry and queue import with C1 only" measured: one
 * 1 KB message accepted and deferred for an hour through {@code QueueStore.files}, then its {@code .msg} and
 * {@code .env} files copied under N-1 more ids (the id inside each file replaced). Not part of the build; run it
 * as a single-file program: {@code java -cp cli/target/ssmtp-mailer.jar benchmarks/scripts/DeepSpool.java DIR N}.
 */
public class DeepSpool {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Instant t0 = Instant.now().minusSeconds(3600);
        byte[] body = ("Subject: deep\r\nFrom: jane@example.org\r\n\r\n" + "x".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        QueueStore store = QueueStore.files(dir);
        QueueRecipient to = new QueueRecipient(EmailAddress.parse("sales@mailer.domain1.com"),
                EmailAddress.parse("sales@domain1.com"), "relay@domain1.com", true, null, RecipientState.PENDING, 0, "");
        QueueEntry first = store.accept(new NewMessage(EmailAddress.parse("jane@example.org"), List.of(to), true, t0),
                MessageContent.of(body));
        ClaimedMessage claimed = store.claim("deep-spool", t0, 1, Duration.ofMinutes(5)).get(0);
        store.release(claimed.lease(), List.of(), Instant.now().plusSeconds(3600));
        store.close();

        Path queue = dir.resolve("queue");
        String id = first.id().value();
        String msg = Files.readString(queue.resolve(id + ".msg"), StandardCharsets.ISO_8859_1);
        String env = Files.readString(queue.resolve(id + ".env"), StandardCharsets.ISO_8859_1);
        Random random = new Random(1);
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int i = 1; i < n; i++) {
            StringBuilder next = new StringBuilder(Long.toString(t0.toEpochMilli() + i, 36).toUpperCase()).append('-');
            for (int k = 0; k < 8; k++) {
                next.append(digits.charAt(random.nextInt(digits.length())));
            }
            String nid = next.toString();
            Files.writeString(queue.resolve(nid + ".msg"), msg.replace(id, nid), StandardCharsets.ISO_8859_1);
            Files.writeString(queue.resolve(nid + ".env"), env.replace(id, nid), StandardCharsets.ISO_8859_1);
        }
        System.out.println(n + " deferred messages in " + queue);
    }
}
