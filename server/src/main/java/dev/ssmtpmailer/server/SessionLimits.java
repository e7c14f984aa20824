package dev.ssmtpmailer.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Per-client caps: concurrent connections from one address, and messages in one connection. (The total
 * number of connections is SubEthaSMTP's own {@code maxConnections}.)
 */
final class SessionLimits implements SessionHandler {
    private final int maxPerClient;
    private final int maxMessagesPerSession;
    private final ConcurrentMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> messages = new ConcurrentHashMap<>();

    /**
     * @param maxPerClient concurrent connections from one address
     * @param maxMessagesPerSession messages in one connection, 0 = no limit
     */
    SessionLimits(int maxPerClient, int maxMessagesPerSession) {
        this.maxPerClient = maxPerClient;
        this.maxMessagesPerSession = maxMessagesPerSession;
    }

    @Override
    public SessionAcceptance accept(Session session) {
        InetAddress client = session.getRemoteAddress().getAddress();
        boolean[] refused = {false};
        perClient.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerClient) {
                refused[0] = true;
                return n;
            }
            return now + 1;
        });
        if (refused[0]) {
            return SessionAcceptance.failure(421, "4.7.0 Too many connections from " + client.getHostAddress()
                    + ", try again later");
        }
        return SessionAcceptance.success();
    }

    @Override
    public void onSessionEnd(Session session) {
        perClient.computeIfPresent(session.getRemoteAddress().getAddress(), (k, n) -> n <= 1 ? null : n - 1);
        messages.remove(session.getSessionId());
    }

    /**
     * Counts one more {@code MAIL FROM} in a session.
     *
     * @param sessionId the session
     * @return whether the session may start another message
     */
    boolean startMessage(String sessionId) {
        int started = messages.computeIfAbsent(sessionId, k -> new AtomicInteger()).incrementAndGet();
        return maxMessagesPerSession == 0 || started <= maxMessagesPerSession;
    }

    /**
     * @param sessionId the session
     * @return the number of messages started in it so far (for the Received id)
     */
    int messagesStarted(String sessionId) {
        AtomicInteger n = messages.get(sessionId);
        return n == null ? 0 : n.get();
    }
}
