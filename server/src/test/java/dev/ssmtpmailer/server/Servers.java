package dev.ssmtpmailer.server;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts servers for a test and closes them after it: {@code @RegisterExtension final Servers servers = new Servers();}. */
final class Servers implements AfterEachCallback {
    private final List<RelayServer> started = new ArrayList<>();

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
