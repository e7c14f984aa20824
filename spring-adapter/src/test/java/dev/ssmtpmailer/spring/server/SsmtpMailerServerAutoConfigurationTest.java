package dev.ssmtpmailer.spring.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.inbound.InboundRefusal;
import dev.ssmtpmailer.metrics.InboundMetrics;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.server.RelayServer;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import dev.ssmtpmailer.spring.Stderr;
import dev.ssmtpmailer.spring.TestProperties;
import dev.ssmtpmailer.spring.metrics.SsmtpMailerMetricsAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SsmtpMailerServerAutoConfigurationTest {
    @TempDir
    Path dir;

    private final FakeSmtpClient upstream = new FakeSmtpClient();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class,
                        SsmtpMailerServerAutoConfiguration.class))
                .withBean(FakeSmtpClient.class, () -> upstream)
                .withPropertyValues(TestProperties.guide())
                .withPropertyValues("ssmtp-mailer.domains[1].listen-address=127.0.0.1", "ssmtp-mailer.domains[1].listen-port=0",
                        "ssmtp-mailer.global.spool-dir=" + dir.resolve("spool"));
    }

    /** A customer's question to the sales alias, for the server listening on {@code port}. */
    private static MimeMessage questionToSales(int port) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        MimeMessage m = new MimeMessage(Session.getInstance(props));
        m.setFrom(new InternetAddress("customer@example.com"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("contact-sales@mailer.domain1.com"));
        m.setSubject("Question");
        m.setText("How much?");
        return m;
    }

    @Test
    void serverOffByDefault_noServerAndNoSpool() {
        runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RelayServer.class)
                .doesNotHaveBean(Spool.class));
    }

    @Test
    void serverEnabled_mailForAnAliasIsSpooledAndForwardedToTheCanonicalAddress() throws Exception {
        runner().withPropertyValues("ssmtp-mailer.server.enabled=true").run(context -> {
            RelayServer server = context.getBean(RelayServer.class);
            assertThat(context.getBean(RelayServerLifecycle.class).isRunning()).isTrue();

            Transport.send(questionToSales(server.port()));

            // Bounded wait for the spool's worker, not a timing assertion.
            Await.until("the upstream got the message", () -> !upstream.sent().isEmpty());
            assertThat(upstream.sent()).singleElement().satisfies(s -> {
                assertThat(s.account().accountName()).isEqualTo(TestProperties.ACCOUNT);
                assertThat(s.envelope().recipients()).extracting(r -> r.address()).containsExactly("contact-sales@domain1.com");
                assertThat(s.body()).contains("Subject: Question");
            });
        });
    }

    @Test
    void serverEnabledWithMetrics_inboundMetersCountItsMessagesAndRefusals() {
        runner().withConfiguration(AutoConfigurations.of(SsmtpMailerMetricsAutoConfiguration.class))
                .withPropertyValues("ssmtp-mailer.server.enabled=true").run(context -> {
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(InboundMetrics.class).bindTo(registry);
                    int port = context.getBean(RelayServer.class).port();
                    MimeMessage unknown = questionToSales(port);
                    unknown.setRecipient(Message.RecipientType.TO, new InternetAddress("nobody@mailer.domain1.com"));

                    Transport.send(questionToSales(port));
                    assertThatThrownBy(() -> Transport.send(unknown)).hasStackTraceContaining("550");

                    assertThat(registry.get(InboundMetrics.MESSAGES).counter().count()).isEqualTo(1);
                    assertThat(registry.get(InboundMetrics.REFUSALS).tag("reason", InboundRefusal.UNKNOWN_RECIPIENT.tag())
                            .counter().count()).isEqualTo(1);
                    assertThat(registry.get(InboundMetrics.REFUSALS).tag("reason", InboundRefusal.RELAY_DENIED.tag())
                            .counter().count()).isZero();
                });
    }

    /** The application's own policy, on the configuration's users and domains but without any alias. */
    @Configuration(proxyBeanMethods = false)
    static class PolicyKnowingNoAlias {
        @Bean
        RelayPolicy ownPolicy(RelayConfig config) {
            return RelayPolicy.create(config, alias -> Optional.empty());
        }
    }

    @Test
    void relayPolicyBean_decidesEveryRcptOfTheServer() {
        runner().withPropertyValues("ssmtp-mailer.server.enabled=true")
                .withUserConfiguration(PolicyKnowingNoAlias.class)
                .run(context -> {
                    MimeMessage m = questionToSales(context.getBean(RelayServer.class).port());

                    // the configuration maps contact-sales, the application's policy knows no alias: it decides
                    assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(MessagingException.class)
                            .hasStackTraceContaining("550");
                    assertThat(upstream.sent()).isEmpty();
                });
    }

    /** The relay with its server, for a whole Spring Boot start (its logging system reads {@code logging.level.*}). */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({SsmtpMailerAutoConfiguration.class, SsmtpMailerServerAutoConfiguration.class})
    static class RelayWithServer {
        @Bean
        FakeSmtpClient upstream() {
            return new FakeSmtpClient();
        }
    }

    @Test
    void serverStarted_subethamailLoggersBelowInfo_areRaisedToInfo() {
        // at DEBUG SubEthaSMTP logs each client command line, AUTH PLAIN credentials included
        List<String> properties = new ArrayList<>(List.of(TestProperties.guide()));
        properties.addAll(List.of("ssmtp-mailer.server.enabled=true", "ssmtp-mailer.domains[1].listen-address=127.0.0.1",
                "ssmtp-mailer.domains[1].listen-port=0", "ssmtp-mailer.global.spool-dir=" + dir.resolve("spool"),
                "logging.level.org.subethamail=DEBUG", "logging.level.org.subethamail.smtp.server.Session=TRACE"));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RelayWithServer.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).properties(properties.toArray(String[]::new)).run()) {
            LoggingSystem logging = context.getBean(LoggingSystem.class);

            assertThat(context.getBean(RelayServerLifecycle.class).isRunning()).isTrue();
            assertThat(logging.getLoggerConfiguration("org.subethamail").getEffectiveLevel()).isEqualTo(LogLevel.INFO);
            assertThat(logging.getLoggerConfiguration("org.subethamail.smtp.server.Session").getEffectiveLevel())
                    .isEqualTo(LogLevel.INFO);
        }
    }

    @Test
    void serverStarted_theApplicationsLoggingSystemBean_isTheOneThatRaisesTheLevel() {
        ScriptedLoggingSystem logging = new ScriptedLoggingSystem(null);
        runner().withPropertyValues("ssmtp-mailer.server.enabled=true").withBean(LoggingSystem.class, () -> logging)
                .run(context -> {
                    assertThat(context.getBean(RelayServerLifecycle.class).isRunning()).isTrue();
                    assertThat(logging.set).containsExactly(Map.entry("org.subethamail", LogLevel.INFO));
                });
    }

    @Test
    void serverStarted_aLoggingSystemThatThrows_getsAWarnAndTheServerStarts() {
        // Logback on a class path with another SLF4J binding throws IllegalStateException; the start went with it
        ScriptedLoggingSystem logging = new ScriptedLoggingSystem(new IllegalStateException("LoggerFactory is not a Logback LoggerContext"));
        runner().withPropertyValues("ssmtp-mailer.server.enabled=true").withBean(LoggingSystem.class, () -> logging)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RelayServerLifecycle.class).isRunning()).isTrue();
                    assertThat(logging.set).isEmpty();
                });
        assertThat(SubEthaLogLevel.clamp(() -> {
            throw new IllegalStateException("no logging system");
        })).isEmpty();
    }

    /** An application's own logging system: org.subethamail at DEBUG, or every read failing with {@code failure}. */
    private static final class ScriptedLoggingSystem extends LoggingSystem {
        final Map<String, LogLevel> set = new ConcurrentHashMap<>();
        private final RuntimeException failure;

        ScriptedLoggingSystem(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void beforeInitialize() {
        }

        @Override
        public LoggerConfiguration getLoggerConfiguration(String name) {
            if (failure != null) {
                throw failure;
            }
            return new LoggerConfiguration(name, null, name.equals("org.subethamail") ? LogLevel.DEBUG : LogLevel.INFO);
        }

        @Override
        public List<LoggerConfiguration> getLoggerConfigurations() {
            return List.of(getLoggerConfiguration("org.subethamail"));
        }

        @Override
        public void setLogLevel(String name, LogLevel level) {
            set.put(name, level);
        }
    }

    /** The sales alias writing to a customer: outbound mail, which a client may submit only if trusted or logged in. */
    private static MimeMessage replyToCustomer(int port) throws MessagingException {
        MimeMessage m = questionToSales(port);
        m.setFrom(new InternetAddress("contact-sales@mailer.domain1.com"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.com"));
        return m;
    }

    @Test
    void trustedNetworksUnset_aLoopbackClientSubmitsWithoutAuth() {
        runner().withPropertyValues("ssmtp-mailer.server.enabled=true").run(context -> {
            Transport.send(replyToCustomer(context.getBean(RelayServer.class).port()));

            // Bounded wait for the spool's worker, not a timing assertion.
            Await.until("the upstream got the message", () -> !upstream.sent().isEmpty());
        });
    }

    @Test
    void trustedNetworksBoundEmpty_aLoopbackClientMustAuthenticate() {
        runner().withPropertyValues("ssmtp-mailer.server.enabled=true", "ssmtp-mailer.global.trusted-networks=")
                .run(context -> {
                    MimeMessage m = replyToCustomer(context.getBean(RelayServer.class).port());

                    assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(MessagingException.class)
                            .hasStackTraceContaining("554 5.7.1").hasStackTraceContaining("Relay access denied");
                    assertThat(upstream.sent()).isEmpty();
                });
    }

    @Test
    void withoutTheServerModule_spoolButNoServerAndNoFailure_oneWarningSaysWhatToAdd() {
        String log = Stderr.of(() -> runner().withPropertyValues("ssmtp-mailer.server.enabled=true")
                .withClassLoader(new FilteredClassLoader("dev.ssmtpmailer.server"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Spool.class)
                        .doesNotHaveBean(RelayServerLifecycle.class)));

        assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("ssmtp-mailer.server.enabled=true")))
                .singleElement().asString().contains("no inbound SMTP server").contains("ssmtp-mailer-server");
    }

    @Test
    void withTheServerModule_noWarningAboutIt() {
        String log = Stderr.of(() -> runner().withPropertyValues("ssmtp-mailer.server.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(RelayServerLifecycle.class)));

        assertThat(log).doesNotContain("no inbound SMTP server");
    }
}
