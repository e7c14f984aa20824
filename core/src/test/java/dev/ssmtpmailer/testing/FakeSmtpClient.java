package dev.ssmtpmailer.testing;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one scriptable fake {@link SmtpRelayClient} of the test suites: it records every transaction (body
 * included), answers each recipient from a script (default: delivered), answers probes as told, and can hold a
 * send or probe until a latch is released.
 */
public final class FakeSmtpClient implements SmtpRelayClient {
    /** One recorded transaction. */
    public record Sent(DomainConfig account, Envelope envelope, String body) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger probes = new AtomicInteger();
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile Function<EmailAddress, RecipientResult> script = FakeSmtpClient::ok;
    private volatile ProbeResult probeResult = ProbeResult.up("fake");
    private volatile CountDownLatch hold;
    /** How many transactions had been recorded at {@link #close()}; -1 while open. */
    private volatile int sentWhenClosed = -1;
    private volatile Collection<DomainConfig> retained;

    /** @param r the recipient @return a 250 delivered result */
    public static RecipientResult ok(EmailAddress r) {
        return new RecipientResult(r, DeliveryStatus.DELIVERED, 250, "2.0.0", SmtpPhase.END_OF_DATA, "250 2.0.0 Ok: queued");
    }

    /** @param r the recipient @return a 450 at RCPT */
    public static RecipientResult temp(EmailAddress r) {
        return new RecipientResult(r, DeliveryStatus.TEMPORARY_FAILURE, 450, "4.7.1", SmtpPhase.RCPT, "try again later");
    }

    /** @param r the recipient @return a 550 at RCPT */
    public static RecipientResult perm(EmailAddress r) {
        return new RecipientResult(r, DeliveryStatus.PERMANENT_FAILURE, 550, "5.1.1", SmtpPhase.RCPT, "no such user");
    }

    /** @param script the answer for each recipient from now on @return this */
    public FakeSmtpClient answer(Function<EmailAddress, RecipientResult> script) {
        this.script = script;
        return this;
    }

    /** @param result the answer to every probe from now on @return this */
    public FakeSmtpClient probeAnswer(ProbeResult result) {
        this.probeResult = result;
        return this;
    }

    /** @param latch sends and probes wait for it (at most 30 s) before answering; {@code null} for none @return this */
    public FakeSmtpClient hold(CountDownLatch latch) {
        this.hold = latch;
        return this;
    }

    /** Releases the current hold, if any, and holds no more. */
    public void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    @Override
    public List<RecipientResult> send(DomainConfig account, Envelope envelope, MessageBody body) {
        if (closed()) {
            throw new IllegalStateException("closed");
        }
        entered.countDown();
        awaitHold();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sent.add(new Sent(account, envelope, out.toString(StandardCharsets.UTF_8)));
        return envelope.recipients().stream().map(script).toList();
    }

    @Override
    public ProbeResult probe(DomainConfig account) {
        probes.incrementAndGet();
        entered.countDown();
        awaitHold();
        return probeResult;
    }

    private void awaitHold() {
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
        retained = List.copyOf(accounts);
    }

    @Override
    public void close() {
        sentWhenClosed = sent.size();
    }

    /** @return every transaction so far */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** @return the recipients of every transaction so far, in order */
    public List<String> recipientsSent() {
        List<String> out = new ArrayList<>();
        for (Sent s : sent) {
            s.envelope().recipients().forEach(r -> out.add(r.address()));
        }
        return out;
    }

    /** @return how many probes were asked */
    public int probes() {
        return probes.get();
    }

    /** @return counted down when the first send or probe has begun (before any hold) */
    public CountDownLatch entered() {
        return entered;
    }

    /** @return the accounts of the last {@link #retainAccounts} call, or {@code null} */
    public Collection<DomainConfig> retained() {
        return retained;
    }

    /** @return whether {@link #close()} was called */
    public boolean closed() {
        return sentWhenClosed >= 0;
    }

    /** @return how many transactions had been recorded when {@link #close()} was called, or -1 */
    public int sentWhenClosed() {
        return sentWhenClosed;
    }
}
