package dev.ssmtpmailer.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * An Angus {@link SMTPTransport} that remembers where it is: the {@link SmtpPhase} of the command in flight
 * and the reply to every RCPT and to the end of data. Angus reports failures as exceptions whose shape
 * differs per step; recording the replies as they are read gives exact per-recipient results instead of
 * reconstructing them from exception chains.
 *
 * <p>Not thread-safe beyond what {@link SMTPTransport} is: a pool hands one transport to one sender at a time.
 */
final class TrackingTransport extends SMTPTransport {
    private final boolean startTlsExpected;
    private SmtpPhase phase = SmtpPhase.CONNECT;
    private boolean tlsDone;
    private String command;
    private SmtpReply lastReply = SmtpReply.local("no reply");
    private SmtpReply endOfDataReply;
    private final List<SmtpReply> rcptReplies = new ArrayList<>();

    TrackingTransport(Session session, URLName url, boolean implicitTls, boolean startTlsExpected) {
        super(session, url, implicitTls ? "smtps" : "smtp", implicitTls);
        this.startTlsExpected = startTlsExpected && !implicitTls;
        this.tlsDone = implicitTls;
    }

    /** Resets what the previous transaction recorded. */
    synchronized void beginTransaction() {
        phase = SmtpPhase.MAIL;
        command = null;
        endOfDataReply = null;
        rcptReplies.clear();
        lastReply = SmtpReply.local("no reply");
    }

    synchronized SmtpPhase phase() {
        return phase;
    }

    /** @return the replies to RCPT, in the order the recipients were sent */
    synchronized List<SmtpReply> rcptReplies() {
        return List.copyOf(rcptReplies);
    }

    /** @return the reply after the message content, or {@code null} when it was not reached */
    synchronized SmtpReply endOfDataReply() {
        return endOfDataReply;
    }

    /** @return the last reply to a command other than RSET, NOOP or QUIT */
    synchronized SmtpReply lastReply() {
        return lastReply;
    }

    @Override
    protected synchronized boolean ehlo(String domain) throws MessagingException {
        phase = SmtpPhase.EHLO;
        boolean ok = super.ehlo(domain);
        phase = afterGreeting();
        return ok;
    }

    @Override
    protected synchronized void helo(String domain) throws MessagingException {
        phase = SmtpPhase.EHLO;
        super.helo(domain);
        phase = afterGreeting();
    }

    private SmtpPhase afterGreeting() {
        // Angus refuses a server without STARTTLS right after EHLO: that refusal belongs to the TLS step.
        return startTlsExpected && !tlsDone ? SmtpPhase.TLS : SmtpPhase.AUTH;
    }

    @Override
    protected synchronized void startTLS() throws MessagingException {
        phase = SmtpPhase.TLS;
        super.startTLS();
        tlsDone = true;
    }

    @Override
    protected synchronized void mailFrom() throws MessagingException {
        phase = SmtpPhase.MAIL;
        super.mailFrom();
    }

    @Override
    protected synchronized void rcptTo() throws MessagingException {
        phase = SmtpPhase.RCPT;
        super.rcptTo();
    }

    @Override
    protected synchronized OutputStream data() throws MessagingException {
        phase = SmtpPhase.DATA;
        return super.data();
    }

    @Override
    protected synchronized void finishData() throws IOException, MessagingException {
        phase = SmtpPhase.END_OF_DATA;
        super.finishData();
    }

    @Override
    protected synchronized void sendCommand(String cmd) throws MessagingException {
        command = cmd;
        super.sendCommand(cmd);
    }

    @Override
    protected synchronized int readServerResponse() throws MessagingException {
        int code = super.readServerResponse();
        SmtpReply reply = SmtpReply.parse(code, getLastServerResponse());
        String cmd = command;
        command = null;
        if (cmd != null && (cmd.equals("RSET") || cmd.equals("NOOP") || cmd.equals("QUIT"))) {
            return code;
        }
        lastReply = reply;
        if (phase == SmtpPhase.RCPT && cmd != null && cmd.startsWith("RCPT TO:")) {
            rcptReplies.add(reply);
        } else if (phase == SmtpPhase.END_OF_DATA && ".".equals(cmd)) {
            endOfDataReply = reply;
        }
        return code;
    }
}
