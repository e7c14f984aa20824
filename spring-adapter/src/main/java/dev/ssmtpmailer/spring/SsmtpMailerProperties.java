package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.SectionKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Properties under {@code ssmtp-mailer}: either {@code config-dir} (an INI tree), or the same configuration
 * inline ({@code global}, {@code domains}, {@code users}, {@code mappings}) with the INI keys in kebab-case.
 * Domains, users and mappings are lists whose first key is the section's name, because names such as
 * {@code domain1.com} hold dots that a map key would need brackets for. Every value left unset takes core's
 * default; {@link RelayConfigTranslator} turns these into core's builder, which validates them.
 *
 * <p>The section records ({@link GlobalProperties}, {@link DomainProperties}, {@link UserProperties},
 * {@link MappingProperties}) are generated from core's {@link dev.ssmtpmailer.config.ConfigKeys}; the properties of
 * this record are the starter's own. Spring binds them through the constructor, as it binds the section records.
 *
 * @param configDir Directory of an INI tree (holding ssmtp-mailer.conf) to load; when set, the inline
 *        configuration must be empty.
 * @param drainTimeout How long shutdown waits for accepted asynchronous deliveries to finish; must be positive.
 * @param testConnection Whether to probe every enabled upstream account (connect, TLS, AUTH; no mail is sent) at
 *        startup and fail the startup when one is down, like spring.mail.test-connection.
 * @param global Global settings, the [global] section.
 * @param domains Domains: upstream accounts and the local domain, the [domain:NAME] sections.
 * @param users Users allowed to send or receive, the [user:ADDRESS] sections.
 * @param mappings Aliases and their canonical addresses, the [mapping:NAME] sections.
 * @param server The inbound SMTP server.
 * @param mailSender The JavaMailSender bridge.
 * @param spool The durable spool.
 * @param health The per-account health check.
 * @param queue Where the queue and the rate limits live.
 */
@ConfigurationProperties(prefix = "ssmtp-mailer")
public record SsmtpMailerProperties(
        Path configDir,
        @DefaultValue("60s") Duration drainTimeout,
        boolean testConnection,
        @NestedConfigurationProperty GlobalProperties global,
        List<DomainProperties> domains,
        List<UserProperties> users,
        List<MappingProperties> mappings,
        @DefaultValue Server server,
        @DefaultValue MailSender mailSender,
        @DefaultValue Spool spool,
        @DefaultValue Health health,
        @DefaultValue Queue queue) {

    /**
     * Copies the lists; an unset section or list is empty.
     *
     * @throws SsmtpMailerConfigException if {@code drain-timeout} is not positive
     */
    public SsmtpMailerProperties {
        requirePositive(drainTimeout, "drain-timeout");
        global = global == null ? GlobalProperties.UNSET : global;
        domains = domains == null ? List.of() : List.copyOf(domains);
        users = users == null ? List.of() : List.copyOf(users);
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
    }

    /**
     * Checks one of the starter's own durations (core checks its keys), so that a bad value is reported like every
     * other configuration error: with its property, in the startup failure analysis.
     *
     * @param value the bound value; {@code null} (not bound, no default) is left to the code that uses it
     * @param property its property below {@code ssmtp-mailer.}
     * @throws SsmtpMailerConfigException if it is zero or negative
     */
    static void requirePositive(Duration value, String property) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new SsmtpMailerConfigException(SsmtpMailerConfigException.Origin.PROPERTIES, null, List.of(
                    new SsmtpMailerConfigException.Problem(RelayConfigTranslator.PREFIX + "." + property,
                            "must be positive (such as 30s), was " + value)), null);
        }
    }

    /** @return whether any inline section or global setting is set */
    boolean hasInlineConfiguration() {
        return !domains.isEmpty() || !users.isEmpty() || !mappings.isEmpty()
                || !SectionRecords.toValues(global, SectionKind.GLOBAL, null).keys().isEmpty();
    }

    /**
     * The inbound SMTP server (needs ssmtp-mailer-server on the class path).
     *
     * @param enabled Whether to start the inbound SMTP server for the local domain.
     */
    public record Server(boolean enabled) {
    }

    /**
     * The durable spool at the global spool-dir.
     *
     * @param enabled Whether to open the spool at startup (its workers deliver queued messages); the inbound server
     *        needs it.
     */
    public record Spool(boolean enabled) {
    }

    /**
     * The JavaMailSender bridge (needs spring-context-support on the class path).
     *
     * @param enabled Whether to expose a JavaMailSender that sends through the relay.
     * @param useSpool Whether the bridge queues messages in the spool (durable, retried) instead of sending them at
     *        once.
     */
    public record MailSender(boolean enabled, boolean useSpool) {
    }

    /**
     * Where the queue and the rate limits live. Applies to the inline configuration and to an INI tree alike; the
     * database keys stay under {@code ssmtp-mailer.global} ({@code database-schema}, {@code instance-id},
     * {@code queue-lease}, and {@code database-url} when the application has no {@code DataSource}).
     *
     * @param backend Where the queue and the rate limits live: file (the spool-dir of this process, in-memory
     *        limits) or postgres (a database every replica shares; needs ssmtp-mailer-postgres on the class path and
     *        uses the application's DataSource when it has one). Unset:
     *        ssmtp-mailer.global.queue-backend, or the INI tree's queue_backend, else file.
     */
    public record Queue(String backend) {
    }

    /**
     * The per-account health check (needs Spring Boot's health support on the class path).
     *
     * @param enabled Whether to contribute a health indicator per upstream account.
     * @param timeout How long one probe of an account may take before the account is reported down; must be positive.
     * @param cacheTtl How long a probe result, or the outcome of a real delivery, is reused before the account is
     *        probed again; must be positive.
     */
    public record Health(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration timeout,
                         @DefaultValue("5m") Duration cacheTtl) {
        /** @throws SsmtpMailerConfigException if {@code timeout} or {@code cache-ttl} is not positive */
        public Health {
            requirePositive(timeout, "health.timeout");
            requirePositive(cacheTtl, "health.cache-ttl");
        }
    }
}
