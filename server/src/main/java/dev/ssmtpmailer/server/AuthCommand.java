package dev.ssmtpmailer.server;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.inbound.InboundRefusal;
import dev.ssmtpmailer.policy.SubmissionLogins;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * {@code AUTH PLAIN} and {@code AUTH LOGIN} (RFC 4954, 4616) for submission, replacing SubEthaSMTP's (whose
 * replies carry no enhanced status codes). Offered only on a TLS session and only when a {@code [user:...]} has
 * a {@code password_hash}: on a plaintext session the password would cross the network in the clear, so it is
 * refused with {@code 538 5.7.11} before the client sends it.
 *
 * <p>Success is {@code 235 2.7.0} and binds the session to the user ({@link #user(MessageContext)}); a wrong name
 * or password is {@code 535 5.7.8}, which counts toward the error limits like every error reply (at the hard
 * limit the client gets {@code 421} and is disconnected), and one INFO line naming the client and the user name
 * given, never the password or the client's base64 text.
 *
 * <p>Across connections, a client address that failed {@code server_auth_failure_limit} logins within
 * {@code server_auth_failure_window} ({@link AuthFailures}) gets {@code 450 4.7.1} at once, before any challenge
 * and without a password check, as Postfix answers past {@code smtpd_client_auth_rate_limit}; the session goes on
 * (the reply is an error like the others). The check is reserved only once the password has come, so a client
 * slow at the challenges holds no place; if other connections reached the limit meanwhile, it gets the same
 * {@code 450} after its password, still without a check. The failure that reaches the limit is logged once, rate-limited.
 *
 * <p>The refusals are reported to the server's listeners ({@link InboundRefusal#TLS_REQUIRED},
 * {@link InboundRefusal#AUTH_FAILED}, {@link InboundRefusal#AUTH_FAILURE_LIMIT}).
 */
final class AuthCommand extends BaseCommand {
    private static final String USERNAME_CHALLENGE = "334 VXNlcm5hbWU6"; // "Username:"
    private static final String PASSWORD_CHALLENGE = "334 UGFzc3dvcmQ6"; // "Password:"

    private final RelayServer server;
    private final ClientLog log;
    private final AuthFailures failures;
    private final SubmissionLogins.Verifier verifier;

    /**
     * @param failures the failed logins of each client address, over all its connections
     * @param verifier the password check ({@link Passwords#matches}; a test's own, to count the checks)
     */
    AuthCommand(RelayServer server, ClientLog log, AuthFailures failures, SubmissionLogins.Verifier verifier) {
        super("AUTH", "Logs in (after STARTTLS).", "PLAIN|LOGIN [initial-response]");
        this.server = server;
        this.log = log;
        this.failures = failures;
        this.verifier = verifier;
    }

    /**
     * @param context a session
     * @return the address of the user the session logged in as, or {@code null} if it did not
     */
    static EmailAddress user(MessageContext context) {
        // no Optional chain of method references: each MAIL FROM asks, also while the JIT has not compiled it
        Optional<AuthenticationHandler> handler = context.getAuthenticationHandler();
        Object identity = handler.isPresent() ? handler.get().getIdentity() : null;
        return identity instanceof EmailAddress a ? a : null;
    }

    /**
     * @param sess a session
     * @return whether its EHLO offers AUTH: TLS is on and some user may log in
     */
    static boolean offered(Session sess, RelayServer server) {
        return sess.isTLSStarted() && !server.policy().logins().isEmpty();
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException {
        SubmissionLogins logins = server.policy().logins();
        String[] args = commandString.strip().split(" +");
        if (logins.isEmpty()) {
            sess.sendResponse("502 5.5.1 Error: authentication not enabled");
        } else if (!sess.isTLSStarted()) {
            SessionLimits.refused(sess, InboundRefusal.TLS_REQUIRED);
            sess.sendResponse("538 5.7.11 Encryption required for requested authentication mechanism");
        } else if (sess.isAuthenticated()) {
            sess.sendResponse("503 5.5.1 Error: already authenticated");
        } else if (sess.isMailTransactionInProgress()) {
            sess.sendResponse("503 5.5.1 Error: MAIL transaction in progress");
        } else if (args.length < 2 || args.length > 3) {
            sess.sendResponse("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
        } else {
            String mechanism = args[1].toUpperCase(Locale.ROOT);
            String initial = args.length == 3 ? args[2] : null;
            InetAddress client = sess.getRemoteAddress().getAddress();
            if (failures.refused(client)) {
                refuseOverLimit(sess, client);
                return;
            }
            try {
                switch (mechanism) {
                    case "PLAIN" -> check(sess, logins, mechanism, plain(sess, initial));
                    case "LOGIN" -> check(sess, logins, mechanism, login(sess, initial));
                    default -> sess.sendResponse("504 5.5.4 Unsupported authentication mechanism");
                }
            } catch (Refused e) {
                sess.sendResponse(e.reply);
            }
        }
    }

    /** {@code 450 4.7.1}: the client's address failed the limit of logins in the window, no password is checked. */
    private static void refuseOverLimit(Session sess, InetAddress client) throws IOException {
        RelayServer.LOG.debug("{}: AUTH refused, too many failed logins", client.getHostAddress());
        SessionLimits.refused(sess, InboundRefusal.AUTH_FAILURE_LIMIT);
        sess.sendResponse("450 4.7.1 Error: too many failed logins from " + client.getHostAddress()
                + ", try again later");
    }

    /**
     * Checks the password, reserving the check only now: a client slow at the challenges holds no place, and
     * other connections may have reached the limit meanwhile (then {@code 450}, still without a check).
     */
    private void check(Session sess, SubmissionLogins logins, String mechanism, Credentials c) throws IOException {
        InetAddress address = sess.getRemoteAddress().getAddress();
        Optional<EmailAddress> user;
        boolean reachedLimit;
        try (AuthFailures.Attempt attempt = failures.begin(address)) {
            if (attempt == null) {
                refuseOverLimit(sess, address);
                return;
            }
            user = logins.authenticate(c.name(), c.password(), verifier);
            reachedLimit = user.isEmpty() && attempt.failed();
        } finally {
            Arrays.fill(c.password(), (byte) 0);
        }
        String client = address.getHostAddress();
        if (user.isEmpty()) {
            log.info("{}: AUTH {} failed for user {}", client, mechanism, SmtpAddresses.echo(c.name()));
            if (reachedLimit) {
                log.info("{}: {} failed logins within {}; AUTH refused until the oldest is older than that "
                        + "(server_auth_failure_limit)", client, failures.limit(),
                        ConfigKeys.SERVER_AUTH_FAILURE_WINDOW.type().format(failures.window()));
            }
            SessionLimits.refused(sess, InboundRefusal.AUTH_FAILED);
            sess.sendResponse("535 5.7.8 Error: authentication failed");
            return;
        }
        sess.setAuthenticationHandler(new LoggedIn(user.get()));
        RelayServer.LOG.info("{}: AUTH {} logged in as {}", client, mechanism, user.get());
        sess.sendResponse("235 2.7.0 Authentication successful");
    }

    /** RFC 4616: authorization identity, NUL, user name, NUL, password; an authorization identity must be the user. */
    private static Credentials plain(Session sess, String initial) throws IOException, Refused {
        byte[] message = initial != null ? decode(initial) : response(sess, "334 ");
        try {
            int first = indexOfNul(message, 0);
            int second = first < 0 ? -1 : indexOfNul(message, first + 1);
            if (second < 0) {
                throw new Refused("501 5.5.2 Invalid PLAIN response");
            }
            String authorization = new String(message, 0, first, StandardCharsets.UTF_8);
            String name = new String(message, first + 1, second - first - 1, StandardCharsets.UTF_8);
            if (!authorization.isEmpty() && !authorization.equalsIgnoreCase(name)) {
                return new Credentials(name, new byte[0]); // acting as another user is not supported: a failed login
            }
            return new Credentials(name, Arrays.copyOfRange(message, second + 1, message.length));
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }

    /** The LOGIN draft: the user name (maybe in the command), then the password, each in answer to a challenge. */
    private static Credentials login(Session sess, String initial) throws IOException, Refused {
        byte[] name = initial != null ? decode(initial) : response(sess, USERNAME_CHALLENGE);
        return new Credentials(new String(name, StandardCharsets.UTF_8), response(sess, PASSWORD_CHALLENGE));
    }

    /** Sends a challenge and reads the client's answer: base64, or {@code *} to cancel (RFC 4954). */
    private static byte[] response(Session sess, String challenge) throws IOException, Refused {
        sess.sendResponse(challenge);
        String line = sess.getReader().readLine();
        if (line == null) {
            throw new IOException("the client closed the connection during AUTH");
        }
        if (line.strip().equals("*")) {
            throw new Refused("501 5.7.0 Authentication aborted");
        }
        return decode(line.strip());
    }

    /** Base64; {@code =} is the empty response (RFC 4954 section 4). */
    private static byte[] decode(String base64) throws Refused {
        if (base64.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new Refused("501 5.5.2 Cannot decode response");
        }
    }

    private static int indexOfNul(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A user name and a password given by the client. */
    private record Credentials(String name, byte[] password) {
    }

    /** The exchange ends without a login attempt; {@code reply} says why. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reply;

        Refused(String reply) {
            super(reply, null, false, false);
            this.reply = reply;
        }
    }

    /** What SubEthaSMTP keeps of a successful login ({@link MessageContext#getAuthenticationHandler()}): the user. */
    private record LoggedIn(EmailAddress user) implements AuthenticationHandler {
        @Override
        public Optional<String> auth(String clientInput, MessageContext context) {
            throw new IllegalStateException("the exchange is over: the session is logged in");
        }

        @Override
        public Object getIdentity() {
            return user;
        }
    }
}
