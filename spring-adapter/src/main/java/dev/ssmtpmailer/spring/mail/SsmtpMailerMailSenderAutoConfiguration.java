package dev.ssmtpmailer.spring.mail;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import dev.ssmtpmailer.spring.SsmtpMailerProperties;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailSender;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The opt-in JavaMailSender bridge ({@code ssmtp-mailer.mail-sender.enabled=true}, spring-context-support on
 * the class path): a {@link RelayJavaMailSender} bean. It runs before Spring Boot's own mail
 * auto-configuration (Boot 3 and 4 package names), which then backs off; an application's own
 * {@link MailSender} bean wins over both. {@code spring.mail.*} properties do not apply to it: when any is set,
 * one WARN line names them.
 */
@AutoConfiguration(after = SsmtpMailerAutoConfiguration.class,
        beforeName = {"org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration",
                "org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration"})
@ConditionalOnClass(name = {"org.springframework.mail.javamail.JavaMailSender", "jakarta.mail.internet.MimeMessage"})
@ConditionalOnProperty(prefix = "ssmtp-mailer.mail-sender", name = "enabled", havingValue = "true")
@ConditionalOnBean(Relay.class)
public final class SsmtpMailerMailSenderAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SsmtpMailerMailSenderAutoConfiguration.class);

    SsmtpMailerMailSenderAutoConfiguration() {
    }

    /**
     * @param relay the relay
     * @param properties whether to queue in the spool
     * @param environment where to look for {@code spring.mail.*} properties that no longer apply
     * @return a JavaMailSender that sends through it
     */
    @Bean
    @ConditionalOnMissingBean(MailSender.class)
    JavaMailSender ssmtpMailerJavaMailSender(Relay relay, SsmtpMailerProperties properties, Environment environment) {
        List<String> ignored = springMailProperties(environment);
        if (!ignored.isEmpty()) {
            LOG.warn("ssmtp-mailer.mail-sender.enabled=true: the JavaMailSender sends through the relay, so these "
                    + "Spring Boot mail properties are ignored: {} (configure the upstream under ssmtp-mailer.*; "
                    + "spring.mail.test-connection is ssmtp-mailer.test-connection)", String.join(", ", ignored));
        }
        return new RelayJavaMailSender(relay, properties.mailSender().useSpool());
    }

    /**
     * Spring Boot's mail starter reads {@code spring.mail.*}; the bridge reads none of it, and an application
     * that moves to the bridge usually still has them set.
     *
     * @param environment the application's environment
     * @return every {@code spring.mail.*} property set in it, in canonical form, sorted
     */
    static List<String> springMailProperties(Environment environment) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return List.of();
        }
        ConfigurationPropertyName springMail = ConfigurationPropertyName.of("spring.mail");
        Set<String> names = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(springMail::isAncestorOf).map(ConfigurationPropertyName::toString)
                        .forEach(names::add);
            }
        }
        return List.copyOf(names);
    }
}
