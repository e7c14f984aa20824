package dev.ssmtpmailer.cli.demo;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The real SMTP client, remembering the upstream's answer for each recipient: the delivery workers run on
 * their own threads, and the demo's table shows what the upstream replied to them.
 */
final class RecordingClient implements SmtpRelayClient {

    /** One recipient's delivery attempt. */
    record Attempt(String account, RecipientResult result) {
    }

    private final SmtpRelayClient delegate;
    private final Map<String, Attempt> byRecipient = new ConcurrentHashMap<>();
    private final Semaphore finished = new Semaphore(0);

    RecordingClient(SmtpRelayClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<RecipientResult> send(DomainConfig account, Envelope envelope, MessageBody body) {
        List<RecipientResult> results = delegate.send(account, envelope, body);
        for (RecipientResult r : results) {
            byRecipient.put(r.recipient().address(), new Attempt(account.accountName(), r));
            finished.release();
        }
        return results;
    }

    /**
     * @param count how many recipients must have had an attempt
     * @param timeout how long to wait at most
     * @return whether they had
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitAttempts(int count, Duration timeout) throws InterruptedException {
        if (!finished.tryAcquire(count, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        finished.release(count);
        return true;
    }

    Attempt attempt(String recipient) {
        return byRecipient.get(recipient);
    }

    @Override
    public void retainAccounts(Collection<DomainConfig> accounts) {
        delegate.retainAccounts(accounts);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
