package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.SectionKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Properties under {@code ssmtp-mailer}: either {@code config-dir} (an INI tree), or the same configuration
 * inline ({@code global}, {@code domains}, {@code users}, {@code mappings}) with the INI keys in kebab-case.
 * Domains, users and mappings are lists whose first key is the section's name, because names such as
 * {@code domain1.com} hold dots that a map key would need brackets for. Every value left unset takes core's
 * default; {@link RelayConfigTranslator} turns these into core's builder, which validates them.
 *
 * <p>The section records ({@link GlobalProperties}, {@link DomainProperties}, {@link UserProperties},
 * {@link MappingProperties}) are generated from core's {@link dev.ssmtpmailer.config.ConfigKeys}; the properties of
 * this class are the starter's own.
 */
@ConfigurationProperties(prefix = "ssmtp-mailer")
public class SsmtpMailerProperties {
    /** Directory of an INI tree (holding ssmtp-mailer.conf) to load; when set, the inline configuration must be empty. */
    private Path configDir;

    /** How long shutdown waits for accepted asynchronous deliveries to finish. */
    private Duration drainTimeout = Duration.ofSeconds(60);

    /**
     * Whether to probe every enabled upstream account (connect, TLS, AUTH; no mail is sent) at startup and fail
     * the startup when one is down, like spring.mail.test-connection.
     */
    private boolean testConnection;

    /** Global settings, the [global] section. */
    @NestedConfigurationProperty
    private GlobalProperties global = GlobalProperties.UNSET;

    /** Domains: upstream accounts and the local domain, the [domain:NAME] sections. */
    private List<DomainProperties> domains = new ArrayList<>();

    /** Users allowed to send or receive, the [user:ADDRESS] sections. */
    private List<UserProperties> users = new ArrayList<>();

    /** Aliases and their canonical addresses, the [mapping:NAME] sections. */
    private List<MappingProperties> mappings = new ArrayList<>();

    /** The inbound SMTP server. */
    private Server server = new Server();

    /** The JavaMailSender bridge. */
    private MailSender mailSender = new MailSender();

    /** The durable spool. */
    private Spool spool = new Spool();

    /** The per-account health check. */
    private Health health = new Health();

    /** Where the queue and the rate limits live. */
    private Queue queue = new Queue();

    /** @return the configDir property */
    public Path getConfigDir() {
        return configDir;
    }

    /** @param configDir the configDir property */
    public void setConfigDir(Path configDir) {
        this.configDir = configDir;
    }

    /** @return the drainTimeout property */
    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    /** @param drainTimeout the drainTimeout property */
    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    /** @return the testConnection property */
    public boolean isTestConnection() {
        return testConnection;
    }

    /** @param testConnection the testConnection property */
    public void setTestConnection(boolean testConnection) {
        this.testConnection = testConnection;
    }

    /** @return the global property */
    public GlobalProperties getGlobal() {
        return global;
    }

    /** @param global the global property */
    public void setGlobal(GlobalProperties global) {
        this.global = global == null ? GlobalProperties.UNSET : global;
    }

    /** @return the domains property */
    public List<DomainProperties> getDomains() {
        return domains;
    }

    /** @param domains the domains property */
    public void setDomains(List<DomainProperties> domains) {
        this.domains = domains;
    }

    /** @return the users property */
    public List<UserProperties> getUsers() {
        return users;
    }

    /** @param users the users property */
    public void setUsers(List<UserProperties> users) {
        this.users = users;
    }

    /** @return the mappings property */
    public List<MappingProperties> getMappings() {
        return mappings;
    }

    /** @param mappings the mappings property */
    public void setMappings(List<MappingProperties> mappings) {
        this.mappings = mappings;
    }

    /** @return the server property */
    public Server getServer() {
        return server;
    }

    /** @param server the server property */
    public void setServer(Server server) {
        this.server = server;
    }

    /** @return the mailSender property */
    public MailSender getMailSender() {
        return mailSender;
    }

    /** @param mailSender the mailSender property */
    public void setMailSender(MailSender mailSender) {
        this.mailSender = mailSender;
    }

    /** @return the spool property */
    public Spool getSpool() {
        return spool;
    }

    /** @param spool the spool property */
    public void setSpool(Spool spool) {
        this.spool = spool;
    }

    /** @return the health property */
    public Health getHealth() {
        return health;
    }

    /** @param health the health property */
    public void setHealth(Health health) {
        this.health = health;
    }

    /** @return the queue property */
    public Queue getQueue() {
        return queue;
    }

    /** @param queue the queue property */
    public void setQueue(Queue queue) {
        this.queue = queue;
    }

    /** @return whether any inline section or global setting is set */
    boolean hasInlineConfiguration() {
        return !domains.isEmpty() || !users.isEmpty() || !mappings.isEmpty()
                || !SectionRecords.toValues(global, SectionKind.GLOBAL, null).keys().isEmpty();
    }

    /** The inbound SMTP server (needs ssmtp-mailer-server on the class path). */
    public static class Server {
        /** Whether to start the inbound SMTP server for the local domain. */
        private boolean enabled;

        /** @return whether the server is started */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the server is started */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The durable spool at the global spool-dir. */
    public static class Spool {
        /** Whether to open the spool at startup (its workers deliver queued messages); the inbound server needs it. */
        private boolean enabled;

        /** @return whether the spool is opened at startup */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the spool is opened at startup */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The JavaMailSender bridge (needs spring-context-support on the class path). */
    public static class MailSender {
        /** Whether to expose a JavaMailSender that sends through the relay. */
        private boolean enabled;

        /** Whether the bridge queues messages in the spool (durable, retried) instead of sending them at once. */
        private boolean useSpool;

        /** @return whether the bridge queues in the spool */
        public boolean isUseSpool() {
            return useSpool;
        }

        /** @param useSpool whether the bridge queues in the spool */
        public void setUseSpool(boolean useSpool) {
            this.useSpool = useSpool;
        }

        /** @return whether the bridge is on */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the bridge is on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * Where the queue and the rate limits live. Applies to the inline configuration and to an INI tree alike; the
     * database keys stay under {@code ssmtp-mailer.global} ({@code database-schema}, {@code instance-id},
     * {@code queue-lease}, and {@code database-url} when the application has no {@code DataSource}).
     */
    public static class Queue {
        /**
         * Where the queue and the rate limits live: file (the spool-dir of this process, in-memory limits) or
         * postgres (a database every replica shares; needs ssmtp-mailer-postgres on the class path and uses the
         * application's DataSource when it has one). Unset: ssmtp-mailer.global.queue-backend, or the INI tree's
         * queue_backend, else file.
         */
        private String backend;

        /** @return the backend, or {@code null} when unset */
        public String getBackend() {
            return backend;
        }

        /** @param backend {@code file} or {@code postgres} */
        public void setBackend(String backend) {
            this.backend = backend;
        }
    }

    /** The per-account health check (needs Spring Boot's health support on the class path). */
    public static class Health {
        /** Whether to contribute a health indicator per upstream account. */
        private boolean enabled = true;

        /** How long one probe of an account may take before the account is reported down. */
        private Duration timeout = Duration.ofSeconds(10);

        /** How long a probe result, or the outcome of a real delivery, is reused before the account is probed again. */
        private Duration cacheTtl = Duration.ofMinutes(5);

        /** @return whether health indicators are contributed */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether health indicators are contributed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the probe time box */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the probe time box */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /** @return how long a result is reused */
        public Duration getCacheTtl() {
            return cacheTtl;
        }

        /** @param cacheTtl how long a result is reused */
        public void setCacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
        }
    }
}
