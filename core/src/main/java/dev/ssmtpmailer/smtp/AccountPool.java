package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.message.RelayException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one account: at most {@code max_connections} at a time, connected and authenticated
 * ones kept idle for the next message (most recently used first), retired after
 * {@link PoolSettings#maxMessagesPerConnection()} transactions or {@link PoolSettings#maxIdle()} without use.
 */
final class AccountPool {
    private static final Logger LOG = LoggerFactory.getLogger(AccountPool.class);

    private final DomainConfig account;
    private final PoolContext context;
    private final String name;
    private final int maxConnections;
    private final Semaphore permits;
    private final Deque<PooledConnection> idle = new ConcurrentLinkedDeque<>();
    /** {@link #open} reports failures per recipient; a probe has none, so it uses this stand-in (never sent). */
    private static final Envelope PROBE_ENVELOPE = Envelope.of(null, new EmailAddress("probe", "invalid"));
    private volatile Session session;
    private volatile boolean closed;

    AccountPool(DomainConfig account, PoolContext context) {
        this.account = account;
        this.context = context;
        this.name = account.displayName();
        this.maxConnections = Math.max(1, account.maxConnections() != null ? account.maxConnections()
                : context.global().maxConnections());
        this.permits = new Semaphore(maxConnections, true);
    }

    List<RecipientResult> send(Envelope envelope, MessageBody body) {
        Duration wait = context.global().connectionTimeout();
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcomes.allFailed(envelope, SmtpReply.local("interrupted while waiting for a connection to account " + name),
                    SmtpPhase.CONNECT, true);
        }
        if (!acquired) {
            return Outcomes.allFailed(envelope, SmtpReply.local("no free connection to account " + name + " within "
                    + wait.toMillis() + " ms (max_connections = " + maxConnections + ")"), SmtpPhase.CONNECT, true);
        }
        try {
            return sendWithPermit(envelope, body);
        } finally {
            permits.release();
        }
    }

    private List<RecipientResult> sendWithPermit(Envelope envelope, MessageBody body) {
        PooledConnection reused = takeIdle();
        if (reused != null) {
            Outcomes.Transaction t = reused.send(envelope, body, context.clock().instant());
            giveBack(reused);
            if (!(t.connectionLost() && !t.anyRecipientAccepted())) {
                return t.results();
            }
            // The server closed the session while it sat idle (or is restarting): nothing was accepted, so
            // one more attempt on a fresh connection cannot duplicate the message.
            LOG.debug("account {}: reused connection was lost before any recipient was accepted, retrying on a fresh one", name);
        }
        Opened opened = open(envelope, null);
        if (opened.failure != null) {
            return opened.failure;
        }
        Outcomes.Transaction t = opened.connection.send(envelope, body, context.clock().instant());
        giveBack(opened.connection);
        return t.results();
    }

    /**
     * A connection that is busy or idle proves the account works; only an unused account is logged into,
     * step by step as a delivery would (resolve, connect, greeting, EHLO, TLS, AUTH), and that connection is
     * kept for the next message.
     */
    ProbeResult probe() {
        if (!permits.tryAcquire()) {
            return ProbeResult.up("all " + maxConnections + " connections are sending");
        }
        try {
            PooledConnection reused = takeIdle();
            if (reused != null) {
                giveBack(reused);
                return ProbeResult.up("pooled connection open");
            }
            ProbeRecorder steps = new ProbeRecorder(context.clock());
            if (!steps.resolve(account.smtpServer())) {
                return new ProbeResult(ProbeResult.Status.DOWN, SmtpPhase.CONNECT, 0,
                        steps.steps().get(0).detail(), steps.steps());
            }
            Opened opened = open(PROBE_ENVELOPE, steps);
            if (opened.failure != null) {
                RecipientResult r = opened.failure.get(0);
                return new ProbeResult(ProbeResult.Status.DOWN, r.phase(), r.replyCode(), r.reply(), steps.steps());
            }
            giveBack(opened.connection);
            return new ProbeResult(ProbeResult.Status.UP, SmtpPhase.OTHER, 0, "connected and authenticated", steps.steps());
        } finally {
            permits.release();
        }
    }

    private PooledConnection takeIdle() {
        Instant now = context.clock().instant();
        PooledConnection c;
        while ((c = idle.pollFirst()) != null) {
            if (!c.idleLongerThan(context.settings().maxIdle(), now)) {
                return c;
            }
            LOG.debug("account {}: closing a connection idle for more than {}", name, context.settings().maxIdle());
            c.close();
        }
        return null;
    }

    private void giveBack(PooledConnection c) {
        if (c.broken()) {
            c.close();
        } else if (closed || c.transactions() >= context.settings().maxMessagesPerConnection()) {
            c.close();
        } else {
            idle.offerFirst(c);
            if (closed && idle.remove(c)) {  // close() ran meanwhile
                c.close();
            }
        }
    }

    /** Closes idle connections that have not been used for {@link PoolSettings#maxIdle()}. */
    void evictIdle() {
        Instant now = context.clock().instant();
        for (PooledConnection c : List.copyOf(idle)) {
            if (c.idleLongerThan(context.settings().maxIdle(), now) && idle.remove(c)) {
                LOG.debug("account {}: evicting a connection idle for more than {}", name, context.settings().maxIdle());
                c.close();
            }
        }
    }

    int idleCount() {
        return idle.size();
    }

    /** Closes idle connections now; busy ones are closed when their message is done. */
    void retire() {
        closed = true;
        PooledConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }

    /** Like {@link #retire()}, then waits up to {@code wait} for busy connections to finish. */
    void close(Duration wait) {
        retire();
        try {
            if (permits.tryAcquire(maxConnections, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                permits.release(maxConnections);
            } else {
                LOG.debug("account {}: connections still busy after {}", name, wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retire();
    }

    private record Opened(PooledConnection connection, List<RecipientResult> failure) {
    }

    /** @param probe records each step, for a probe; {@code null} for a delivery */
    private Opened open(Envelope envelope, ProbeRecorder probe) {
        Session s;
        try {
            s = session();
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("account {}: cannot set up TLS: {}", name, Outcomes.describe(e));
            SmtpReply reply = SmtpReply.local("cannot set up TLS for account " + name + ": " + Outcomes.describe(e));
            if (probe != null) {
                probe.failed(ProbeStep.Step.TLS, "", reply.text());
            }
            return new Opened(null, Outcomes.allFailed(envelope, reply, SmtpPhase.TLS, true));
        }
        ConnectFailure failure = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            TrackingTransport t = newTransport(s, probe);
            try {
                connect(t, probe);
                LOG.debug("account {}: connected to {}:{}", name, account.smtpServer(), account.smtpPort());
                return new Opened(new PooledConnection(t, s, name, context.clock().instant()), null);
            } catch (ConnectFailure f) {
                failure = f;
            } catch (MessagingException | RuntimeException e) {
                failure = classify(t, e);
            }
            closeQuietly(t);
            if (probe != null) {
                recordFailure(probe, failure, t.lastReply());
            }
            // A refused OAuth2 token may have expired early or been revoked: fetch a fresh one, once.
            boolean tokenRefused = account.authMethod() == AuthMethod.XOAUTH2 && failure.phase == SmtpPhase.AUTH
                    && (failure.reply.code() == 535 || failure.reply.code() == 334) && context.tokens() != null;
            if (!tokenRefused || attempt == 2) {
                break;
            }
            LOG.debug("account {}: XOAUTH2 token refused ({}), fetching a fresh one", name, failure.reply.code());
            context.tokens().invalidate(account);
            if (probe != null) {
                probe.restart();
            }
        }
        if (failure.phase == SmtpPhase.AUTH) {
            LOG.warn("{}", failure.reply.text());
        } else {
            LOG.debug("account {}: connecting failed in phase {}: {}", name, failure.phase, failure.reply.text(), failure.getCause());
        }
        // Nothing before MAIL FROM says anything about the message: a refused login, a bad certificate or a
        // missing STARTTLS are fixed by an operator, and the message is retried then (as Postfix defers them).
        return new Opened(null, Outcomes.allFailed(envelope, failure.reply, failure.phase, true));
    }

    /**
     * The failed step of a probe: the one in progress, else the one the failure's phase names; with the
     * server's refusal, when there was one.
     */
    private void recordFailure(ProbeRecorder probe, ConnectFailure failure, SmtpReply last) {
        ProbeStep.Step step = switch (failure.phase) {
            case EHLO -> ProbeStep.Step.EHLO;
            case TLS -> account.tls() == TlsMode.STARTTLS ? ProbeStep.Step.STARTTLS : ProbeStep.Step.TLS;
            case AUTH -> ProbeStep.Step.AUTH;
            default -> ProbeStep.Step.CONNECT;
        };
        if (step == ProbeStep.Step.TLS && probe.current() == ProbeStep.Step.CONNECT) {
            // implicit TLS: the handshake runs right after the TCP connect, before the greeting
            probe.passed("", "connected to " + account.smtpServer() + ":" + account.smtpPort());
        }
        probe.failed(step, serverRefusal(last) ? last.text() : "", failure.reply.text());
    }

    /**
     * @return whether the last reply is the server's refusal: a negative one, or Gmail's {@code 334} refusal of an
     *         XOAUTH2 token (for any other mechanism a 334 is only a prompt, no answer)
     */
    private boolean serverRefusal(SmtpReply last) {
        return last.code() > 0 && (!last.positive() || last.code() == 334 && account.authMethod() == AuthMethod.XOAUTH2);
    }

    private TrackingTransport newTransport(Session s, ProbeRecorder probe) {
        boolean implicit = account.tls() == TlsMode.IMPLICIT;
        URLName url = new URLName(MailProperties.protocol(account), account.smtpServer(), account.smtpPort(), null,
                account.login(), null);
        return new TrackingTransport(s, url, implicit, account.tls() == TlsMode.STARTTLS, probe);
    }

    private void connect(TrackingTransport t, ProbeRecorder probe) throws MessagingException {
        if (probe == null) {
            connect(t);
            return;
        }
        probe.attach();
        try {
            connect(t);
        } finally {
            probe.detach();
        }
    }

    private void connect(TrackingTransport t) throws MessagingException {
        String user = null;
        String secret = null;
        switch (account.authMethod()) {
            case NONE -> { }
            case LOGIN, PLAIN -> {
                user = account.login();
                if (account.password() == null) {
                    throw new ConnectFailure(SmtpPhase.AUTH, SmtpReply.local("account " + name + " has no password"), null);
                }
                secret = revealPassword();
            }
            case XOAUTH2 -> {
                user = account.login();
                secret = token();
            }
        }
        t.connect(account.smtpServer(), account.smtpPort(), user, secret);
        if (account.authMethod() != AuthMethod.NONE && !t.supportsExtension("AUTH")) {
            // Angus would carry on without logging in; the server would then refuse MAIL or, worse, relay.
            throw new ConnectFailure(SmtpPhase.AUTH, SmtpReply.local("server " + account.smtpServer()
                    + " does not offer AUTH; account " + name + " needs " + account.authMethod()), null);
        }
    }

    private String revealPassword() {
        try {
            return account.password().reveal();
        } catch (RuntimeException e) {
            throw new ConnectFailure(SmtpPhase.AUTH, SmtpReply.local("cannot read the password of account " + name
                    + ": " + e.getMessage()), e);
        }
    }

    private String token() {
        if (context.tokens() == null) {
            throw new ConnectFailure(SmtpPhase.AUTH, SmtpReply.local("account " + name
                    + " uses XOAUTH2 but the client has no TokenProvider"), null);
        }
        try {
            return context.tokens().accessToken(account);
        } catch (RuntimeException e) { // whatever a TokenProvider throws is a failure to authenticate, not to connect
            throw new ConnectFailure(SmtpPhase.AUTH, SmtpReply.local("cannot obtain an OAuth2 token for account " + name
                    + ": " + e.getMessage()), e);
        }
    }

    private ConnectFailure classify(TrackingTransport t, Exception e) {
        if (Outcomes.find(e, UnknownHostException.class) != null) {
            // Angus wraps it as "Couldn't connect to host, port: ..., timeout ...": say what happened instead
            return new ConnectFailure(SmtpPhase.CONNECT, SmtpReply.local(Outcomes.describe(e)), e);
        }
        SmtpPhase phase = Outcomes.isTls(e) ? SmtpPhase.TLS : t.phase();
        SmtpReply last = t.lastReply();
        if (e instanceof AuthenticationFailedException) {
            // Gmail refuses a revoked XOAUTH2 token with 334 <base64 JSON error> (535 comes only after an empty
            // line, which Angus never sends): keep that 334, so the caller fetches a fresh token
            SmtpReply reply = serverRefusal(last) ? last : SmtpReply.local(Outcomes.describe(e));
            return new ConnectFailure(SmtpPhase.AUTH, new SmtpReply(reply.code(), reply.enhancedStatus(),
                    "authentication failed for account " + name + ": " + reply.text()), e);
        }
        boolean io = Outcomes.isIo(e);
        if (io && phase == SmtpPhase.TLS) {
            return new ConnectFailure(phase, SmtpReply.local(Outcomes.describe(e) + Outcomes.tlsHint(e, account.smtpServer())), e);
        }
        SmtpReply reply = io || last.code() == 0 || last.positive() ? SmtpReply.local(Outcomes.describe(e)) : last;
        return new ConnectFailure(phase, reply, e);
    }

    private static void closeQuietly(TrackingTransport t) {
        try {
            t.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.trace("close after a failed connect", e);
        }
    }

    private Session session() throws IOException, GeneralSecurityException {
        Session s = session;
        if (s == null) {
            synchronized (this) {
                s = session;
                if (s == null) {
                    // loading the JDK trust store takes tens of milliseconds; a plaintext account never needs it
                    SSLSocketFactory tls = account.tls() == TlsMode.NONE ? null : TlsTrust.socketFactory(account, context.global());
                    Properties props = MailProperties.build(account, context.global(), tls, context.timer());
                    s = Session.getInstance(props);
                    if (SmtpTrace.enabled()) {
                        s.setDebugOut(SmtpTrace.forAccount(name));
                        s.setDebug(true);
                    }
                    if (!account.verifyCertificates() && account.tls() != TlsMode.NONE) {
                        LOG.warn("account {}: verify_certificates = false: the certificate and host name of {} are NOT checked",
                                name, account.smtpServer());
                    }
                    session = s;
                }
            }
        }
        return s;
    }

    /** A failure while connecting, with the phase and the reply (or local description) to report. */
    private static final class ConnectFailure extends RelayException {
        private static final long serialVersionUID = 1L;
        private final transient SmtpPhase phase;
        private final transient SmtpReply reply;

        ConnectFailure(SmtpPhase phase, SmtpReply reply, Throwable cause) {
            super(reply.text(), cause);
            this.phase = phase;
            this.reply = reply;
        }
    }

    /** @return the executor this pool's connections arm their write timeouts on (tests) */
    ScheduledExecutorService writeTimer() {
        return context.timer();
    }
}
