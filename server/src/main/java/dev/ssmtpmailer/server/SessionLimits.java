package dev.ssmtpmailer.server;

import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.inbound.InboundListener;
import dev.ssmtpmailer.inbound.InboundRefusal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Admits a new session or refuses it ({@code 421 4.7.0}) when its client already holds
 * {@link ServerLimits#maxConnectionsPerClient()} connections; puts an admitted session's socket under its
 * {@link ClientConnection}'s limits. (The total number of connections is SubEthaSMTP's own
 * {@code maxConnections}: above it SubEthaSMTP answers {@code 421} without asking this handler, which
 * {@link SessionThreads} tells by {@link #forget}.) Reports each admitted session's opening and end, and each
 * refusal, to the server's {@link InboundListener}.
 */
final class SessionLimits implements SessionHandler {
    private final SessionSettings settings;
    private final ConnectionWatchdog watchdog;
    private final ConcurrentMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
    /** Sessions this handler was asked about whose thread has not finished yet. */
    private final Set<Session> asked = ConcurrentHashMap.newKeySet();

    SessionLimits(SessionSettings settings, ConnectionWatchdog watchdog) {
        this.settings = settings;
        this.watchdog = watchdog;
    }

    @Override
    public SessionAcceptance accept(Session session) {
        asked.add(session);
        Socket raw = session.getSocket();
        ClientConnection connection = new ClientConnection(raw, settings);
        try {
            session.setSocket(new GuardedSocket(raw, connection));
        } catch (IOException e) {
            return SessionAcceptance.failure(421, "4.4.0 " + settings.hostName() + " Error: connection failed");
        }
        InetAddress client = session.getRemoteAddress().getAddress();
        int max = settings.limits().maxConnectionsPerClient();
        boolean[] refused = {false};
        perClient.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                refused[0] = true;
                return n;
            }
            return now + 1;
        });
        if (refused[0]) {
            connection.refused(InboundRefusal.CONNECTIONS_PER_CLIENT);
            settings.log().info("{}: connection refused, it already has {} (max_connections_per_client)",
                    client.getHostAddress(), max);
            return SessionAcceptance.failure(421, "4.7.0 " + settings.hostName() + " Error: too many connections from "
                    + client.getHostAddress() + " (limit " + max + "), try again later");
        }
        watchdog.add(connection);
        connection.opened();
        return SessionAcceptance.success();
    }

    @Override
    public void onSessionEnd(Session session) {
        perClient.computeIfPresent(session.getRemoteAddress().getAddress(), (k, n) -> n <= 1 ? null : n - 1);
        ClientConnection connection = connection(session);
        if (connection != null) {
            watchdog.remove(connection);
            connection.closed();
        }
    }

    /**
     * Called when a session's thread has finished.
     *
     * @param session the session
     * @return whether {@link #accept} was asked about it: SubEthaSMTP refuses a connection above its
     *         {@code maxConnections} before asking
     */
    boolean forget(Session session) {
        return asked.remove(session);
    }

    /**
     * Reports a refusal of the session's client to the server's listener.
     *
     * @param context a session
     * @param reason why
     */
    static void refused(MessageContext context, InboundRefusal reason) {
        ClientConnection connection = connection(context);
        if (connection != null) {
            connection.refused(reason);
        }
    }

    /**
     * @param context a session
     * @return the limits of the session's connection, or {@code null} if it was never admitted
     */
    static ClientConnection connection(MessageContext context) {
        return context instanceof Session s && s.getSocket() instanceof GuardedSocket g ? g.connection() : null;
    }
}
