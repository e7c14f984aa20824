package dev.ssmtpmailer.server;

import dev.ssmtpmailer.config.ServerLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Admits a new session or refuses it ({@code 421 4.7.0}) when its client already holds
 * {@link ServerLimits#maxConnectionsPerClient()} connections; puts an admitted session's socket under its
 * {@link ClientConnection}'s limits. (The total number of connections is SubEthaSMTP's own
 * {@code maxConnections}.)
 */
final class SessionLimits implements SessionHandler {
    private final ServerLimits limits;
    private final String hostName;
    private final ConnectionWatchdog watchdog;
    private final ClientLog log;
    private final ConcurrentMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

    SessionLimits(ServerLimits limits, String hostName, ConnectionWatchdog watchdog, ClientLog log) {
        this.limits = limits;
        this.hostName = hostName;
        this.watchdog = watchdog;
        this.log = log;
    }

    @Override
    public SessionAcceptance accept(Session session) {
        Socket raw = session.getSocket();
        ClientConnection connection = new ClientConnection(raw, limits, hostName, log);
        try {
            session.setSocket(new GuardedSocket(raw, connection));
        } catch (IOException e) {
            return SessionAcceptance.failure(421, "4.4.0 " + hostName + " Error: connection failed");
        }
        InetAddress client = session.getRemoteAddress().getAddress();
        boolean[] refused = {false};
        perClient.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limits.maxConnectionsPerClient()) {
                refused[0] = true;
                return n;
            }
            return now + 1;
        });
        if (refused[0]) {
            log.info("{}: connection refused, it already has {} (max_connections_per_client)",
                    client.getHostAddress(), limits.maxConnectionsPerClient());
            return SessionAcceptance.failure(421, "4.7.0 " + hostName + " Error: too many connections from "
                    + client.getHostAddress() + " (limit " + limits.maxConnectionsPerClient() + "), try again later");
        }
        watchdog.add(connection);
        return SessionAcceptance.success();
    }

    @Override
    public void onSessionEnd(Session session) {
        perClient.computeIfPresent(session.getRemoteAddress().getAddress(), (k, n) -> n <= 1 ? null : n - 1);
        ClientConnection connection = connection(session);
        if (connection != null) {
            watchdog.remove(connection);
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
