package dev.ssmtpmailer.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundListenerTest {
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    /** Writes each event it hears as one line. */
    private static final class Recording implements InboundListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void sessionOpened(InetAddress client) {
            events.add("opened " + client.getHostAddress());
        }

        @Override
        public void sessionClosed(InetAddress client) {
            events.add("closed " + client.getHostAddress());
        }

        @Override
        public void messageAccepted(InetAddress client) {
            events.add("accepted " + client.getHostAddress());
        }

        @Override
        public void refused(InetAddress client, InboundRefusal reason) {
            events.add("refused " + reason.tag());
        }
    }

    @Test
    void of_tellsEveryListenerInOrder_andSkipsOneThatThrows() {
        Recording first = new Recording();
        Recording last = new Recording();
        InboundListener failing = new InboundListener() {
            @Override
            public void refused(InetAddress client, InboundRefusal reason) {
                throw new IllegalStateException("broken listener");
            }
        };
        InboundListener all = InboundListener.of(List.of(first, failing, last));

        all.sessionOpened(CLIENT);
        all.refused(CLIENT, InboundRefusal.UNKNOWN_RECIPIENT);
        all.messageAccepted(CLIENT);
        all.sessionClosed(CLIENT);

        List<String> expected = List.of("opened 127.0.0.1", "refused unknown_recipient", "accepted 127.0.0.1", "closed 127.0.0.1");
        assertThat(first.events).isEqualTo(expected);
        assertThat(last.events).isEqualTo(expected);
    }
}
