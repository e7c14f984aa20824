package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.DeliveryException;
import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.DeliveryReport;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.policy.PolicyException;
import dev.ssmtpmailer.policy.PolicyRule;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.ratelimit.RateLimitStore;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import dev.ssmtpmailer.testing.NoTokenProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

class SsmtpMailerAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class));

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    static class FakeClient {
        @Bean
        FakeSmtpClient fakeSmtpClient() {
            return new FakeSmtpClient();
        }
    }

    private static RelayMessage fromAlias() {
        return RelayMessage.builder().from("contact-sales@mailer.domain1.com").to("test@example.com")
                .subject("Test Email").text("This is a test email from the relay system").build();
    }

    @Test
    void inlineProperties_becomeTheValidatedConfiguration() {
        runner.withPropertyValues(TestProperties.guide()).withPropertyValues(
                "ssmtp-mailer.global.rate-limit-per-minute=7", "ssmtp-mailer.global.connection-timeout=5s",
                "ssmtp-mailer.global.trusted-networks=10.0.0.0/8",
                "ssmtp-mailer.users[0].address=contact-sales@mailer.domain1.com",
                "ssmtp-mailer.users[0].can-send-from=true",
                "ssmtp-mailer.users[0].allowed-domains=example.com").run(context -> {
                    assertThat(context).hasNotFailed();
                    RelayConfig config = context.getBean(RelayConfig.class);
                    assertThat(config.global().defaultHostname()).isEqualTo("mailer.domain1.com");
                    assertThat(config.global().rateLimitPerMinute()).isEqualTo(7);
                    assertThat(config.global().connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(config.global().trustedNetworks()).hasSize(1);
                    DomainConfig gmail = config.domain("domain1.com").orElseThrow();
                    assertThat(gmail.tls()).isEqualTo(TlsMode.STARTTLS);
                    assertThat(gmail.authMethod()).isEqualTo(AuthMethod.LOGIN);
                    assertThat(gmail.password().reveal()).isEqualTo("app-password");
                    assertThat(config.domain("mailer.domain1.com").orElseThrow().tls()).isEqualTo(TlsMode.NONE);
                    assertThat(config.upstreamAccounts()).extracting(DomainConfig::name).containsExactly("domain1.com");
                    assertThat(config.users().get(0).allowedDomains()).containsExactly("example.com");
                    assertThat(config.mappings()).extracting(MappingConfig::name).containsExactly("contact-sales");
                    assertThat(context).hasSingleBean(Relay.class).hasSingleBean(MappingResolver.class)
                            .hasSingleBean(RateLimiter.class).hasSingleBean(SmtpRelayClient.class);
                    assertThat(context.getBean(MappingResolver.class)
                            .resolve(EmailAddress.parse("contact-sales@mailer.domain1.com"))).isPresent();
                });
    }

    @Test
    void trustedNetworksUnset_keepsCoresLoopbackDefault() {
        runner.withPropertyValues(TestProperties.guide()).run(context ->
                assertThat(context.getBean(RelayConfig.class).global().trustedNetworks()).extracting(Object::toString)
                        .containsExactly("127.0.0.0/8", "0:0:0:0:0:0:0:1/128"));
    }

    @Test
    void trustedNetworksBoundEmpty_trustsNoAddress() {
        // "trusted-networks=" in a .properties file, and "trusted-networks: []" in YAML, which Spring flattens to ""
        runner.withPropertyValues(TestProperties.guide()).withPropertyValues("ssmtp-mailer.global.trusted-networks=")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RelayConfig.class).global().trustedNetworks()).isEmpty();
                });
    }

    @Test
    void trustedNetworksEmptyInYaml_trustsNoAddress() throws IOException {
        var yaml = new YamlPropertySourceLoader().load("application.yml", new ByteArrayResource(
                "ssmtp-mailer:\n  global:\n    trusted-networks: []\n".getBytes(StandardCharsets.UTF_8))).get(0);
        runner.withPropertyValues(TestProperties.guide())
                .withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(yaml))
                .run(context -> assertThat(context.getBean(RelayConfig.class).global().trustedNetworks()).isEmpty());
    }

    @Test
    void relay_sendsAsTheCanonicalAddressThroughTheClientBean() {
        runner.withUserConfiguration(FakeClient.class).withPropertyValues(TestProperties.guide()).run(context -> {
            DeliveryReport report = context.getBean(Relay.class).send(fromAlias());
            FakeSmtpClient client = context.getBean(FakeSmtpClient.class);
            assertThat(report.account()).isEqualTo(AccountId.of(TestProperties.ACCOUNT));
            assertThat(client.sent()).singleElement().satisfies(s -> {
                assertThat(s.envelope().sender().address()).isEqualTo("contact-sales@domain1.com");
                assertThat(s.body()).contains("From: contact-sales@domain1.com");
            });
        });
    }

    /** The configuration in force with the account's password rotated and a new alias, contact-jobs. */
    private static RelayConfig rotatedWithNewAlias(RelayConfig old) {
        RelayConfig.Builder b = RelayConfig.builder().global(old.global());
        old.domains().forEach(d -> b.domain(d.name().equals("domain1.com") ? d.toBuilder().password("rotated").build() : d));
        old.users().forEach(b::user);
        old.mappings().forEach(b::mapping);
        return b.mapping(MappingConfig.of("contact-jobs", "contact-jobs@mailer.domain1.com", "jobs@domain1.com",
                TestProperties.ACCOUNT)).build();
    }

    @Test
    void reconfigure_newAliasAndRotatedPasswordTakeEffect() {
        runner.withUserConfiguration(FakeClient.class).withPropertyValues(TestProperties.guide()).run(context -> {
            Relay relay = context.getBean(Relay.class);
            relay.reconfigure(rotatedWithNewAlias(relay.config()));

            DeliveryReport report = relay.send(RelayMessage.builder().from("contact-jobs@mailer.domain1.com")
                    .to("test@example.com").text("x").build());
            assertThat(report.envelopeSender().address()).isEqualTo("jobs@domain1.com");
            relay.send(fromAlias());
            assertThat(context.getBean(FakeSmtpClient.class).sent()).hasSize(2)
                    .allSatisfy(s -> assertThat(s.account().password().reveal()).isEqualTo("rotated"));
            assertThat(context.getBean(MappingResolver.class).resolve(EmailAddress.parse("contact-jobs@mailer.domain1.com")))
                    .isPresent();
            assertThat(context.getBean(RelayPolicy.class).checkOutbound(EmailAddress.parse("contact-jobs@mailer.domain1.com"),
                    List.of(EmailAddress.parse("test@example.com"))).allowed()).isTrue();
        });
    }

    @Test
    void configDir_loadsTheIniTree() throws IOException {
        writeTree(dir, "smtp_port = 2525");
        runner.withPropertyValues("ssmtp-mailer.config-dir=" + dir).run(context -> {
            assertThat(context).hasNotFailed();
            RelayConfig config = context.getBean(RelayConfig.class);
            assertThat(config.domain("domain1.com").orElseThrow().smtpPort()).isEqualTo(2525);
            assertThat(config.mappings()).extracting(MappingConfig::name).containsExactly("contact-sales");
        });
    }

    static void writeTree(Path dir, String extraDomainLine) throws IOException {
        Files.writeString(dir.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\n");
        Files.createDirectories(dir.resolve("domains"));
        Files.createDirectories(dir.resolve("users"));
        Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(dir.resolve("domains/domain1.com.conf"), """
                [domain:domain1.com]
                smtp_server = smtp.gmail.com
                relay_account = mail-relay@domain1.com
                username = mail-relay@domain1.com
                password = app-password
                """ + extraDomainLine + "\n");
        // owner-only, as an operator installs a file holding a password (the loader warns otherwise)
        Files.setPosixFilePermissions(dir.resolve("domains/domain1.com.conf"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("mappings/relay-mappings.conf"), """
                [mapping:contact-sales]
                from_pattern = contact-sales@mailer.domain1.com
                to_pattern = contact-sales@domain1.com
                smtp_account = mail-relay@domain1.com
                """);
    }

    @Test
    void configDir_invalidTree_failsNamingTheFileAndLine() throws IOException {
        writeTree(dir, "smtp_port = 0");
        runner.withPropertyValues("ssmtp-mailer.config-dir=" + dir).run(context -> {
            assertThat(context).hasFailed();
            assertThat(TestProperties.configFailure(context.getStartupFailure())).satisfies(c -> {
                        assertThat(c.origin()).isEqualTo(SsmtpMailerConfigException.Origin.INI_TREE);
                        assertThat(c.problems()).singleElement().satisfies(p -> {
                            assertThat(p.where()).contains("domain1.com.conf:6").contains("smtp_port");
                            assertThat(p.message()).contains("between 1 and 65535");
                        });
                    });
        });
    }

    @Test
    void configDirAndInlineSections_failsNamingConfigDir() throws IOException {
        writeTree(dir, "");
        runner.withPropertyValues(TestProperties.guide()).withPropertyValues("ssmtp-mailer.config-dir=" + dir).run(context ->
                assertThat(TestProperties.configFailure(context.getStartupFailure())).hasMessageContaining("ssmtp-mailer.config-dir: is set together with inline"));
    }

    @Test
    void configDirAndTrustedNetworksSetEmpty_failsAsInlineConfiguration() throws IOException {
        // Set empty, the list is a value (trust no address), not unset: it would be lost beside the tree, so refused
        writeTree(dir, "");
        runner.withPropertyValues("ssmtp-mailer.config-dir=" + dir, "ssmtp-mailer.global.trusted-networks=").run(context ->
                assertThat(TestProperties.configFailure(context.getStartupFailure()))
                        .hasMessageContaining("ssmtp-mailer.config-dir: is set together with inline"));
        runner.withPropertyValues("ssmtp-mailer.config-dir=" + dir)
                .withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("SSMTPMAILER_GLOBAL_TRUSTEDNETWORKS", ""))))
                .run(context -> assertThat(TestProperties.configFailure(context.getStartupFailure()))
                        .hasMessageContaining("ssmtp-mailer.config-dir: is set together with inline"));
    }

    @Test
    void invalidProperty_failsNamingThePropertyAndTheFix() {
        runner.withPropertyValues(TestProperties.guide()).withPropertyValues("ssmtp-mailer.domains[0].smtp-port=0",
                "ssmtp-mailer.mappings[0].smtp-account=nobody@domain1.com").run(context -> {
                    assertThat(context).hasFailed();
                    SsmtpMailerConfigException e = TestProperties.configFailure(context.getStartupFailure());
                    assertThat(e.problems()).extracting(SsmtpMailerConfigException.Problem::where).containsExactly(
                            "ssmtp-mailer.domains[0].smtp-port", "ssmtp-mailer.mappings[0].smtp-account");
                    assertThat(e.problems().get(1).message()).contains("matches no enabled");
                });
    }

    @Test
    void serverDurationOutOfRange_failsNamingThePropertyAndTheRange() {
        runner.withPropertyValues(TestProperties.guide()).withPropertyValues("ssmtp-mailer.global.server-idle-timeout=-999999999999d",
                "ssmtp-mailer.global.server-max-session-time=999999999999d").run(context -> {
                    SsmtpMailerConfigException e = TestProperties.configFailure(context.getStartupFailure());
                    assertThat(e.problems()).extracting(p -> p.where() + ": " + p.message()).containsExactly(
                            "ssmtp-mailer.global.server-idle-timeout: must be a positive duration and at most 1h, was -999999999999d",
                            "ssmtp-mailer.global.server-max-session-time: must be at most 1d, was 999999999999d");
                });
    }

    @Test
    void bothTlsFlags_failsNamingUseSsl() {
        runner.withPropertyValues(TestProperties.guide()).withPropertyValues("ssmtp-mailer.domains[0].use-ssl=true",
                "ssmtp-mailer.domains[0].use-starttls=true").run(context ->
                assertThat(TestProperties.configFailure(context.getStartupFailure()))
                        .hasMessageContaining("ssmtp-mailer.domains[0].use-ssl: use-ssl = true and use-starttls = true"));
    }

    @Test
    void customizer_changesTheConfigurationBeforeValidation() {
        runner.withPropertyValues(TestProperties.guide())
                .withBean("second", RelayConfigCustomizer.class, () -> b -> b.mapping(MappingConfig.of("contact-legal",
                        "contact-legal@mailer.domain1.com", "contact-legal@domain1.com", TestProperties.ACCOUNT)))
                .run(context -> assertThat(context.getBean(RelayConfig.class).mappings()).extracting(MappingConfig::name)
                        .containsExactly("contact-sales", "contact-legal"));
    }

    @Test
    void customizer_appliesToTheIniTreeToo() throws IOException {
        writeTree(dir, "");
        runner.withPropertyValues("ssmtp-mailer.config-dir=" + dir)
                .withBean(RelayConfigCustomizer.class, () -> b -> b.global(g -> g.rateLimitPerMinute(3)))
                .run(context -> assertThat(context.getBean(RelayConfig.class).global().rateLimitPerMinute()).isEqualTo(3));
    }

    @Test
    void customizer_producingAnInvalidConfiguration_failsAtStartup() {
        runner.withPropertyValues(TestProperties.guide())
                .withBean(RelayConfigCustomizer.class, () -> b -> b.global(g -> g.maxConnections(0)))
                .run(context -> assertThat(TestProperties.configFailure(context.getStartupFailure()))
                        .hasMessageContaining("ssmtp-mailer.global.max-connections"));
    }

    @Test
    void customizerAddingAnInvalidDomain_failureNamesItsSection() {
        runner.withPropertyValues(TestProperties.guide())
                .withBean(RelayConfigCustomizer.class, () -> b -> b.domain(DomainConfig.builder("domain2.com")
                        .relayAccount("mail-relay@domain2.com").username("mail-relay@domain2.com").password("pw").build()))
                .run(context -> assertThat(TestProperties.configFailure(context.getStartupFailure()).problems())
                        .extracting(SsmtpMailerConfigException.Problem::where)
                        .containsExactly("[domain:domain2.com] (from a RelayConfigCustomizer) smtp_server"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final RelayConfig CONFIG = RelayConfig.builder()
                .domain(DomainConfig.builder("own.example").smtpServer("smtp.own.example").relayAccount("own@own.example")
                        .username("own@own.example").password("pw").build())
                .build();

        @Bean
        RelayConfig ownConfig() {
            return CONFIG;
        }

        @Bean
        MappingResolver ownResolver() {
            return MappingResolver.create(CONFIG);
        }

        @Bean
        RateLimiter ownLimiter() {
            return RateLimiter.create(CONFIG);
        }

        @Bean
        FakeSmtpClient ownClient() {
            return new FakeSmtpClient();
        }
    }

    @Test
    void userBeans_autoConfigurationBacksOff() {
        runner.withUserConfiguration(OwnBeans.class).withPropertyValues(TestProperties.guide()).run(context -> {
            assertThat(context).hasSingleBean(RelayConfig.class).hasSingleBean(MappingResolver.class)
                    .hasSingleBean(RateLimiter.class).hasSingleBean(SmtpRelayClient.class);
            assertThat(context.getBean(RelayConfig.class)).isSameAs(OwnBeans.CONFIG);
            assertThat(context.getBean(Relay.class).config()).isSameAs(OwnBeans.CONFIG);
            assertThat(context.getBean(Relay.class).rateLimiter()).isSameAs(context.getBean("ownLimiter"));
        });
    }

    @Test
    void userRelay_autoConfigurationBacksOff() {
        runner.withUserConfiguration(FakeClient.class).withPropertyValues(TestProperties.guide())
                .withBean("ownRelay", Relay.class, () -> RelayAssembly.builder(OwnBeans.CONFIG).smtpClient(new FakeSmtpClient()).relay())
                .run(context -> assertThat(context.getBean(Relay.class).config()).isSameAs(OwnBeans.CONFIG));
    }

    @Test
    void listenerBeans_hearTheRelay() {
        List<String> heard = new CopyOnWriteArrayList<>();
        runner.withUserConfiguration(FakeClient.class).withPropertyValues(TestProperties.guide())
                .withBean(RelayListener.class, () -> new RelayListener() {
                    @Override
                    public void delivered(AccountId account, Duration latency) {
                        heard.add(account.name());
                    }
                })
                .run(context -> {
                    context.getBean(Relay.class).send(fromAlias());
                    assertThat(heard).containsExactly(TestProperties.ACCOUNT);
                });
    }

    /** A resolver of the application's own, which knows one alias more than the configuration: contact-jobs. */
    @Configuration(proxyBeanMethods = false)
    static class OwnResolver {
        @Bean
        MappingResolver ownResolver(RelayConfig config) {
            return MappingResolver.create(RelayConfig.builder(config).mapping(MappingConfig.of("contact-jobs",
                    "contact-jobs@mailer.domain1.com", "jobs@domain1.com", TestProperties.ACCOUNT)).build());
        }
    }

    /** A policy of the application's own, which knows no alias at all. */
    @Configuration(proxyBeanMethods = false)
    static class OwnPolicy {
        @Bean
        RelayPolicy ownPolicy(RelayConfig config) {
            return RelayPolicy.create(config, alias -> Optional.empty());
        }
    }

    /** A limiter of the application's own, which never waits for a token. */
    @Configuration(proxyBeanMethods = false)
    static class OwnLimiter {
        @Bean
        RateLimiter ownLimiter(RelayConfig config) {
            return RateLimiter.create(config, RateLimitStore.inMemory(), Duration.ZERO, InstantSource.system());
        }
    }

    @Test
    void mappingResolverBean_isTheOneTheRelayRoutesWith() {
        runner.withUserConfiguration(FakeClient.class, OwnResolver.class).withPropertyValues(TestProperties.guide())
                .run(context -> {
                    assertThat(context.getBean(RelayAssembly.class).mappings()).isSameAs(context.getBean("ownResolver"));
                    DeliveryReport report = context.getBean(Relay.class).send(RelayMessage.builder()
                            .from("contact-jobs@mailer.domain1.com").to("test@example.com").text("x").build());
                    assertThat(report.envelopeSender().address()).isEqualTo("jobs@domain1.com");
                    assertThat(report.mapping()).isEqualTo("contact-jobs");
                });
    }

    @Test
    void relayPolicyBean_isTheOneTheRelayAsks() {
        runner.withUserConfiguration(FakeClient.class, OwnPolicy.class).withPropertyValues(TestProperties.guide())
                .run(context -> {
                    assertThat(context.getBean(RelayAssembly.class).policy()).isSameAs(context.getBean("ownPolicy"));
                    assertThatThrownBy(() -> context.getBean(Relay.class).send(fromAlias()))
                            .isInstanceOfSatisfying(PolicyException.class,
                                    e -> assertThat(e.rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED));
                    assertThat(context.getBean(FakeSmtpClient.class).sent()).isEmpty();
                });
    }

    @Test
    void rateLimiterBean_isTheOneEverySendTakesItsTokenFrom() {
        runner.withUserConfiguration(FakeClient.class, OwnLimiter.class).withPropertyValues(TestProperties.guide())
                .withPropertyValues("ssmtp-mailer.global.rate-limit-per-minute=1")
                .run(context -> {
                    Relay relay = context.getBean(Relay.class);
                    relay.send(fromAlias());
                    assertThatThrownBy(() -> relay.send(fromAlias())).isInstanceOf(RateLimitException.class);
                    assertThat(context.getBean(RateLimiter.class).triggers(AccountId.of(TestProperties.ACCOUNT))).isEqualTo(1);
                });
    }

    @Test
    void smtpClientBean_carriesSpooledAndDirectMail() {
        runner.withUserConfiguration(FakeClient.class).withPropertyValues(TestProperties.guide())
                .withPropertyValues("ssmtp-mailer.spool.enabled=true", "ssmtp-mailer.global.spool-dir=" + dir.resolve("spool"))
                .run(context -> {
                    FakeSmtpClient client = context.getBean(FakeSmtpClient.class);
                    assertThat(context.getBean(RelayAssembly.class).smtpClient()).isSameAs(client);
                    context.getBean(Relay.class).submit(fromAlias());
                    // Bounded wait for the spool's worker; how fast it runs is not asserted.
                    Await.until("a message sent", () -> !client.sent().isEmpty());
                    context.getBean(Relay.class).send(fromAlias());
                    assertThat(client.sent()).hasSize(2);
                });
    }

    @Test
    void tokenProviderBean_suppliesTheXoauth2TokensOfTheClient() {
        NoTokenProvider tokens = new NoTokenProvider();
        runner.withPropertyValues(TestProperties.guide("127.0.0.1", 9)).withPropertyValues(
                        "ssmtp-mailer.domains[0].auth-method=XOAUTH2", "ssmtp-mailer.domains[0].oauth2-access-token=unused")
                .withBean(TokenProvider.class, () -> tokens)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThatThrownBy(() -> context.getBean(Relay.class).send(fromAlias()))
                            .isInstanceOfSatisfying(DeliveryException.class, e -> {
                                assertThat(e.phase()).isEqualTo(SmtpPhase.AUTH);
                                assertThat(e.getMessage()).contains(NoTokenProvider.REASON);
                            });
                    assertThat(tokens.asked()).containsExactly(TestProperties.ACCOUNT);
                });
    }

    @Test
    void listenerBeans_hearTheSpoolsWorkersToo() {
        CountDownLatch heard = new CountDownLatch(1);
        List<String> accounts = new CopyOnWriteArrayList<>();
        runner.withUserConfiguration(FakeClient.class).withPropertyValues(TestProperties.guide())
                .withPropertyValues("ssmtp-mailer.spool.enabled=true", "ssmtp-mailer.global.spool-dir=" + dir.resolve("spool"))
                .withBean(RelayListener.class, () -> new RelayListener() {
                    @Override
                    public void delivered(AccountId account, Duration latency) {
                        accounts.add(account.name());
                        heard.countDown();
                    }
                })
                .run(context -> {
                    context.getBean(Relay.class).submit(fromAlias());
                    // Bounded wait for the spool's worker; how fast it runs is not asserted.
                    assertThat(heard.await(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(accounts).containsExactly(TestProperties.ACCOUNT);
                });
    }

    @Test
    void spool_offByDefault() {
        runner.withUserConfiguration(FakeClient.class).withPropertyValues(TestProperties.guide())
                .run(context -> assertThat(context).doesNotHaveBean(Spool.class));
    }

    @Test
    void spoolEnabled_relaySubmitsToTheSpoolBeanWhoseWorkersDeliver() throws Exception {
        runner.withUserConfiguration(FakeClient.class).withPropertyValues(TestProperties.guide())
                .withPropertyValues("ssmtp-mailer.spool.enabled=true", "ssmtp-mailer.global.spool-dir=" + dir.resolve("spool"))
                .run(context -> {
                    Spool spool = context.getBean(Spool.class);
                    Relay relay = context.getBean(Relay.class);
                    assertThat(relay.spool()).isSameAs(spool);
                    assertThat(spool.directory()).contains(dir.resolve("spool"));
                    relay.submit(fromAlias());
                    FakeSmtpClient client = context.getBean(FakeSmtpClient.class);
                    // Bounded wait for the spool's worker; how fast it runs is not asserted.
                    Await.until("a message sent", () -> !client.sent().isEmpty());
                    assertThat(client.sent()).singleElement()
                            .satisfies(m -> assertThat(m.envelope().sender().address()).isEqualTo("contact-sales@domain1.com"));
                });
    }

    @Test
    void closingTheContext_drainsAcceptedAsyncDeliveriesBeforeClosingTheClient() throws Exception {
        FakeSmtpClient client = new FakeSmtpClient();
        CountDownLatch release = new CountDownLatch(1);
        client.hold(release);
        AtomicReference<CompletableFuture<DeliveryReport>> future = new AtomicReference<>();
        runner.withBean(FakeSmtpClient.class, () -> client).withPropertyValues(TestProperties.guide())
                // Destroyed just before the relay (it depends on it): shutdown has begun when the delivery may end.
                .withBean("releaser", AutoCloseable.class, () -> release::countDown, bd -> bd.setDependsOn("ssmtpMailerRelay"))
                .run(context -> {
                    future.set(context.getBean(Relay.class).sendAsync(fromAlias()));
                    assertThat(client.entered().await(10, TimeUnit.SECONDS)).isTrue();
                });
        assertThat(future.get().get(10, TimeUnit.SECONDS).allDelivered()).isTrue();
        assertThat(client.closed()).isTrue();
        assertThat(client.sentWhenClosed()).isEqualTo(1);
    }
}
