package dev.ssmtpmailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.TlsMode;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailPropertiesTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final SSLSocketFactory tls = new NoDelaySslSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault());
    private final GlobalSettings global = GlobalSettings.builder().defaultHostname("mailer.domain1.com")
            .connectionTimeout(Duration.ofSeconds(7)).readTimeout(Duration.ofSeconds(8)).writeTimeout(Duration.ofSeconds(9)).build();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Properties build(TlsMode tlsMode, AuthMethod auth) {
        DomainConfig account = DomainConfig.builder("domain1.com").smtpServer("smtp.gmail.com").smtpPort(587)
                .tls(tlsMode).authMethod(auth).username("u").password("p").build();
        return MailProperties.build(account, global, tls, timer);
    }

    @Test
    void build_starttls_requiredWithVerifiedIdentityTimeoutsAndNoDelayFactories() {
        Properties p = build(TlsMode.STARTTLS, AuthMethod.LOGIN);

        assertThat(p).containsAllEntriesOf(Map.of(
                "mail.smtp.starttls.enable", "true",
                "mail.smtp.starttls.required", "true",
                "mail.smtp.ssl.checkserveridentity", "true",
                "mail.smtp.localhost", "mailer.domain1.com",
                "mail.smtp.connectiontimeout", "7000",
                "mail.smtp.timeout", "8000",
                "mail.smtp.writetimeout", "9000",
                "mail.smtp.auth", "true",
                "mail.smtp.auth.mechanisms", "LOGIN",
                "mail.smtp.sendpartial", "true"));
        assertThat(p.get("mail.smtp.socketFactory")).isSameAs(NoDelaySocketFactory.INSTANCE);
        assertThat(p.get("mail.smtp.ssl.socketFactory")).isSameAs(tls);
        assertThat(p.get("mail.smtp.executor.writetimeout")).isSameAs(timer);
    }

    @Test
    void build_implicit_usesSmtpsPrefix() {
        Properties p = build(TlsMode.IMPLICIT, AuthMethod.PLAIN);

        assertThat(p.getProperty("mail.smtps.ssl.enable")).isEqualTo("true");
        assertThat(p.getProperty("mail.smtps.auth.mechanisms")).isEqualTo("PLAIN");
        assertThat(p.getProperty("mail.smtps.timeout")).isEqualTo("8000");
        assertThat(p.stringPropertyNames()).noneMatch(k -> k.startsWith("mail.smtp."));
    }

    @Test
    void build_noneAndNoAuth_plainWithoutAuth() {
        Properties p = build(TlsMode.NONE, AuthMethod.NONE);

        assertThat(p.getProperty("mail.smtp.starttls.enable")).isEqualTo("false");
        assertThat(p.getProperty("mail.smtp.auth")).isEqualTo("false");
        assertThat(p.getProperty("mail.smtp.auth.mechanisms")).isNull();
    }

    @Test
    void build_noTlsFactory_leavesSslSocketFactoryUnset() {
        DomainConfig account = DomainConfig.builder("sink").smtpServer("127.0.0.1").smtpPort(2526).tls(TlsMode.NONE)
                .authMethod(AuthMethod.NONE).build();

        Properties p = MailProperties.build(account, global, null, timer);

        assertThat(p).doesNotContainKey("mail.smtp.ssl.socketFactory");
        assertThat(p.get("mail.smtp.socketFactory")).isSameAs(NoDelaySocketFactory.INSTANCE);
    }

    @Test
    void build_xoauth2_enablesTheMechanism() {
        Properties p = build(TlsMode.STARTTLS, AuthMethod.XOAUTH2);

        assertThat(p.getProperty("mail.smtp.auth.mechanisms")).isEqualTo("XOAUTH2");
        assertThat(p.getProperty("mail.smtp.auth.xoauth2.disable")).isEqualTo("false");
    }
}
