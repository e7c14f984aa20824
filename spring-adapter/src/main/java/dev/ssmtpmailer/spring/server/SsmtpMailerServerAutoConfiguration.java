package dev.ssmtpmailer.spring.server;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.inbound.InboundListener;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.server.RelayServer;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.Bean;

/**
 * The inbound SMTP server ({@code ssmtp-mailer.server.enabled=true}, {@code ssmtp-mailer-server} on the class
 * path): a {@link RelayServer} for the local domain (it listens where the local domain's
 * {@code listen-address}/{@code listen-port}, else {@code smtp-server}/{@code smtp-port}, say) that hands every
 * accepted message to the {@link Spool} bean, whose workers forward it through the upstream account, and tells the
 * {@link InboundListener} beans (such as the inbound meters) what it does with its clients.
 * {@link RelayServerLifecycle} starts it once the context has started and stops it first on shutdown.
 */
@AutoConfiguration(after = SsmtpMailerAutoConfiguration.class)
@ConditionalOnClass(name = "dev.ssmtpmailer.server.RelayServer")
@ConditionalOnProperty(prefix = "ssmtp-mailer.server", name = "enabled", havingValue = "true")
@ConditionalOnBean(Spool.class)
public final class SsmtpMailerServerAutoConfiguration {

    SsmtpMailerServerAutoConfiguration() {
    }

    /**
     * @param config the configuration; its local domain says where to listen
     * @param spool the spool that takes every accepted message
     * @param parts the assembly, whose relay policy (a {@code RelayPolicy} bean, if any) decides every {@code RCPT TO}
     * @param listeners the {@link InboundListener} beans (the inbound meters among them), told of every session,
     *        accepted message and refusal, in their order
     * @return the server, not yet listening; {@link RelayServerLifecycle} starts and closes it
     * @throws dev.ssmtpmailer.server.ServerException if there is no local domain or the TLS files are incomplete
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    RelayServer ssmtpMailerRelayServer(RelayConfig config, Spool spool, RelayAssembly parts,
                                       ObjectProvider<InboundListener> listeners) {
        RelayServer.Builder server = RelayServer.builder(config, spool).policySource(parts::policy);
        listeners.orderedStream().forEach(server::listener);
        return server.build();
    }

    /**
     * @param server the server
     * @param loggingSystems the application's logging system (Spring Boot's {@code springBootLoggingSystem} bean),
     *        which keeps SubEthaSMTP's loggers at INFO or above
     * @return the lifecycle that starts it with the context and stops it first on shutdown
     */
    @Bean
    @ConditionalOnMissingBean
    RelayServerLifecycle ssmtpMailerRelayServerLifecycle(RelayServer server, ObjectProvider<LoggingSystem> loggingSystems) {
        return new RelayServerLifecycle(server, loggingSystems);
    }
}
