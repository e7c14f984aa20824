package dev.ssmtpmailer.server;

import dev.ssmtpmailer.config.RelayConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts servers for a test, queueing into one {@link FakeQueue}, and closes them after it:
 * {@code @RegisterExtension final Servers servers = new Servers();}.
 */
final class Servers implements AfterEachCallback {
    /** Where the servers built {@link #on} a configuration queue what they accept. */
    final FakeQueue queue = new FakeQueue();
    private final List<RelayServer> started = new ArrayList<>();

    /** @return a builder for a server on {@code config}: on 127.0.0.1 at a free port, queueing into {@link #queue} */
    RelayServer.Builder on(RelayConfig config) {
        return RelayServer.builder(config, queue).listen("127.0.0.1", 0);
    }

    /** @return the built and started server, closed after the test */
    RelayServer start(RelayServer.Builder builder) {
        RelayServer s = builder.build().start();
        started.add(s);
        return s;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(RelayServer::close);
        started.clear();
    }
}
