package dev.ssmtpmailer.smtp;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * An Angus {@link SMTPTransport} that remembers where it is: the {@link SmtpPhase} of the command in flight
 * and the reply to every RCPT and to the end of data. Angus reports failures as exceptions whose shape
 * differs per step; recording the replies as they are read gives exact per-recipient results instead of
 * reconstructing them from exception chains.
 *
 * <p><b>Pipelining (RFC 2920).</b> When the server offers {@code PIPELINING}, {@link #mailFrom()} writes
 * MAIL FROM, every RCPT TO and DATA in one group (one TCP segment on a {@link BatchingSocket}) before Angus
 * runs its usual lock-step code. Angus then "sends" those commands again: {@link #sendCommand(String)}
 * recognises each one as already written and only lets Angus read its reply, which is the next one on the
 * wire. So Angus's own handling of every reply (partial sends, RSET after a failure, exceptions) is unchanged,
 * and a loopback or WAN round trip is paid twice per message (the group, then the content) instead of four
 * times. When Angus gives up before it has "sent" all of the group (MAIL refused, or no recipient accepted),
 * the replies of the rest are read before its next command, see {@link #abandonWrittenAhead()}.
 *
 * <p><b>Content.</b> After {@code 354} the message goes through a {@link DataStream} straight to the session's
 * socket (captured while connecting, see {@link SocketCapture}) with the same CRLF and dot-stuffing rules as
 * Angus's stream, and the end-of-data line goes out with the last piece; Angus then only reads the reply to
 * {@code "."}, as for a pipelined command. While the protocol trace is on (Angus's debug output), the content
 * goes through Angus's streams instead, so the trace sees it.
 *
 * <p>Not thread-safe beyond what {@link SMTPTransport} is: a pool hands one transport to one sender at a time.
 */
final class TrackingTransport extends SMTPTransport {
    private final boolean implicitTls;
    /** Buffer in front of Angus's content stream, when the content goes through it. */
    private static final int ANGUS_CHUNK = 8 * 1024;

    private final boolean startTlsExpected;
    /** Whether the session leaves MAIL FROM and RCPT TO without parameters, so they can be written ahead. */
    private final boolean plainCommands;
    private SmtpPhase phase = SmtpPhase.CONNECT;
    private boolean tlsDone;
    /** Commands written whose replies have not been read yet, oldest first. */
    private final ArrayDeque<String> awaitingReply = new ArrayDeque<>();
    /** Commands of the pipelined group that Angus has not issued yet, in the order it will. */
    private final ArrayDeque<String> writtenAhead = new ArrayDeque<>();
    private PassThroughMessage message;
    private Address[] recipients;
    private boolean pipelined;
    private SmtpReply lastReply = SmtpReply.local("no reply");
    private SmtpReply endOfDataReply;
    private final List<SmtpReply> rcptReplies = new ArrayList<>();
    /** Where Angus's write timeouts are armed, and how long they are; {@code null} / 0 when not configured. */
    private final ScheduledExecutorService writeTimer;
    private final long writeTimeoutMillis;
    /** The socket Angus writes this session to, captured while connecting; {@code null} before. */
    private Socket socket;
    /** The content stream of this session, created at its first message. */
    private DataStream data;
    /** {@link #data} while the transaction in flight writes its content through it. */
    private DataStream content;
    /** The steps of a probe's connection, or {@code null} for a delivery's. */
    private final ProbeRecorder probe;
    private String server;

    TrackingTransport(Session session, URLName url, boolean implicitTls, boolean startTlsExpected, ProbeRecorder probe) {
        super(session, url, implicitTls ? "smtps" : "smtp", implicitTls);
        this.probe = probe;
        this.implicitTls = implicitTls;
        this.startTlsExpected = startTlsExpected && !implicitTls;
        this.tlsDone = implicitTls;
        String prefix = implicitTls ? "mail.smtps." : "mail.smtp.";
        Properties props = session.getProperties();
        this.plainCommands = plainCommands(props, prefix);
        this.writeTimer = props.get(prefix + "executor.writetimeout") instanceof ScheduledExecutorService s ? s : null;
        this.writeTimeoutMillis = Long.parseLong(props.getProperty(prefix + "writetimeout", "0"));
    }

    /**
     * Angus adds parameters to MAIL FROM and RCPT TO only from these properties (and from {@code SMTPMessage}
     * setters {@link PassThroughMessage} never calls); with {@code chunksize} it sends BDAT instead of DATA.
     * {@link MailProperties} sets none of them.
     */
    private static boolean plainCommands(Properties props, String prefix) {
        for (String key : new String[] {"dsn.notify", "dsn.ret", "submitter", "mailextension", "from", "chunksize"}) {
            if (props.getProperty(prefix + key) != null) {
                return false;
            }
        }
        return props.getProperty("mail.mime.allowutf8") == null
                && Boolean.parseBoolean(props.getProperty(prefix + "sendpartial"));
    }

    /** Resets what the previous transaction recorded. */
    synchronized void beginTransaction() {
        phase = SmtpPhase.MAIL;
        content = null;
        pipelined = false;
        endOfDataReply = null;
        rcptReplies.clear();
        lastReply = SmtpReply.local("no reply");
    }

    /** @return whether the last transaction wrote MAIL, RCPT and DATA as one pipelined group */
    synchronized boolean pipelined() {
        return pipelined;
    }

    /**
     * @return whether every command written has had its reply read; when not (a failure in the middle of a
     *     pipelined group), the connection cannot be reused
     */
    synchronized boolean inStep() {
        return awaitingReply.isEmpty() && writtenAhead.isEmpty();
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

    /**
     * Closes the session's socket without a word, for a session left where the server does not expect a
     * command (in the middle of the content): the server drops an unfinished message. {@link #close()} then
     * only releases what Angus holds.
     */
    synchronized void abort() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** @return the last reply to a command other than RSET, NOOP or QUIT */
    synchronized SmtpReply lastReply() {
        return lastReply;
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        // Angus creates the session's sockets (and the TLS layer of STARTTLS) in here, through our factories
        try (SocketCapture capture = SocketCapture.begin()) {
            try {
                return probe == null ? super.protocolConnect(host, port, user, password)
                        : probedConnect(host, port, user, password);
            } finally {
                socket = capture.socket();
                data = null;
            }
        }
    }

    private boolean probedConnect(String host, int port, String user, String password) throws MessagingException {
        server = host + ":" + port;
        probe.begin(ProbeStep.Step.CONNECT);
        boolean connected = super.protocolConnect(host, port, user, password);
        if (user == null || password == null) {
            probe.skipped(ProbeStep.Step.AUTH, "auth_method = NONE");
        } else if (probe.current() == ProbeStep.Step.AUTH && supportsExtension("AUTH")) {
            // without AUTH offered Angus returns without logging in; the pool refuses that, at this step
            probe.passed(firstLine(getLastServerResponse()), property("auth.mechanisms") + " as " + user);
        }
        return connected;
    }

    @Override
    protected synchronized boolean ehlo(String domain) throws MessagingException {
        phase = SmtpPhase.EHLO;
        if (probe != null) {
            probe.begin(ProbeStep.Step.EHLO);
        }
        boolean ok = super.ehlo(domain);
        phase = afterGreeting();
        if (ok) {
            greeted("");
        }
        return ok;
    }

    @Override
    protected synchronized void helo(String domain) throws MessagingException {
        phase = SmtpPhase.EHLO;
        super.helo(domain);
        phase = afterGreeting();
        greeted("HELO (EHLO was refused)");
    }

    /** A probe's EHLO (or HELO) passed: what the server offers, and which step comes next. */
    private void greeted(String note) {
        if (probe == null) {
            return;
        }
        String reply = getLastServerResponse();
        probe.passed(firstLine(reply), note.isEmpty() ? extensions(reply) : note);
        if (!implicitTls && !startTlsExpected) {
            // Angus greets once when there is no STARTTLS to follow
            probe.skipped(ProbeStep.Step.TLS, "use_ssl = false, use_starttls = false: no TLS");
        }
        if (phase == SmtpPhase.AUTH) {
            probe.begin(ProbeStep.Step.AUTH);
        }
    }

    /** @return the keywords of a multi-line EHLO reply, after its first line */
    static String extensions(String reply) {
        String[] lines = reply == null ? new String[0] : reply.strip().split("\\r?\\n");
        List<String> offered = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            offered.add(lines[i].length() > 4 ? lines[i].substring(4).strip() : "");
        }
        return offered.isEmpty() ? "no extensions" : "offers " + String.join(", ", offered);
    }

    private static String firstLine(String reply) {
        String r = reply == null ? "" : reply.strip();
        int nl = r.indexOf('\n');
        return (nl < 0 ? r : r.substring(0, nl)).strip();
    }

    private String property(String key) {
        return session.getProperty((implicitTls ? "mail.smtps." : "mail.smtp.") + key);
    }

    private SmtpPhase afterGreeting() {
        // Angus refuses a server without STARTTLS right after EHLO: that refusal belongs to the TLS step.
        return startTlsExpected && !tlsDone ? SmtpPhase.TLS : SmtpPhase.AUTH;
    }

    @Override
    protected synchronized void startTLS() throws MessagingException {
        phase = SmtpPhase.TLS;
        if (probe != null) {
            probe.begin(ProbeStep.Step.STARTTLS);
        }
        super.startTLS();
        tlsDone = true;
        if (probe != null) {
            probe.tlsPassed(Boolean.parseBoolean(property("ssl.checkserveridentity")));
        }
    }

    @Override
    public synchronized void sendMessage(Message msg, Address[] addresses) throws MessagingException {
        message = msg instanceof PassThroughMessage raw ? raw : null;
        recipients = addresses;
        try {
            super.sendMessage(msg, addresses);
        } finally {
            message = null;
            recipients = null;
        }
    }

    @Override
    protected synchronized void mailFrom() throws MessagingException {
        phase = SmtpPhase.MAIL;
        if (plainCommands && message != null && recipients != null && recipients.length > 0
                && supportsExtension("PIPELINING")) {
            writeAhead(message.getEnvelopeFrom(), recipients);
        }
        super.mailFrom();
    }

    /** Writes MAIL FROM, one RCPT TO per recipient and DATA, exactly as Angus will issue them, in one group. */
    private void writeAhead(String from, Address[] to) throws MessagingException {
        // every command built first (one sized builder each, kept in an array, no intermediate strings), then
        // written in one group: every message comes here, also before the JIT has compiled it
        String mail = command("MAIL FROM:", from);
        String[] rcpts = new String[to.length];
        for (int i = 0; i < to.length; i++) {
            rcpts[i] = command("RCPT TO:", ((InternetAddress) to[i]).getAddress());  // Angus checked the type
        }
        pipelined = true;
        BatchingSocket.Hold hold = BatchingSocket.holdWrites();
        try {
            write(mail);
            writtenAhead.add(mail);
            for (String rcpt : rcpts) {
                write(rcpt);
                writtenAhead.add(rcpt);
            }
        } finally {
            hold.close();
        }
        // DATA must end the group (RFC 2920); writing it after the hold sends the whole group at once
        write("DATA");
        writtenAhead.add("DATA");
    }

    /** @return {@code verb} and the address angled as Angus's private {@code normalizeAddress} does */
    static String command(String verb, String address) {
        boolean angle = !address.startsWith("<") && !address.endsWith(">");
        StringBuilder b = new StringBuilder(verb.length() + address.length() + 2).append(verb);
        return angle ? b.append('<').append(address).append('>').toString() : b.append(address).toString();
    }

    private void write(String cmd) throws MessagingException {
        awaitingReply.add(cmd);  // before writing: a failed write leaves the connection out of step
        super.sendCommand(cmd);
    }

    /**
     * Angus issues a command the pipelined group did not contain (RSET after a refused MAIL, or after every
     * recipient was refused), so it will not issue the rest of the group; their replies come first on the
     * wire and are read here, not recorded: the reply that decided the outcome is already recorded. A server
     * that answers DATA with 354 although no recipient was accepted gets an empty message, which reaches
     * nobody.
     */
    private void abandonWrittenAhead() throws MessagingException {
        while (!writtenAhead.isEmpty()) {
            String cmd = writtenAhead.pollFirst();
            awaitingReply.pollFirst();
            int code = super.readServerResponse();
            if (cmd.equals("DATA") && code == 354) {
                write(".");
                awaitingReply.pollFirst();
                super.readServerResponse();
            }
        }
    }

    @Override
    protected synchronized void rcptTo() throws MessagingException {
        phase = SmtpPhase.RCPT;
        super.rcptTo();
    }

    @Override
    protected synchronized OutputStream data() throws MessagingException {
        phase = SmtpPhase.DATA;
        OutputStream angus = super.data();  // DATA and its 354; Angus's buffer is flushed
        if (socket == null || writeTimer == null || writeTimeoutMillis <= 0 || session.getDebug()) {
            // a body may write in small pieces: collected first, they make few calls into Angus's per-line stream
            // and few socket writes (each arms a write-timeout task); its flush() sends nothing, so the last
            // piece still goes out with the end-of-data line
            return new BufferedOutputStream(angus, ANGUS_CHUNK);
        }
        if (data == null) {
            try {
                data = new DataStream(socket, writeTimer, writeTimeoutMillis);
            } catch (IOException e) {
                throw new MessagingException("cannot write the message content", e);
            }
        }
        content = data.begin();
        return content;
    }

    @Override
    protected synchronized void finishData() throws IOException, MessagingException {
        phase = SmtpPhase.END_OF_DATA;
        if (content != null) {
            DataStream c = content;
            content = null;
            // the end-of-data line goes out with the last piece; Angus's "." then only reads the reply
            awaitingReply.add(".");
            writtenAhead.add(".");
            c.finish();
        }
        super.finishData();
    }

    @Override
    protected synchronized void sendCommand(String cmd) throws MessagingException {
        if (!writtenAhead.isEmpty()) {
            if (writtenAhead.peekFirst().equals(cmd)) {
                writtenAhead.pollFirst();  // already on the wire; Angus reads its reply next
                return;
            }
            abandonWrittenAhead();
        }
        write(cmd);
    }

    @Override
    protected synchronized int readServerResponse() throws MessagingException {
        if (probe != null && probe.current() == ProbeStep.Step.CONNECT) {
            // Angus reads the greeting once the socket is connected (and, for implicit TLS, the handshake done)
            probe.passed("", "connected to " + server);
            if (implicitTls) {
                probe.tlsPassed(Boolean.parseBoolean(property("ssl.checkserveridentity")));
            }
            probe.begin(ProbeStep.Step.GREETING);
        }
        int code = super.readServerResponse();
        SmtpReply reply = SmtpReply.parse(code, getLastServerResponse());
        // null for replies to the greeting and to AUTH data lines, which Angus writes without sendCommand
        String cmd = awaitingReply.pollFirst();
        if (probe != null) {
            probeReply(cmd, code);
        }
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

    /** The greeting and the reply to STARTTLS end their probe steps; a refusal is recorded by the pool. */
    private void probeReply(String cmd, int code) {
        if (code != 220) {
            return;
        }
        if (probe.current() == ProbeStep.Step.GREETING && cmd == null) {
            probe.passed(firstLine(getLastServerResponse()), "");
        } else if (probe.current() == ProbeStep.Step.STARTTLS && "STARTTLS".equals(cmd)) {
            probe.passed(firstLine(getLastServerResponse()), "");
            probe.begin(ProbeStep.Step.TLS);
        }
    }
}
