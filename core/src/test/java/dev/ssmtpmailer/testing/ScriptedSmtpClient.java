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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An {@link SmtpRelayClient} that answers each recipient from a script (default: delivered) and records every
 * transaction, body included.
 */
public final class ScriptedSmtpClient implements SmtpRelayClient {
    /** One recorded transaction. */
    public record Sent(DomainConfig account, Envelope envelope, String body) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile Function<EmailAddress, RecipientResult> script = ScriptedSmtpClient::ok;

    /** @param r the recipient @return a delivered result */
    public static RecipientResult ok(EmailAddress r) {
        return new RecipientResult(r, DeliveryStatus.DELIVERED, 250, "2.0.0", SmtpPhase.END_OF_DATA, "Ok: queued");
    }

    /** @param r the recipient @return a 450 at RCPT */
    public static RecipientResult temp(EmailAddress r) {
        return new RecipientResult(r, DeliveryStatus.TEMPORARY_FAILURE, 450, "4.7.1", SmtpPhase.RCPT, "try again later");
    }

    /** @param r the recipient @return a 550 at RCPT */
    public static RecipientResult perm(EmailAddress r) {
        return new RecipientResult(r, DeliveryStatus.PERMANENT_FAILURE, 550, "5.1.1", SmtpPhase.RCPT, "no such user");
    }

    /** @param script the answer for each recipient from now on */
    public void answer(Function<EmailAddress, RecipientResult> script) {
        this.script = script;
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

    @Override
    public List<RecipientResult> send(DomainConfig account, Envelope envelope, MessageBody body) {
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
    public void retainAccounts(Collection<DomainConfig> accounts) {
        // nothing pooled
    }

    @Override
    public void close() {
        // nothing to close
    }
}
