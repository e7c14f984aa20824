package dev.ssmtpmailer.inbound;

import dev.ssmtpmailer.internal.Listeners;
import java.net.InetAddress;
import java.util.List;

/**
 * Hears what the inbound server ({@code dev.ssmtpmailer.server.RelayServer}) does with its clients, for metrics
 * and audit: register one with the server's builder ({@code RelayServer.Builder#listener}). Every method has a
 * no-op default, so an implementation overrides only what it needs.
 *
 * <p>Methods are called on the session's thread (the watchdog's, for a connection it drops), as the event
 * happens: a refusal before the client hears the reply, except {@link InboundRefusal#CONNECTIONS_TOTAL}, which
 * SubEthaSMTP answers itself and the server sees when that session's thread ends. Keep them short and
 * non-blocking. An exception thrown by a listener is logged and otherwise ignored: it never changes what a
 * client hears.
 *
 * <p>A connection the server admits is one {@link #sessionOpened} and, however it ends, one
 * {@link #sessionClosed}. A connection refused at once ({@link InboundRefusal#CONNECTIONS_PER_CLIENT},
 * {@link InboundRefusal#CONNECTIONS_TOTAL}) is only a {@link #refused}.
 */
public interface InboundListener {

    /** A listener that does nothing. */
    InboundListener NONE = new InboundListener() { };

    /**
     * A connection was admitted: the client gets the banner.
     *
     * @param client the client's address
     */
    default void sessionOpened(InetAddress client) {
    }

    /**
     * An admitted connection ended, whoever ended it.
     *
     * @param client the client's address
     */
    default void sessionClosed(InetAddress client) {
    }

    /**
     * A message was stored in the queue and the client hears {@code 250}.
     *
     * @param client the client's address
     */
    default void messageAccepted(InetAddress client) {
    }

    /**
     * The server refused a connection, a sender, a recipient or a message, or ended a connection past a limit:
     * once per refusal.
     *
     * @param client the client's address
     * @param reason why
     */
    default void refused(InetAddress client, InboundRefusal reason) {
    }

    /**
     * @param listeners listeners to tell, in order
     * @return one listener that tells each of them; one that throws is logged at WARN and skipped, since a
     *         listener must never change what a client hears
     */
    static InboundListener of(List<InboundListener> listeners) {
        return Listeners.fanOut(InboundListener.class, listeners, "inbound listener");
    }
}
