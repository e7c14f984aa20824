package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * {@code ssmtp-mailer.test-connection=true}, the relay's {@code spring.mail.test-connection}: at startup, once
 * every singleton exists, each enabled upstream account is probed (connect, TLS, AUTH; no mail is sent) and
 * the application fails to start when one is down, naming the account, the phase and the server's reply.
 * An account whose client cannot probe is logged and let through.
 */
@AutoConfiguration(after = SsmtpMailerAutoConfiguration.class)
@ConditionalOnProperty(prefix = "ssmtp-mailer", name = "test-connection", havingValue = "true")
@ConditionalOnBean({RelayConfig.class, SmtpRelayClient.class})
public final class SsmtpMailerConnectionTestAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SsmtpMailerConnectionTestAutoConfiguration.class);

    SsmtpMailerConnectionTestAutoConfiguration() {
    }

    /**
     * @param config the configuration whose upstream accounts are probed
     * @param client the client that probes them
     * @return the check, run after the singletons are created
     */
    @Bean
    SmartInitializingSingleton ssmtpMailerConnectionTest(RelayConfig config, SmtpRelayClient client) {
        return () -> testConnections(config, client);
    }

    /**
     * @param config the configuration whose upstream accounts are probed
     * @param client the client that probes them
     * @throws IllegalStateException naming every account that is down
     */
    static void testConnections(RelayConfig config, SmtpRelayClient client) {
        List<String> down = new ArrayList<>();
        List<DomainConfig> accounts = config.upstreamAccounts();
        for (DomainConfig account : accounts) {
            ProbeResult r = client.probe(account);
            switch (r.status()) {
                case UP -> LOG.info("ssmtp-mailer.test-connection: {} is up: {}", account.displayName(), r.detail());
                case UNKNOWN -> LOG.warn("ssmtp-mailer.test-connection: {} not tested: {}", account.displayName(), r.detail());
                case DOWN -> down.add(account.displayName() + (r.phase() == SmtpPhase.OTHER ? "" : " at " + r.phase())
                        + ": " + r.detail());
            }
        }
        if (!down.isEmpty()) {
            throw new IllegalStateException("ssmtp-mailer.test-connection: " + down.size() + " of " + accounts.size()
                    + " upstream accounts failed; " + String.join("; ", down));
        }
    }
}
