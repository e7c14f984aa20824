package dev.ssmtpmailer.spring.mail;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import dev.ssmtpmailer.spring.SsmtpMailerProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.mail.MailSender;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The opt-in JavaMailSender bridge ({@code ssmtp-mailer.mail-sender.enabled=true}, spring-context-support on
 * the class path): a {@link RelayJavaMailSender} bean. It runs before Spring Boot's own mail
 * auto-configuration (Boot 3 and 4 package names), which then backs off; an application's own
 * {@link MailSender} bean wins over both.
 */
@AutoConfiguration(after = SsmtpMailerAutoConfiguration.class,
        beforeName = {"org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration",
                "org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration"})
@ConditionalOnClass(name = {"org.springframework.mail.javamail.JavaMailSender", "jakarta.mail.internet.MimeMessage"})
@ConditionalOnProperty(prefix = "ssmtp-mailer.mail-sender", name = "enabled", havingValue = "true")
@ConditionalOnBean(Relay.class)
public final class SsmtpMailerMailSenderAutoConfiguration {

    SsmtpMailerMailSenderAutoConfiguration() {
    }

    /**
     * @param relay the relay
     * @param properties whether to queue in the spool
     * @return a JavaMailSender that sends through it
     */
    @Bean
    @ConditionalOnMissingBean(MailSender.class)
    JavaMailSender ssmtpMailerJavaMailSender(Relay relay, SsmtpMailerProperties properties) {
        return new RelayJavaMailSender(relay, properties.getMailSender().isUseSpool());
    }
}
