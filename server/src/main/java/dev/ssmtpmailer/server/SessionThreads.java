package dev.ssmtpmailer.server;

import dev.ssmtpmailer.inbound.InboundListener;
import dev.ssmtpmailer.inbound.InboundRefusal;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.subethamail.smtp.server.Session;

/**
 * The threads of the server's sessions: one per connection (SubEthaSMTP's model), bounded by the connection
 * limit, named for thread dumps.
 *
 * <p>It is also where a connection over {@code server_max_connections} is seen: SubEthaSMTP answers it
 * {@code 421} itself, before it asks {@link SessionLimits}; so a session whose thread ends without the handler
 * having been asked about it was that refusal, reported as {@link InboundRefusal#CONNECTIONS_TOTAL}.
 */
final class SessionThreads extends ThreadPoolExecutor {
    private final SessionLimits sessions;
    private final InboundListener listener;

    /**
     * @param maxConnections {@code server_max_connections}
     * @param sessions the handler that admits sessions
     * @param listener told of the connections refused over the limit
     */
    SessionThreads(int maxConnections, SessionLimits sessions, InboundListener listener) {
        // SubEthaSMTP answers 421 itself above maxConnections; the extra threads let it say so.
        super(0, maxConnections + 16, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), named());
        this.sessions = sessions;
        this.listener = listener;
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        super.afterExecute(task, failure);
        if (task instanceof Session s && !sessions.forget(s)) {
            listener.refused(s.getRemoteAddress().getAddress(), InboundRefusal.CONNECTIONS_TOTAL);
        }
    }

    private static ThreadFactory named() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "ssmtp-mailer-session-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
