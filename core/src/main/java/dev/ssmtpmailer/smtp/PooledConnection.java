package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One connected (and authenticated) transport of an account's pool, with what the pool needs to retire it. */
final class PooledConnection {
    private static final Logger LOG = LoggerFactory.getLogger(PooledConnection.class);

    private final TrackingTransport transport;
    private final PassThroughMessage message;
    private final String account;
    private int transactions;
    private Instant lastUsed;
    private boolean broken;

    PooledConnection(TrackingTransport transport, Session session, String account, Instant now) {
        this.transport = transport;
        this.message = new PassThroughMessage(session);
        this.account = account;
        this.lastUsed = now;
    }

    /** Runs one transaction; never throws for what the server or the network did. */
    Outcomes.Transaction send(Envelope envelope, MessageBody body, Instant now) {
        transport.beginTransaction();
        message.prepare(envelope.reversePath(), body);
        Address[] recipients = new Address[envelope.recipients().size()];
        for (int i = 0; i < recipients.length; i++) {
            InternetAddress a = new InternetAddress();
            a.setAddress(envelope.recipients().get(i).address());  // already validated: no parsing, no rewriting
            recipients[i] = a;
        }
        Exception failure = null;
        try {
            transport.sendMessage(message, recipients);
        } catch (MessagingException | RuntimeException e) {
            failure = e;
        } finally {
            message.clear();
        }
        transactions++;
        lastUsed = now;
        Outcomes.Transaction result = Outcomes.of(envelope, transport, failure);
        if (failure != null) {
            LOG.debug("account {}: transaction failed in phase {} (connection {})", account, transport.phase(),
                    result.connectionLost() ? "lost" : "kept", failure);
        }
        // a failure in the middle of a pipelined group can leave replies unread: the next one would be misread
        broken |= result.connectionLost() || !transport.inStep();
        return result;
    }

    boolean broken() {
        return broken;
    }

    int transactions() {
        return transactions;
    }

    boolean idleLongerThan(Duration maxIdle, Instant now) {
        return lastUsed.plus(maxIdle).isBefore(now);
    }

    /** Sends QUIT (bounded by the read timeout) and closes the socket; never throws. */
    void close() {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("account {}: closing a connection failed", account, e);
        }
    }
}
