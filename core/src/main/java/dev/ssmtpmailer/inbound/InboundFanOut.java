package dev.ssmtpmailer.inbound;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link InboundListener#of}: tells every listener, and never lets one of them fail a session. */
final class InboundFanOut implements InboundListener {
    private static final Logger log = LoggerFactory.getLogger(InboundFanOut.class);

    private final List<InboundListener> listeners;

    InboundFanOut(List<InboundListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void sessionOpened(InetAddress client) {
        each(l -> l.sessionOpened(client));
    }

    @Override
    public void sessionClosed(InetAddress client) {
        each(l -> l.sessionClosed(client));
    }

    @Override
    public void messageAccepted(InetAddress client) {
        each(l -> l.messageAccepted(client));
    }

    @Override
    public void refused(InetAddress client, InboundRefusal reason) {
        each(l -> l.refused(client, reason));
    }

    private void each(Consumer<InboundListener> event) {
        for (InboundListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("inbound listener {} failed: {}", l.getClass().getName(), e.toString());
            }
        }
    }
}
