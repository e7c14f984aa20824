package dev.ssmtpmailer.server;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.queue.InboundQueue;
import dev.ssmtpmailer.queue.QueueId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link InboundQueue} that keeps what it is given in memory (or only counts it), or fails on demand. */
final class FakeQueue implements InboundQueue {
    /** One accepted message. */
    record Accepted(EmailAddress sender, List<InboundDecision> recipients, byte[] data, long size) {
        String text() {
            return new String(data, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    volatile boolean fail;
    volatile boolean countOnly;

    @Override
    public QueueId accept(EmailAddress sender, List<InboundDecision> recipients, InputStream data) throws IOException {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipients");
        }
        ByteArrayOutputStream keep = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long size = 0;
        int n;
        while ((n = data.read(buf)) >= 0) {
            size += n;
            if (!countOnly) {
                keep.write(buf, 0, n);
            }
        }
        if (fail) {
            throw new IOException("disk full (test)");
        }
        accepted.add(new Accepted(sender, List.copyOf(recipients), keep.toByteArray(), size));
        return new QueueId("Q" + ids.incrementAndGet());
    }
}
