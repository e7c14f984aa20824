package dev.ssmtpmailer.testing;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
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
import java.util.function.Function;

/** An {@link SmtpRelayClient} that records what it is asked to send and answers with scripted results. */
public final class RecordingSmtpClient implements SmtpRelayClient {

    /** One call to {@link #send}. */
    public record Sent(DomainConfig account, Envelope envelope, String message) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile Function<EmailAddress, RecipientResult> answer = RecordingSmtpClient::delivered;
    private volatile CountDownLatch gate;
    private volatile boolean closed;
    private volatile Collection<DomainConfig> retained;

    /** @param recipient a recipient @return a 250 DELIVERED result */
    public static RecipientResult delivered(EmailAddress recipient) {
        return new RecipientResult(recipient, DeliveryStatus.DELIVERED, 250, "2.0.0", SmtpPhase.END_OF_DATA, "250 2.0.0 Ok: queued");
    }

    /** @param answer how to answer each recipient from now on @return this */
    public RecordingSmtpClient answer(Function<EmailAddress, RecipientResult> answer) {
        this.answer = answer;
        return this;
    }

    /** @param gate sends block until it is counted down @return this */
    public RecordingSmtpClient blockOn(CountDownLatch gate) {
        this.gate = gate;
        return this;
    }

    @Override
    public List<RecipientResult> send(DomainConfig account, Envelope envelope, MessageBody body) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sent.add(new Sent(account, envelope, out.toString(StandardCharsets.UTF_8)));
        return envelope.recipients().stream().map(answer).toList();
    }

    @Override
    public void retainAccounts(Collection<DomainConfig> accounts) {
        retained = List.copyOf(accounts);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** @return every message sent so far */
    public List<Sent> sent() {
        return sent;
    }

    /** @return the accounts of the last {@link #retainAccounts} call, or {@code null} */
    public Collection<DomainConfig> retained() {
        return retained;
    }

    /** @return whether {@link #close()} was called */
    public boolean closed() {
        return closed;
    }
}
