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
    /** A transaction stopped where Angus did not expect it: the session is closed without a QUIT. */
    private boolean abandoned;

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
        } catch (MessagingException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            // not from the server or the network (a body's stream that failed, a bug): Angus handles only
            // I/O errors, so the session may be anywhere, even in the middle of the content
            broken = true;
            abandoned = true;
            if (e instanceof Error error) {
                close();
                throw error;
            }
            failure = (RuntimeException) e;
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

    /**
     * Sends QUIT (bounded by the read timeout) and closes the socket; never throws. After a transaction that
     * was abandoned it closes the socket first: a QUIT in the middle of the content would be read as content.
     */
    void close() {
        try {
            if (abandoned) {
                transport.abort();
            }
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("account {}: closing a connection failed", account, e);
        }
    }
}
