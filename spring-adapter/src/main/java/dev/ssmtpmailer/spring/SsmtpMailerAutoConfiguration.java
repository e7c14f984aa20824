package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Start here: the relay and its parts as beans, each backing off when the application defines its own.
 *
 * <ul>
 *   <li>{@link RelayConfig}: from {@code ssmtp-mailer.config-dir} (an INI tree) or the inline
 *       {@code ssmtp-mailer.*} properties, with {@code ssmtp-mailer.queue.backend} applied to either, changed by
 *       every {@link RelayConfigCustomizer}, validated by core;
 *       an invalid configuration stops startup with a report naming the property or file and line.</li>
 *   <li>{@link MappingResolver}, {@link RelayPolicy}, {@link RateLimiter}, {@link SmtpRelayClient} (pooled; a
 *       {@link TokenProvider} bean, if any, supplies XOAUTH2 tokens).</li>
 *   <li>{@link RelayAssembly}, core's composition root, given the client and rate limiter beans, the application's
 *       own {@link MappingResolver} and {@link RelayPolicy} beans if it has them, and every {@link RelayListener}
 *       bean: the relay, the spool's workers and the inbound server all use these instances. Once it is built, the
 *       starter's default resolver and policy beans answer with the assembly's, which it makes from each
 *       configuration, so {@link Relay#reconfigure} replaces them. Closing the context closes it: accepted asynchronous deliveries are drained for up to
 *       {@code ssmtp-mailer.drain-timeout}, the spool stops, then the connections are closed.</li>
 *   <li>{@link Relay} on that assembly, and the assembly's {@link Spool} when it is enabled.</li>
 * </ul>
 *
 * <p>Optional parts have their own auto-configurations: the JavaMailSender bridge
 * ({@code dev.ssmtpmailer.spring.mail}), health ({@code dev.ssmtpmailer.spring.health}), metrics
 * ({@code dev.ssmtpmailer.spring.metrics}) and the shared PostgreSQL queue ({@code dev.ssmtpmailer.spring.postgres}).
 */
@AutoConfiguration
@EnableConfigurationProperties(SsmtpMailerProperties.class)
public final class SsmtpMailerAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SsmtpMailerAutoConfiguration.class);

    SsmtpMailerAutoConfiguration() {
    }

    /**
     * @param properties the bound properties
     * @param customizers applied in order to the builder before validation
     * @return the validated configuration
     * @throws SsmtpMailerConfigException if it is invalid, or if both {@code config-dir} and inline sections are set
     */
    @Bean
    @ConditionalOnMissingBean
    RelayConfig ssmtpMailerRelayConfig(SsmtpMailerProperties properties, ObjectProvider<RelayConfigCustomizer> customizers) {
        Path dir = properties.configDir();
        if (dir == null) {
            RelayConfig.Builder builder = RelayConfigTranslator.toBuilder(properties);
            QueueBackendProperty.apply(properties, builder);
            customizers.orderedStream().forEach(c -> c.customize(builder));
            return QueueBackendProperty.checkAvailable(properties, RelayConfigTranslator.build(properties, builder));
        }
        if (properties.hasInlineConfiguration()) {
            throw new SsmtpMailerConfigException(SsmtpMailerConfigException.Origin.PROPERTIES, null, List.of(
                    new SsmtpMailerConfigException.Problem(RelayConfigTranslator.PREFIX + ".config-dir",
                            "is set together with inline global, domains, users or mappings; use one of the two "
                                    + "(the INI tree, or the properties), or a RelayConfigCustomizer to add to the tree")), null);
        }
        try {
            RelayConfig loaded = IniConfig.load(dir);
            List<RelayConfigCustomizer> list = customizers.orderedStream().toList();
            if (list.isEmpty() && properties.queue().backend() == null) {
                return QueueBackendProperty.checkAvailable(properties, loaded);
            }
            RelayConfig.Builder builder = RelayConfig.builder(loaded);
            QueueBackendProperty.apply(properties, builder);
            list.forEach(c -> c.customize(builder));
            return QueueBackendProperty.checkAvailable(properties, builder.build());
        } catch (ConfigException e) {
            throw new SsmtpMailerConfigException(SsmtpMailerConfigException.Origin.INI_TREE, dir,
                    e.problems().stream().map(SsmtpMailerAutoConfiguration::iniProblem).toList(), e);
        }
    }

    private static SsmtpMailerConfigException.Problem iniProblem(ConfigProblem p) {
        String where = p.location().describe(p.key()).strip();
        if (where.endsWith(":")) {
            where = where.substring(0, where.length() - 1);
        }
        return new SsmtpMailerConfigException.Problem(where.isEmpty() ? "configuration" : where, p.message());
    }

    /**
     * @param config the startup configuration, for answers before (or without) the starter's assembly
     * @return the alias resolver in force: the starter's assembly's, made from each configuration it is given, once
     *         the assembly is built; until then, or when the application defines the assembly, that of {@code config}
     */
    @Bean
    @ConditionalOnMissingBean
    MappingResolver ssmtpMailerMappingResolver(RelayConfig config) {
        return new CurrentRouting.Mappings(config);
    }

    /**
     * @param config the startup configuration, for answers before (or without) the starter's assembly
     * @param mappings the resolver bean, looked up only for those answers
     * @return the relay policy in force (outbound senders, inbound {@code RCPT TO}): the starter's assembly's, made
     *         from each configuration on the application's {@link MappingResolver} bean if it has one, once the
     *         assembly is built; until then, or when the application defines the assembly,
     *         {@code RelayPolicy.create(config, mappings)}
     */
    @Bean
    @ConditionalOnMissingBean
    RelayPolicy ssmtpMailerRelayPolicy(RelayConfig config, ObjectProvider<MappingResolver> mappings) {
        return new CurrentRouting.Policy(config, mappings::getObject);
    }

    /**
     * @param config the configuration
     * @return the per-account rate limiter
     */
    @Bean
    @ConditionalOnMissingBean
    RateLimiter ssmtpMailerRateLimiter(RelayConfig config) {
        return RateLimiter.create(config);
    }

    /**
     * @param config the configuration
     * @param tokens an XOAUTH2 token source, if the application has one
     * @return the pooled SMTP client; closed with the context, after the assembly
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SmtpRelayClient ssmtpMailerSmtpRelayClient(RelayConfig config, ObjectProvider<TokenProvider> tokens) {
        return SmtpRelayClient.create(config.global(), tokens.getIfAvailable(TokenProvider::create));
    }

    /**
     * The composition root, given the beans above: none of its parts is made twice. The resolver and policy beans
     * are given only when they are the application's (kept across {@link RelayAssembly#reconfigure}); the starter's
     * own are bound to the assembly once it is built and then follow its resolver and policy, which it makes from
     * each configuration.
     *
     * @param config the configuration
     * @param client the SMTP client bean
     * @param rateLimiter the rate limiter bean
     * @param mappings the alias resolver bean
     * @param policy the relay policy bean
     * @param listeners every listener bean, in order: direct and spooled deliveries count in metrics and health
     * @param properties for the drain timeout
     * @param customizers every {@link RelayAssemblyCustomizer} bean, applied last, in order
     * @return the assembly; closed with the context (it leaves the beans it was given to their own destroy methods)
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RelayAssembly ssmtpMailerRelayAssembly(RelayConfig config, SmtpRelayClient client, RateLimiter rateLimiter,
                                           MappingResolver mappings, RelayPolicy policy,
                                           ObjectProvider<RelayListener> listeners, SsmtpMailerProperties properties,
                                           ObjectProvider<RelayAssemblyCustomizer> customizers) {
        RelayAssembly.Builder builder = RelayAssembly.builder(config).smtpClient(client).rateLimiter(rateLimiter)
                .drainTimeout(properties.drainTimeout());
        CurrentRouting<?> defaultMappings = CurrentRouting.viewOf(mappings);
        CurrentRouting<?> defaultPolicy = CurrentRouting.viewOf(policy);
        if (defaultMappings == null) {
            builder.mappingResolver(mappings);
        }
        if (defaultPolicy == null) {
            builder.policy(policy);
        }
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        RelayAssembly assembly = builder.build();
        if (defaultMappings != null) {
            defaultMappings.bind(assembly);
        }
        if (defaultPolicy != null) {
            defaultPolicy.bind(assembly);
        }
        return assembly;
    }

    /**
     * The assembly's durable spool at the global {@code spool_dir}, opened (and recovered) at startup when
     * {@code ssmtp-mailer.spool.enabled=true} or the inbound server is on; without it the assembly opens it on
     * the first {@code submit}. To change it (threads, directory), define the {@link RelayAssembly} bean.
     *
     * @param parts the assembly, which owns the spool and closes it (attempts in flight finish, the queue stays on disk)
     * @return the spool
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    @Conditional(SpoolCondition.class)
    Spool ssmtpMailerSpool(RelayAssembly parts) {
        return parts.spool();
    }

    /**
     * {@code ssmtp-mailer.server.enabled=true} without {@code ssmtp-mailer-server} on the class path: the spool is
     * opened for a server that cannot start. Startup goes on (the relay and the spool work), and one WARN says
     * what to add, so that the missing server is not found only when mail for the local domain is refused.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "ssmtp-mailer.server", name = "enabled", havingValue = "true")
    @ConditionalOnMissingClass("dev.ssmtpmailer.server.RelayServer")
    static class ServerModuleMissing {
        ServerModuleMissing() {
            LOG.warn("ssmtp-mailer.server.enabled=true, but ssmtp-mailer-server is not on the class path: the spool is "
                    + "open and no inbound SMTP server is started; add the dependency dev.ssmtpmailer:ssmtp-mailer-server "
                    + "(or set ssmtp-mailer.server.enabled=false)");
        }
    }

    /**
     * @param parts the assembly
     * @return the relay on it; closing it stops taking messages, the assembly bean then drains and closes the parts
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Relay ssmtpMailerRelay(RelayAssembly parts) {
        return Relay.create(parts);
    }
}
