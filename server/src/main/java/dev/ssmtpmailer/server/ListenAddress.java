package dev.ssmtpmailer.server;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/** Where the inbound server listens: the local domain's {@code listen_*} keys, else its {@code smtp_*} keys. */
final class ListenAddress {
    private ListenAddress() {
    }

    /** @see RelayServer#configuredAddress(RelayConfig) */
    static Optional<InetSocketAddress> configured(RelayConfig config) {
        if (config.localDomains().isEmpty()) {
            return Optional.empty();
        }
        DomainConfig local = localDomain(config);
        return Optional.of(InetSocketAddress.createUnresolved(host(local), port(local)));
    }

    static String host(DomainConfig local) {
        return local.listenAddress() != null ? local.listenAddress() : local.smtpServer();
    }

    static int port(DomainConfig local) {
        return local.listenPort() != null ? local.listenPort() : local.smtpPort();
    }

    /** @throws ServerException when no enabled local domain says where to listen */
    static DomainConfig localDomain(RelayConfig config) {
        List<DomainConfig> local = config.localDomains();
        if (local.isEmpty()) {
            throw new ServerException("no enabled local [domain:...] (named by default_hostname or a mapping's "
                    + "from_pattern, or inbound = true) says where the inbound server listens");
        }
        // The first one with listen settings decides; the policy accepts mail for all of them anyway.
        return local.stream().filter(d -> d.listenAddress() != null || d.listenPort() != null).findFirst()
                .orElse(local.get(0));
    }
}
