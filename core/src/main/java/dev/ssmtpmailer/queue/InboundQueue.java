package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.policy.InboundDecision;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where the inbound SMTP server hands a message it is about to acknowledge. The server answers {@code 250}
 * only after {@link #accept} returned: from then on the message is the queue's to deliver, retry or
 * dead-letter, across crashes.
 */
public interface InboundQueue {

    /**
     * Stores a received message durably: when this returns, its envelope and bytes are on disk and fsynced.
     *
     * @param sender the {@code MAIL FROM} address, or {@code null} for the null sender {@code <>}
     * @param recipients the accepted {@code RCPT TO} decisions, each with its canonical address and account
     *        (forwarded mail) or its outbound route (a trusted client submitting mail)
     * @param data the message as received, the server's {@code Received:} header first; read to its end
     * @return the id of the spooled message
     * @throws IOException if the message could not be stored; the server must then answer {@code 451}
     * @throws IllegalArgumentException if {@code recipients} is empty or holds a refused decision
     */
    QueueId accept(EmailAddress sender, List<InboundDecision> recipients, InputStream data) throws IOException;
}
