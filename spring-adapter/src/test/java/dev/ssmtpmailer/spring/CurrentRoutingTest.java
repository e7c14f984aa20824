package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.DeliveryReport;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.PasswordHash;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.UserConfig;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter's default MappingResolver and RelayPolicy beans, and the application's beans built on them. */
class CurrentRoutingTest {
    private static final String NEW_ALIAS = "contact-jobs@mailer.domain1.com";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class))
            .withUserConfiguration(SsmtpMailerAutoConfigurationTest.FakeClient.class)
            .withPropertyValues(TestProperties.guide());

    private static RelayMessage from(String sender) {
        return RelayMessage.builder().from(sender).to("test@example.com").subject("Test").text("x").build();
    }

    /** The configuration in force plus one alias, contact-jobs. */
    private static RelayConfig withNewAlias(RelayConfig old) {
        return RelayConfig.builder(old).mapping(MappingConfig.of("contact-jobs", NEW_ALIAS, "jobs@domain1.com",
                TestProperties.ACCOUNT)).build();
    }

    private static void assertSendsAndFollowsReconfigure(AssertableApplicationContext context) {
        Relay relay = context.getBean(Relay.class);
        DeliveryReport report = relay.send(from("contact-sales@mailer.domain1.com"));
        assertThat(report.envelopeSender().address()).isEqualTo("contact-sales@domain1.com");
        relay.reconfigure(withNewAlias(relay.config()));
        assertThat(relay.send(from(NEW_ALIAS)).envelopeSender().address()).isEqualTo("jobs@domain1.com");
        assertThat(context.getBean(FakeSmtpClient.class).sent()).hasSize(2);
    }

    /** The relay sends from the startup alias, and the resolver and policy beans answer for it. */
    private static void assertSendsAndAnswersAsAtStartup(AssertableApplicationContext context) {
        String alias = "contact-sales@mailer.domain1.com";
        assertThat(context).hasNotFailed();
        assertThat(context.getBean(Relay.class).send(from(alias)).mapping()).isEqualTo("contact-sales");
        assertThat(context.getBean(MappingResolver.class).resolve(EmailAddress.parse(alias))).isPresent();
        assertThat(context.getBean(RelayPolicy.class).checkOutbound(EmailAddress.parse(alias),
                List.of(EmailAddress.parse("test@example.com"))).allowed()).isTrue();
    }

    /** A policy of the application's own, made on the starter's resolver bean, as on main. */
    @Configuration(proxyBeanMethods = false)
    static class PolicyOnTheResolverBean {
        @Bean
        RelayPolicy ownPolicy(RelayConfig config, MappingResolver mappings) {
            return RelayPolicy.create(config, mappings);
        }
    }

    @Test
    void policyBeanMadeOnTheResolverBean_withAUserThatMayReceive_startsAndSends() {
        // RelayPolicy.create resolves a can_send_to user's address while it is made: before the assembly exists
        runner.withUserConfiguration(PolicyOnTheResolverBean.class)
                .withPropertyValues("ssmtp-mailer.users[0].address=contact-sales@mailer.domain1.com",
                        "ssmtp-mailer.users[0].can-send-to=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RelayAssembly.class).policy()).isSameAs(context.getBean("ownPolicy"));
                    assertSendsAndFollowsReconfigure(context);
                    assertThat(context.getBean(MappingResolver.class).resolve(EmailAddress.parse(NEW_ALIAS))).isPresent();
                });
    }

    /** An assembly of the application's own, given the starter's resolver and policy beans. */
    @Configuration(proxyBeanMethods = false)
    static class OwnAssemblyOnTheBeans {
        @Bean(destroyMethod = "close")
        RelayAssembly ownAssembly(RelayConfig config, SmtpRelayClient client, MappingResolver mappings, RelayPolicy policy) {
            return RelayAssembly.builder(config).smtpClient(client).mappingResolver(mappings).policy(policy).build();
        }
    }

    @Test
    void ownAssemblyGivenTheDefaultBeans_sendsWithTheStartupConfiguration() {
        runner.withUserConfiguration(OwnAssemblyOnTheBeans.class).run(CurrentRoutingTest::assertSendsAndAnswersAsAtStartup);
    }

    /** A customizer that hands the starter's assembly its own resolver and policy beans, the resolver wrapped. */
    @Configuration(proxyBeanMethods = false)
    static class CustomizerHandingTheBeansBack {
        @Bean
        RelayAssemblyCustomizer handBack(MappingResolver mappings, RelayPolicy policy) {
            return b -> b.mappingResolver(address -> mappings.resolve(address)).policy(policy);
        }
    }

    @Test
    void customizerHandingTheDefaultBeansBack_sendsWithoutRecursion() {
        runner.withUserConfiguration(CustomizerHandingTheBeansBack.class)
                .run(CurrentRoutingTest::assertSendsAndAnswersAsAtStartup);
    }

    /** Wraps the starter's resolver and policy beans in JDK proxies, as an aspect would. */
    @Configuration(proxyBeanMethods = false)
    static class ProxiedDefaults {
        @Bean
        static BeanPostProcessor proxyTheRouting() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof MappingResolver || bean instanceof RelayPolicy
                            ? new ProxyFactory(bean).getProxy() : bean;
                }
            };
        }
    }

    @Test
    void defaultBeansBehindProxies_stillFollowReconfigure() {
        runner.withUserConfiguration(ProxiedDefaults.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MappingResolver.class)).isNotInstanceOf(CurrentRouting.class);
            assertSendsAndFollowsReconfigure(context);
            assertThat(context.getBean(MappingResolver.class).resolve(EmailAddress.parse(NEW_ALIAS))).isPresent();
            assertThat(context.getBean(RelayPolicy.class).checkOutbound(EmailAddress.parse(NEW_ALIAS),
                    List.of(EmailAddress.parse("test@example.com"))).allowed()).isTrue();
        });
    }

    @Test
    void resolverBeanOfTheApplication_defaultPolicyFollowsNewUsersAcrossReconfigure() {
        runner.withUserConfiguration(SsmtpMailerAutoConfigurationTest.OwnResolver.class).run(context -> {
            Relay relay = context.getBean(Relay.class);
            RelayPolicy policy = context.getBean(RelayPolicy.class);
            EmailAddress submitter = EmailAddress.parse("app@mailer.domain1.com");
            assertThat(policy.logins().contains(submitter)).isFalse();

            relay.reconfigure(RelayConfig.builder(relay.config()).user(UserConfig.builder(submitter.toString())
                    .canSendFrom(true).passwordHash(PasswordHash.unmatchable(4)).build()).build());

            assertThat(policy.logins().contains(submitter)).isTrue();
            assertThat(context.getBean(RelayAssembly.class).mappings()).isSameAs(context.getBean("ownResolver"));
            // the application's resolver is kept: its own alias still routes
            assertThat(relay.send(from(NEW_ALIAS)).envelopeSender().address()).isEqualTo("jobs@domain1.com");
        });
    }
}
