package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An SMTP client for tests: records what it sends, answers as told, and can hold a send until released. */
public final class FakeSmtpClient implements SmtpRelayClient {
    /** One message handed to the client. */
    public record Sent(String account, Envelope envelope, String body) {
    }

    public final List<Sent> sent = new CopyOnWriteArrayList<>();
    public final AtomicInteger probes = new AtomicInteger();
    public volatile DeliveryStatus status = DeliveryStatus.DELIVERED;
    public volatile SmtpPhase phase = SmtpPhase.END_OF_DATA;
    public volatile ProbeResult probeResult = ProbeResult.up("fake");
    /** When set, sends and probes wait for it (at most 30 s) before answering. */
    public volatile CountDownLatch hold;
    public final CountDownLatch entered = new CountDownLatch(1);
    /** Counts down when the first message has been recorded in {@link #sent}. */
    public final CountDownLatch sentOne = new CountDownLatch(1);
    public volatile boolean closed;
    /** How many messages had been sent when {@link #close()} was called. */
    public volatile int sentWhenClosed = -1;

    @Override
    public List<RecipientResult> send(DomainConfig account, Envelope envelope, MessageBody body) {
        entered.countDown();
        await();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sent.add(new Sent(account.accountName(), envelope, out.toString(StandardCharsets.UTF_8)));
        sentOne.countDown();
        return envelope.recipients().stream()
                .map(r -> new RecipientResult(r, status, status == DeliveryStatus.DELIVERED ? 250 : 535, null, phase, "fake"))
                .toList();
    }

    @Override
    public ProbeResult probe(DomainConfig account) {
        probes.incrementAndGet();
        entered.countDown();
        await();
        return probeResult;
    }

    private void await() {
        CountDownLatch h = hold;
        if (h != null) {
            try {
                h.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void retainAccounts(Collection<DomainConfig> accounts) {
    }

    @Override
    public void close() {
        sentWhenClosed = sent.size();
        closed = true;
    }
}
