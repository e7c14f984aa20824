package dev.ssmtpmailer.server;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.config.UserFromPolicy;
import dev.ssmtpmailer.inbound.InboundListener;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.policy.SubmissionLogins;
import dev.ssmtpmailer.queue.InboundQueue;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.internal.server.CommandHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The inbound SMTP server of the relay (the guide's "local mailer server"): it accepts mail for the mapped
 * aliases of the local domain and hands each message to an {@link InboundQueue}, which spools it durably
 * before the client hears {@code 250}.
 *
 * <pre>{@code
 * try (RelayServer server = RelayServer.builder(config, queue).build().start()) {
 *     int port = server.port();
 *     ...
 * }
 * }</pre>
 *
 * <h2>What a client sees</h2>
 * <ul>
 *   <li>It listens on the local domain's {@code listen_address}:{@code listen_port} (default its
 *       {@code smtp_server}:{@code smtp_port}); port 0 takes a free port, see {@link #port()}.</li>
 *   <li>The banner and EHLO name the global {@code default_hostname}; EHLO offers {@code SIZE} =
 *       {@code max_message_size}, and {@code STARTTLS} when {@code ssl_dir} holds {@code server.crt} and
 *       {@code server.key} (PEM) or {@code server.p12}.</li>
 *   <li>{@code MAIL FROM}: the null sender {@code <>} or a plain address; source routes, quoted local parts,
 *       IP literals get {@code 553 5.1.7}.</li>
 *   <li>{@code RCPT TO}: malformed or trick addresses get {@code 553 5.1.3} (empty: {@code 501 5.1.3}); the
 *       others are answered with {@link RelayPolicy#checkRecipient}'s reply: {@code 550 5.1.1} for an unknown
 *       local alias, {@code 554 5.7.1} for another domain unless the client is in {@code trusted_networks} or
 *       logged in ({@code AUTH} after {@code STARTTLS}, as a {@code [user:...]} with a {@code password_hash}).</li>
 *   <li>{@code DATA}: the bytes are streamed, behind one {@code Received:} header, to
 *       {@link InboundQueue#accept}; then {@code 250 2.0.0 Ok: queued as ID}, or {@code 451 4.3.0} when the
 *       queue failed, or {@code 552 5.3.4} when the message outgrew {@code max_message_size}.</li>
 *   <li>{@code BDAT} (EHLO offers {@code CHUNKING}): the same, in chunks; every chunk is read, its declared size,
 *       before its reply, refused or not ({@link BdatCommand}).</li>
 *   <li>Limits ({@link ServerLimits}, Postfix's defaults): total connections, connections per client address
 *       ({@code 421 4.7.0} naming the limit), messages and commands per connection, recipients per message, an
 *       idle timeout on every read and a write timeout on every reply (a client that does not read is dropped),
 *       a session time, and error limits: past the soft one every reply is delayed, at the hard one the client
 *       gets {@code 421 4.7.0} and is disconnected. A queued message starts the error count again. Across
 *       connections, a client address with too many failed logins gets {@code 450 4.7.1} at {@code AUTH}.</li>
 *   <li>Replies are ASCII only; nothing a client sends produces a stack trace in the log: its mistakes are
 *       logged as single lines, at most 60 a minute.</li>
 *   <li>Every admitted session, accepted message and refusal (by {@link dev.ssmtpmailer.inbound.InboundRefusal
 *       reason}) is told to the {@linkplain Builder#listener listeners}: the inbound meters of the metrics module.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops taking new messages, lets messages in {@code DATA} finish (bounded by
 * the drain timeout), then closes every connection.
 */
public final class RelayServer implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(RelayServer.class);
    /** Lines a minute that clients can cause in the log (limits reached, protocol failures). */
    private static final int CLIENT_LOG_LINES_PER_MINUTE = 60;

    private final SessionSettings settings;
    private final ConnectionWatchdog watchdog;
    private final Duration drainTimeout;
    private final InetAddress bindAddress;
    /** Whether {@link Builder#listen} overrode the local domain's {@code listen_address}/{@code listen_port}. */
    private final boolean listenGiven;
    /** STARTTLS's certificate, or {@code null} when ssl_dir held none at start (STARTTLS is then not offered). */
    private final ServerCertificate certificate;
    private final SMTPServer smtp;
    private volatile RelayPolicy policy;
    private volatile UserFromPolicy userFromPolicy;
    /** The policy's owner, when the server follows one (a {@code RelayAssembly}); else {@code null}. */
    private final Supplier<RelayPolicy> policySource;
    private volatile boolean closing;
    private final Object dataLock = new Object();
    private int inData;
    private boolean started;

    private RelayServer(Builder b) {
        this.policy = b.policySource == null ? RelayPolicy.create(b.config) : null; // a source's owner makes its own
        this.userFromPolicy = b.config.global().userFromPolicy();
        this.policySource = b.policySource;
        this.drainTimeout = b.drainTimeout;
        ServerLimits limits = b.limits.build().checked();
        String hostName = b.config.global().defaultHostname();
        DomainConfig local = ListenAddress.localDomain(b.config);
        this.listenGiven = b.listenAddress != null;
        String address = b.listenAddress != null ? b.listenAddress : ListenAddress.host(local);
        int port = b.listenPort != null ? b.listenPort : ListenAddress.port(local);
        try {
            this.bindAddress = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new ServerException("cannot resolve listen_address '" + address + "' of [domain:" + local.name() + "]", e);
        }
        this.certificate = (b.sslContext != null ? Optional.of(ServerCertificate.given(b.sslContext))
                : ServerCertificate.load(b.config.global().sslDir())).orElse(null);
        ClientLog clientLog = new ClientLog(LOG, CLIENT_LOG_LINES_PER_MINUTE, System::nanoTime);
        InboundListener listener = InboundListener.of(b.listeners);
        FreeSpace freeSpace = new FreeSpace(b.config.global().spoolDir(), b.config.global().minFreeSpace(), clientLog);
        this.settings = new SessionSettings(limits, hostName, b.config.global().maxMessageSize(), b.clock, b.queue,
                freeSpace, clientLog, listener);
        this.watchdog = new ConnectionWatchdog("ssmtp-mailer-watchdog-" + port, limits, clientLog);
        SessionLimits sessions = new SessionLimits(settings, watchdog);
        SMTPServer.Builder smtpBuilder = SMTPServer.port(port)
                .bindAddress(bindAddress)
                .hostName(hostName)
                .softwareName("ssmtp-mailer")
                .maxMessageSize((int) Math.min(settings.maxMessageSize(), Integer.MAX_VALUE))
                .maxConnections(limits.maxConnections())
                .maxRecipients(limits.maxRecipients())
                .connectionTimeoutMs((int) Math.min(limits.idleTimeout().toMillis(), Integer.MAX_VALUE))
                .insertReceivedHeaders(false) // ours, with ESMTP/ESMTPS and without reverse DNS
                .fromAddressValidator(any -> true) // checked in InboundTransaction, with a reply naming the reason
                .sessionHandler(sessions)
                .executorService(new SessionThreads(limits.maxConnections(), sessions, listener))
                .serverThreadName("ssmtp-mailer-server-" + port)
                .messageHandlerFactory(ctx -> new InboundTransaction(this, ctx));
        if (certificate != null) {
            smtpBuilder.enableTLS().startTlsSocketFactory(certificate.socketCreator());
        }
        this.smtp = smtpBuilder.build();
        CommandHandler commands = smtp.getCommandHandler();
        commands.addCommand(new EhloCommand(s -> AuthCommand.offered(s, this))); // replaces SubEthaSMTP's: PIPELINING, AUTH
        commands.addCommand(new DataCommand()); // replaces SubEthaSMTP's: block reads
        // replaces SubEthaSMTP's, which refused a chunk without reading it (its bytes then ran as commands)
        commands.addCommand(new BdatCommand());
        commands.addCommand(new MailFromCommand()); // replaces SubEthaSMTP's: any SIZE, parameters checked
        commands.addCommand(new RcptToCommand()); // replaces SubEthaSMTP's: enhanced codes, no echo
        commands.addCommand(new StartTlsCommand()); // replaces SubEthaSMTP's: the TLS socket stays guarded
        // replaces SubEthaSMTP's: after STARTTLS, enhanced codes; failed logins counted across connections
        commands.addCommand(new AuthCommand(this, clientLog, new AuthFailures(limits, b.nanoTime), b.verifier));
        for (String verb : Set.copyOf(commands.getVerbs())) {
            commands.addCommand(new GuardedCommand(commands.getCommand(verb), clientLog, this));
        }
    }

    /**
     * @param config a validated configuration with one enabled local domain
     * @param queue where accepted messages go
     * @return a builder with the defaults described on each of its methods
     */
    public static Builder builder(RelayConfig config, InboundQueue queue) {
        return new Builder(config, queue);
    }

    /**
     * Builds a server with the defaults and starts it.
     *
     * @param config a validated configuration with one enabled local domain
     * @param queue where accepted messages go
     * @return the running server
     * @throws ServerException if there is no local domain, the address cannot be bound or the TLS files are bad
     */
    public static RelayServer start(RelayConfig config, InboundQueue queue) {
        return builder(config, queue).build().start();
    }

    /**
     * Binds the listening socket and starts accepting connections.
     *
     * @return this
     * @throws ServerException if the address cannot be bound
     * @throws IllegalStateException if already started
     */
    public synchronized RelayServer start() {
        if (started) {
            throw new IllegalStateException("the server was already started");
        }
        try {
            smtp.start();
        } catch (RuntimeException e) {
            throw new ServerException("cannot listen on " + bindAddress.getHostAddress() + ":" + smtp.getPort() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        started = true;
        watchdog.start();
        LOG.info("listening on {}:{} as {}{}", bindAddress.getHostAddress(), port(), settings.hostName(),
                certificate != null ? ", STARTTLS offered" : ", no STARTTLS (no server certificate in ssl_dir)");
        return this;
    }

    /** @return the port the server listens on (the one chosen when port 0 was configured) */
    public int port() {
        return smtp.getPortAllocated();
    }

    /** @return the address the server listens on */
    public InetAddress address() {
        return bindAddress;
    }

    /** @return whether the listening address was {@linkplain Builder#listen given in code} ({@code serve --listen}) */
    boolean listenGiven() {
        return listenGiven;
    }

    /** @return whether EHLO offers STARTTLS */
    public boolean offersStartTls() {
        return certificate != null;
    }

    /**
     * Reads the server certificate and key in {@code ssl_dir} again and, when they changed (a renewal), presents
     * the new ones from the next {@code STARTTLS} on; sessions already encrypted keep theirs. Files that cannot be
     * read leave the certificate in use (WARN). A server started without a certificate keeps not offering
     * STARTTLS until a restart (WARN when one appeared); one given {@linkplain Builder#sslContext in code} stays.
     *
     * @param sslDir {@code ssl_dir} of the configuration in force, or {@code null}
     * @return whether a new certificate is in use
     */
    public boolean reloadCertificate(Path sslDir) {
        if (certificate != null) {
            return certificate.reload(sslDir);
        }
        if (!ServerTls.fingerprint(sslDir).isEmpty()) {
            LOG.warn("ssl_dir {} holds a server certificate now: STARTTLS is offered after a restart", sslDir);
        }
        return false;
    }

    /**
     * Applies a new configuration's mappings, users, trusted networks and {@code user_from_mismatch} to the next
     * {@code RCPT TO}; the listening address, limits and the other keys {@link MailerService#reconfigure} names
     * stay as they were started (the certificate: {@link #reloadCertificate}). A server that follows a
     * {@linkplain Builder#policySource policy source} keeps following it: the source's owner reconfigures it.
     *
     * @param config the new, validated configuration
     */
    public void reconfigure(RelayConfig config) {
        Objects.requireNonNull(config, "config");
        if (policySource == null) {
            this.policy = RelayPolicy.create(config);
        }
        this.userFromPolicy = config.global().userFromPolicy();
    }

    /**
     * Stops taking new messages ({@code MAIL FROM} gets {@code 421 4.3.2}), waits for the messages being
     * received to be queued and acknowledged (up to the drain timeout), then closes the listening socket and every
     * connection.
     */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        synchronized (dataLock) {
            while (inData > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("closing with {} messages still being received; their clients get no 250 and will retry", inData);
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(dataLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        watchdog.dropAll("the server is closing");
        smtp.stop();
        watchdog.close();
    }

    boolean isClosing() {
        return closing;
    }

    RelayPolicy policy() {
        return policySource != null ? policySource.get() : policy;
    }

    /** @return the connections admitted and not yet ended */
    int openConnections() {
        return watchdog.size();
    }

    UserFromPolicy userFromPolicy() {
        return userFromPolicy;
    }

    /** @return what every session shares, fixed at build */
    SessionSettings settings() {
        return settings;
    }

    void dataStarted() {
        synchronized (dataLock) {
            inData++;
        }
    }

    void dataEnded() {
        synchronized (dataLock) {
            inData--;
            dataLock.notifyAll();
        }
    }

    /**
     * Where a server built from {@code config} without a listen override listens: what a client on this host
     * (such as {@code ssmtp-mailer sendmail}) connects to.
     *
     * @param config a validated configuration
     * @return the local domain's {@code listen_address}:{@code listen_port} (else its {@code smtp_server}:{@code
     *         smtp_port}), unresolved; empty when the configuration has no enabled local domain
     */
    public static Optional<InetSocketAddress> configuredAddress(RelayConfig config) {
        return ListenAddress.configured(config);
    }

    /** Builds a {@link RelayServer}; every setting not given comes from the configuration or the default shown. */
    public static final class Builder {
        private final RelayConfig config;
        private final InboundQueue queue;
        private Supplier<RelayPolicy> policySource;
        private InstantSource clock = InstantSource.system();
        private LongSupplier nanoTime = System::nanoTime;
        private SubmissionLogins.Verifier verifier = Passwords::matches;
        private SSLContext sslContext;
        private String listenAddress;
        private Integer listenPort;
        private ServerLimits.Builder limits;
        private Duration drainTimeout = Duration.ofSeconds(60);
        private final List<InboundListener> listeners = new ArrayList<>();

        private Builder(RelayConfig config, InboundQueue queue) {
            this.config = Objects.requireNonNull(config, "config");
            this.queue = Objects.requireNonNull(queue, "queue");
            this.limits = config.global().serverLimits().toBuilder();
        }

        /**
         * @param source the RCPT policy, asked at every {@code RCPT TO}: the server follows its owner (such as
         *        {@code RelayAssembly::policy}), so that one policy serves outbound and inbound mail, replaced
         *        parts included. Default a {@link RelayPolicy#create(RelayConfig)} of the server's own, which
         *        {@link RelayServer#reconfigure} replaces
         * @return this
         */
        public Builder policySource(Supplier<RelayPolicy> source) {
            this.policySource = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @param listener told of every session, accepted message and refusal ({@link InboundListener}); may be
         *        called several times, each listener is told in turn. Default none
         * @return this
         */
        public Builder listener(InboundListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Test hook: the time written in {@code Received:}; default the system clock. */
        Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Test hook: the clock of the failed logins counted across connections; default {@code System::nanoTime}. */
        Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /** Test hook: the password check of {@code AUTH}; default {@link Passwords#matches}. */
        Builder verifier(SubmissionLogins.Verifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /**
         * @param context the certificate and key for STARTTLS, instead of the files in {@code ssl_dir}
         * @return this
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Overrides the local domain's {@code listen_address} and {@code listen_port}.
         *
         * @param address host name or IP address to bind
         * @param port the port, 0 for a free one
         * @return this
         * @throws IllegalArgumentException if the port is outside 0-65535
         */
        public Builder listen(String address, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
            this.listenAddress = Objects.requireNonNull(address, "address");
            this.listenPort = port;
            return this;
        }

        /**
         * Replaces every limit at once.
         *
         * @param limits the connection, error, time and size limits; default the {@code server_*} keys of
         *        {@code [global]} ({@link dev.ssmtpmailer.config.GlobalSettings#serverLimits()})
         * @return this
         */
        public Builder limits(ServerLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits").toBuilder();
            return this;
        }

        /**
         * Changes some of the limits, as in {@code limits(l -> l.maxConnectionsPerClient(1))}; {@link #build()}
         * checks them all.
         *
         * @param change applied to the current limits (those of {@code [global]} unless replaced)
         * @return this
         */
        public Builder limits(UnaryOperator<ServerLimits.Builder> change) {
            this.limits = change.apply(limits);
            return this;
        }

        /**
         * @param timeout how long {@link RelayServer#close()} waits for messages being received; default 60 s
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = positive(timeout, "drain timeout");
            return this;
        }

        /**
         * @return the server, not yet listening: call {@link RelayServer#start()}
         * @throws IllegalArgumentException if the limits are inconsistent, naming each one ({@link ServerLimits#checked()})
         * @throws ServerException if there is no local domain, its address does not resolve, or the TLS files
         *         in {@code ssl_dir} are incomplete or unreadable
         */
        public RelayServer build() {
            return new RelayServer(this);
        }

        private static Duration positive(Duration v, String what) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + v);
            }
            return v;
        }
    }
}
