package dev.ssmtpmailer.server;

import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.testing.TestConfigs;
import java.util.List;
import java.util.function.UnaryOperator;

/** The guide's relay as the server tests see it: aliases on mailer.domain1.com, a wildcard on mailer.domain2.com. */
final class TestServers {
    static final String ACCOUNT = "mail-relay@domain1.com";
    /** The sales alias of {@link #config}, mapped to contact-sales@domain1.com. */
    static final String SALES = "contact-sales@mailer.domain1.com";

    private TestServers() {
    }

    /** Loopback is NOT trusted here, so foreign recipients get 554. */
    static RelayConfig config(UnaryOperator<GlobalSettings.Builder> global) {
        return TestConfigs.guide("sales", "general")
                .global(g -> global.apply(g.defaultHostname("mailer.domain1.com")
                        .trustedNetworks(List.of(Cidr.parse("192.0.2.0/24")))))
                .mapping(TestConfigs.mapping("wild", "*@mailer.domain2.com", "*@domain2.com", ACCOUNT))
                .build();
    }

    static RelayConfig config() {
        return config(g -> g);
    }

    /** Loopback trusted: a client on 127.0.0.1 may submit outbound mail under the sender rules. */
    static RelayConfig trustingLoopback() {
        return config(g -> g.trustedNetworks(List.of(Cidr.parse("127.0.0.0/8"))));
    }
}
