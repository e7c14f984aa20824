package dev.ssmtpmailer.policy;

import static dev.ssmtpmailer.testing.TestConfigs.local;
import static dev.ssmtpmailer.testing.TestConfigs.mapping;
import static dev.ssmtpmailer.testing.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.UserConfig;
import dev.ssmtpmailer.mapping.MappingResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelayPolicyTest {
    private static final String ACCOUNT = "mail-relay@domain1.com";
    private static final InetAddress LOOPBACK = ip("127.0.0.1");
    private static final InetAddress INTERNET = ip("192.0.2.7");
    /** A template user: every address of mailer.domain1.com may send. */
    private static final UserConfig ANY_MAILER_SENDER = user("*@mailer.domain1.com").canSendFrom(true).build();

    private static InetAddress ip(String numeric) {
        try {
            return InetAddress.getByName(numeric);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EmailAddress a(String s) {
        return EmailAddress.parse(s);
    }

    /** The guide's setup: domain1.com upstream, mailer.domain1.com local, two aliases. */
    private static RelayConfig.Builder guide() {
        return RelayConfig.builder()
                .domain(upstream("domain1.com", ACCOUNT))
                .domain(local("mailer.domain1.com"))
                .mapping(mapping("contact-sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com", ACCOUNT))
                .mapping(mapping("contact-general", "contact-general@mailer.domain1.com", "contact-general@domain1.com", ACCOUNT));
    }

    /** The guide's setup with a second upstream, domain2.com: the account no longer follows from one upstream. */
    private static RelayConfig.Builder twoUpstreams() {
        return guide().domain(upstream("domain2.com", "relay@domain2.com"));
    }

    private static RelayPolicy policy(RelayConfig.Builder b) {
        RelayConfig c = b.build();
        return RelayPolicy.create(c, MappingResolver.create(c));
    }

    /** @return the route of a message from {@code sender} to one recipient at example.com, or a PolicyException */
    private static OutboundRoute routeOf(RelayConfig.Builder config, String sender) {
        return policy(config).authorizeOutbound(a(sender), List.of(a("y@example.com")));
    }

    /** @return the decision on a message from {@code sender} to one recipient at example.com */
    private static OutboundDecision outbound(RelayConfig.Builder config, String sender) {
        return policy(config).checkOutbound(a(sender), List.of(a("y@example.com")));
    }

    private static UserConfig.Builder user(String address) {
        return UserConfig.builder(address).templateAddress(address.startsWith("*@"));
    }

    /** Asserts a decision's verdict: accepted or not, by which rule, with which reply code and enhanced code. */
    private static void assertVerdict(InboundDecision d, boolean accepted, PolicyRule rule, int code, String enhanced) {
        assertThat(d).extracting(InboundDecision::accepted, InboundDecision::rule, InboundDecision::replyCode,
                InboundDecision::enhancedCode).containsExactly(accepted, rule, code, enhanced);
    }

    // ---- outbound ----

    @Test
    void checkOutbound_mappedAlias_leavesAsCanonicalThroughMappingAccount() {
        OutboundDecision d = policy(guide()).checkOutbound(a("Contact-Sales@mailer.domain1.com"), List.of(a("x@example.com")));

        assertThat(d.allowed()).isTrue();
        assertThat(d.rule()).isEqualTo(PolicyRule.SENDER_MAPPING);
        OutboundRoute r = d.route().orElseThrow();
        assertThat(r.originalSender().localPart()).isEqualTo("Contact-Sales");
        assertThat(r.envelopeSender().address()).isEqualTo("contact-sales@domain1.com");
        assertThat(r.account().name()).isEqualTo("domain1.com");
        assertThat(r.mapping().orElseThrow().mappingName()).isEqualTo("contact-sales");
        assertThat(r.matchedRule()).isEqualTo(PolicyRule.SENDER_MAPPING);
    }

    @Test
    void checkOutbound_unknownSender_refusedWithSenderNotAllowed() {
        OutboundDecision d = outbound(guide(), "x@mailer.domain1.com");

        assertThat(d.allowed()).isFalse();
        assertThat(d.rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
        assertThat(d.refusedAddress()).contains(a("x@mailer.domain1.com"));
        assertThat(d.route()).isEmpty();
    }

    @Test
    void authorizeOutbound_unknownSender_throwsPolicyExceptionNamingSenderAndRule() {
        RelayPolicy p = policy(guide());

        assertThatThrownBy(() -> p.authorizeOutbound(a("x@mailer.domain1.com"), List.of(a("y@example.com"))))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
                    assertThat(e.address()).contains(a("x@mailer.domain1.com"));
                })
                .hasMessage("sender x@mailer.domain1.com is not allowed: no mapping from_pattern and no enabled [user:...] "
                        + "with can_send_from = true matches it (rule SENDER_NOT_ALLOWED)");
    }

    @Test
    void authorizeOutbound_mappedAlias_returnsRoute() {
        OutboundRoute r = routeOf(guide(), "contact-general@mailer.domain1.com");

        assertThat(r.envelopeSender().address()).isEqualTo("contact-general@domain1.com");
    }

    @Test
    void checkOutbound_userNamedLikeAccount_keepsAddressAndUsesThatAccount() {
        OutboundRoute r = routeOf(twoUpstreams().user(user(ACCOUNT).canSendFrom(true).build()), "MAIL-RELAY@domain1.com");

        assertThat(r.matchedRule()).isEqualTo(PolicyRule.SENDER_USER);
        assertThat(r.envelopeSender()).isEqualTo(a(ACCOUNT));
        assertThat(r.account().name()).isEqualTo("domain1.com");
        assertThat(r.mapping()).isEmpty();
    }

    @Test
    void checkOutbound_userWhoseDomainNamesAnUpstream_usesThatUpstream() {
        OutboundRoute r = routeOf(twoUpstreams().user(user("*@domain2.com").canSendFrom(true).build()), "news@domain2.com");

        assertThat(r.account().name()).isEqualTo("domain2.com");
    }

    @Test
    void checkOutbound_templateUserWithOneUpstream_usesTheOnlyUpstream() {
        OutboundRoute r = routeOf(guide().user(ANY_MAILER_SENDER), "reports@mailer.domain1.com");

        assertThat(r.matchedRule()).isEqualTo(PolicyRule.SENDER_USER);
        assertThat(r.envelopeSender().address()).isEqualTo("reports@mailer.domain1.com");
        assertThat(r.account().name()).isEqualTo("domain1.com");
    }

    @Test
    void checkOutbound_templateUserWithTwoUnrelatedUpstreams_refusedWithNoAccount() {
        OutboundDecision d = outbound(twoUpstreams().user(ANY_MAILER_SENDER), "reports@mailer.domain1.com");

        assertThat(d.rule()).isEqualTo(PolicyRule.NO_ACCOUNT);
        assertThat(d.refusedAddress()).contains(a("reports@mailer.domain1.com"));
        assertThat(d.reason()).contains("no upstream account can be chosen").contains("2 upstream accounts");
    }

    @Test
    void checkOutbound_userWithCanSendFromFalse_refused() {
        OutboundDecision d = outbound(guide().user(user("app@mailer.domain1.com").canSendTo(true).build()),
                "app@mailer.domain1.com");

        assertThat(d.rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
        assertThat(d.reason()).contains("[user:app@mailer.domain1.com] has can_send_from = false");
    }

    @Test
    void checkOutbound_disabledUser_refused() {
        RelayConfig.Builder disabled = guide().user(user("app@mailer.domain1.com").enabled(false).canSendFrom(true).build());

        assertThat(outbound(disabled, "app@mailer.domain1.com").rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
    }

    @Test
    void checkOutbound_exactUserThatCannotSend_overridesTemplateUser() {
        RelayPolicy p = policy(guide()
                .user(ANY_MAILER_SENDER)
                .user(user("blocked@mailer.domain1.com").canSendFrom(false).build()));

        assertThat(p.checkOutbound(a("blocked@mailer.domain1.com"), List.of(a("y@example.com"))).rule())
                .isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
        assertThat(p.checkOutbound(a("other@mailer.domain1.com"), List.of(a("y@example.com"))).rule())
                .isEqualTo(PolicyRule.SENDER_USER);
    }

    @Test
    void checkOutbound_recipientOutsideAllowedDomains_refusedNamingThatRecipient() {
        RelayPolicy p = policy(guide().user(user(ACCOUNT).canSendFrom(true).allowedDomains(List.of("domain1.com")).build()));

        OutboundDecision d = p.checkOutbound(a(ACCOUNT), List.of(a("ok@DOMAIN1.com"), a("bad@example.com")));

        assertThat(d.rule()).isEqualTo(PolicyRule.RECIPIENT_DOMAIN_NOT_ALLOWED);
        assertThat(d.refusedAddress()).contains(a("bad@example.com"));
        assertThatThrownBy(d::orElseThrow).isInstanceOf(PolicyException.class)
                .hasMessageContaining("recipient bad@example.com is not allowed for sender mail-relay@domain1.com")
                .hasMessageEndingWith("(rule RECIPIENT_DOMAIN_NOT_ALLOWED)");
    }

    @Test
    void checkOutbound_recipientInSubdomainOfAllowedDomain_refused() {
        RelayPolicy p = policy(guide().user(user(ACCOUNT).canSendFrom(true).allowedDomains(List.of("domain1.com")).build()));

        assertThat(p.checkOutbound(a(ACCOUNT), List.of(a("x@evil.domain1.com"))).rule())
                .isEqualTo(PolicyRule.RECIPIENT_DOMAIN_NOT_ALLOWED);
    }

    @Test
    void checkOutbound_recipientsAllInAllowedDomains_allowed() {
        RelayPolicy p = policy(guide().user(user(ACCOUNT).canSendFrom(true).allowedDomains(List.of("domain1.com", "domain9.com")).build()));

        assertThat(p.checkOutbound(a(ACCOUNT), List.of(a("a@domain1.com"), a("b@Domain9.COM"))).rule())
                .isEqualTo(PolicyRule.SENDER_USER);
    }

    @Test
    void checkOutbound_nullRecipient_throwsNullPointerException() {
        RelayPolicy p = policy(guide());
        List<EmailAddress> withNull = java.util.Arrays.asList(a("x@example.com"), null);

        assertThatThrownBy(() -> p.checkOutbound(a("contact-sales@mailer.domain1.com"), withNull))
                .isInstanceOf(NullPointerException.class);
    }

    // ---- inbound ----

    @Test
    void checkRecipient_mappedAlias_acceptedForCanonicalAddress() {
        InboundDecision d = policy(guide()).checkRecipient(a("CONTACT-SALES@MAILER.DOMAIN1.COM"), INTERNET, a("someone@example.org"));

        assertVerdict(d, true, PolicyRule.RECIPIENT_MAPPING, 250, "2.1.5");
        assertThat(d.deliverTo()).contains(a("contact-sales@domain1.com"));
        assertThat(d.account().orElseThrow().name()).isEqualTo("domain1.com");
        assertThat(d.mapping().orElseThrow().mappingName()).isEqualTo("contact-sales");
        assertThat(d.submission()).isEmpty();
    }

    /** The texts built with String.join are the ones the concatenation built, for any local part and domain. */
    @ParameterizedTest
    @ValueSource(strings = {"contact-sales@mailer.domain1.com", "Jane.Doe@mailer.domain1.com", "o'brien+news@mailer.domain1.com",
        "x_y=z@mailer.domain1.com", "a@mailer.domain1.com"})
    void checkRecipient_mapped_replyAndReasonAsTheConcatenationWroteThem(String address) {
        RelayPolicy p = policy(guide().mapping(mapping("all", "*@mailer.domain1.com", "*@domain1.com", ACCOUNT)));
        EmailAddress rcpt = a(address);

        InboundDecision d = p.checkRecipient(rcpt, INTERNET, a("someone@example.org"));

        EmailAddress to = d.deliverTo().orElseThrow();
        assertThat(d.replyText()).isEqualTo("<" + rcpt + ">: Recipient ok");
        assertThat(d.reason()).isEqualTo("recipient " + rcpt + " is accepted by [mapping:" + d.mapping().orElseThrow().mappingName()
                + "] for " + to + " through [domain:" + d.account().orElseThrow().name() + "]");
        assertThat(d.reason()).startsWith("recipient " + address + " is accepted by [mapping:");
    }

    @Test
    void checkRecipient_userThatCanReceive_acceptedAndDeliveredToItself() {
        RelayPolicy p = policy(guide().user(user(ACCOUNT).canSendTo(true).build()));

        InboundDecision d = p.checkRecipient(a(ACCOUNT), INTERNET, a("someone@example.org"));

        assertThat(d.rule()).isEqualTo(PolicyRule.RECIPIENT_USER);
        assertThat(d.deliverTo()).contains(a(ACCOUNT));
        assertThat(d.account().orElseThrow().name()).isEqualTo("domain1.com");
        assertThat(d.mapping()).isEmpty();
    }

    @Test
    void checkRecipient_unknownLocalPartOfAliasDomain_refused550_5_1_1() {
        InboundDecision d = policy(guide()).checkRecipient(a("nobody@mailer.domain1.com"), LOOPBACK, a("x@example.org"));

        assertVerdict(d, false, PolicyRule.UNKNOWN_LOCAL_RECIPIENT, 550, "5.1.1");
        assertThat(d.reply()).isEqualTo("550 5.1.1 <nobody@mailer.domain1.com>: Recipient address rejected: User unknown");
        assertThat(d.deliverTo()).isEmpty();
        assertThat(d.account()).isEmpty();
    }

    @Test
    void checkRecipient_foreignDomainFromUntrustedClient_refused554EvenWithMappedSender() {
        InboundDecision d = policy(guide()).checkRecipient(a("victim@example.com"), INTERNET, a("contact-sales@mailer.domain1.com"));

        assertThat(d.rule()).isEqualTo(PolicyRule.RELAY_DENIED);
        assertThat(d.reply()).isEqualTo("554 5.7.1 <victim@example.com>: Relay access denied");
        assertThat(d.reason()).contains("192.0.2.7").contains("trusted_networks");
    }

    @Test
    void acceptRecipient_relayDenied_throwsPolicyExceptionNamingRecipient() {
        RelayPolicy p = policy(guide());

        assertThatThrownBy(() -> p.acceptRecipient(a("victim@example.com"), INTERNET, a("x@example.org")))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.rule()).isEqualTo(PolicyRule.RELAY_DENIED);
                    assertThat(e.address()).contains(a("victim@example.com"));
                })
                .hasMessageEndingWith("(rule RELAY_DENIED)");
    }

    @Test
    void acceptRecipient_mappedAlias_returnsDecision() {
        assertThat(policy(guide()).acceptRecipient(a("contact-sales@mailer.domain1.com"), INTERNET, null).deliverTo())
                .contains(a("contact-sales@domain1.com"));
    }

    @Test
    void checkRecipient_foreignDomainFromTrustedClientWithMappedSender_acceptedAsSubmission() {
        InboundDecision d = policy(guide()).checkRecipient(a("customer@example.com"), LOOPBACK,
                a("contact-sales@mailer.domain1.com"));

        assertThat(d.rule()).isEqualTo(PolicyRule.TRUSTED_SUBMISSION);
        assertThat(d.replyCode()).isEqualTo(250);
        assertThat(d.deliverTo()).contains(a("customer@example.com"));
        assertThat(d.account().orElseThrow().name()).isEqualTo("domain1.com");
        OutboundRoute s = d.submission().orElseThrow();
        assertThat(s.envelopeSender().address()).isEqualTo("contact-sales@domain1.com");
        assertThat(s.matchedRule()).isEqualTo(PolicyRule.SENDER_MAPPING);
    }

    @Test
    void checkRecipient_trustedClientWithUnknownSender_refused554SenderNotAllowed() {
        InboundDecision d = policy(guide()).checkRecipient(a("customer@example.com"), LOOPBACK, a("spoof@example.org"));

        assertThat(d.rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
        assertThat(d.reply()).isEqualTo("554 5.7.1 <customer@example.com>: Sender address rejected: not allowed to relay");
    }

    @Test
    void checkRecipient_trustedClientWithNullSender_refused554() {
        InboundDecision d = policy(guide()).checkRecipient(a("customer@example.com"), LOOPBACK, null);

        assertThat(d.rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
        assertThat(d.replyCode()).isEqualTo(554);
        assertThat(d.reason()).contains("null sender");
    }

    /** Which rule decides a recipient, one row a case (the sender {@code null} for the null sender {@code <>}). */
    static Stream<Arguments> recipientRules() {
        String sales = "contact-sales@mailer.domain1.com";
        return Stream.of(
                argumentSet("null sender to a mapped alias", guide(), sales, INTERNET, null, PolicyRule.RECIPIENT_MAPPING),
                argumentSet("unknown on an inbound section without mappings: 550",
                        guide().domain(local("lists.domain1.com").toBuilder().inbound(true).build()),
                        "x@lists.domain1.com", INTERNET, "a@example.org", PolicyRule.UNKNOWN_LOCAL_RECIPIENT),
                // smtp_server = localhost without AUTH is an upstream (a local Postfix): its domain is relayed, not served
                argumentSet("a smarthost section on this host without AUTH is not a local domain",
                        guide().domain(local("lists.domain1.com")),
                        "x@lists.domain1.com", INTERNET, "a@example.org", PolicyRule.RELAY_DENIED),
                argumentSet("IPv4-mapped IPv6 loopback is trusted",
                        guide(), "customer@example.com", ip("::ffff:127.0.0.1"), sales, PolicyRule.TRUSTED_SUBMISSION),
                argumentSet("empty trusted_networks: loopback is not trusted",
                        guide().global(g -> g.trustedNetworks(List.of())),
                        "customer@example.com", LOOPBACK, sales, PolicyRule.RELAY_DENIED),
                argumentSet("a custom trusted network trusts its clients",
                        guide().global(g -> g.trustedNetworks(List.of(Cidr.parse("192.0.2.0/24")))),
                        "customer@example.com", INTERNET, sales, PolicyRule.TRUSTED_SUBMISSION),
                argumentSet("a custom trusted network no longer trusts loopback",
                        guide().global(g -> g.trustedNetworks(List.of(Cidr.parse("192.0.2.0/24")))),
                        "customer@example.com", LOOPBACK, sales, PolicyRule.RELAY_DENIED),
                argumentSet("routing characters through a template user",
                        guide().user(user("*@domain1.com").canSendTo(true).build()),
                        "victim%example.com@domain1.com", INTERNET, null, PolicyRule.ROUTING_CHARACTERS),
                argumentSet("a plain address of that template user",
                        guide().user(user("*@domain1.com").canSendTo(true).build()),
                        "plain@domain1.com", INTERNET, null, PolicyRule.RECIPIENT_USER),
                argumentSet("percent hack on the alias domain without a wildcard: unknown",
                        guide(), "victim%example.com@mailer.domain1.com", INTERNET, null, PolicyRule.UNKNOWN_LOCAL_RECIPIENT),
                argumentSet("percent hack on a foreign domain: relay denied",
                        guide(), "victim%example.com@example.net", INTERNET, sales, PolicyRule.RELAY_DENIED),
                argumentSet("an exact mapping naming a percent address",
                        guide().mapping(mapping("odd", "a%b@mailer.domain1.com", "ab@domain1.com", ACCOUNT)),
                        "a%b@mailer.domain1.com", INTERNET, null, PolicyRule.RECIPIENT_MAPPING));
    }

    @ParameterizedTest
    @MethodSource("recipientRules")
    void checkRecipient_decidesByTheRuleOfTheCase(RelayConfig.Builder config, String rcpt, InetAddress client,
            String sender, PolicyRule rule) {
        InboundDecision d = policy(config).checkRecipient(a(rcpt), client, sender == null ? null : a(sender));

        assertThat(d.rule()).isEqualTo(rule);
    }

    /** Recipients refused for a reason of the configuration, one row a reason: the rule and the reply's start. */
    static Stream<Arguments> refusedRecipients() {
        return Stream.of(
                argumentSet("a user that cannot receive, on a local domain: 550",
                        guide().user(user("app@mailer.domain1.com").canSendFrom(true).canSendTo(false).build()),
                        "app@mailer.domain1.com", INTERNET, "someone@example.org",
                        PolicyRule.UNKNOWN_LOCAL_RECIPIENT, "550 5.1.1 <app@mailer.domain1.com>"),
                argumentSet("a trusted client, recipient outside the user's allowed_domains: 554",
                        guide().user(user(ACCOUNT).canSendFrom(true).allowedDomains(List.of("domain1.com")).build()),
                        "customer@example.com", LOOPBACK, ACCOUNT,
                        PolicyRule.RECIPIENT_DOMAIN_NOT_ALLOWED, "554 5.7.1 "),
                argumentSet("a trusted client, a user sender without an account: 451",
                        twoUpstreams().user(ANY_MAILER_SENDER),
                        "customer@example.com", LOOPBACK, "reports@mailer.domain1.com",
                        PolicyRule.NO_ACCOUNT, "451 4.3.5 "),
                argumentSet("a user recipient without an account: 451",
                        twoUpstreams().user(user("ops@example.net").canSendTo(true).build()),
                        "ops@example.net", INTERNET, "x@example.org",
                        PolicyRule.NO_ACCOUNT, "451 "));
    }

    @ParameterizedTest
    @MethodSource("refusedRecipients")
    void checkRecipient_refusedByTheConfiguration_namesRuleAndReply(RelayConfig.Builder config, String rcpt,
            InetAddress client, String sender, PolicyRule rule, String reply) {
        InboundDecision d = policy(config).checkRecipient(a(rcpt), client, a(sender));

        assertThat(d.accepted()).isFalse();
        assertThat(d.rule()).isEqualTo(rule);
        assertThat(d.reply()).startsWith(reply);
    }

    @Test
    void checkRecipient_replyText_neverRevealsConfiguration() {
        RelayPolicy p = policy(guide());

        assertThat(p.checkRecipient(a("victim@example.com"), INTERNET, null).replyText()).doesNotContain("trusted_networks");
        assertThat(p.checkRecipient(a("nobody@mailer.domain1.com"), INTERNET, null).replyText()).doesNotContain("mapping");
    }

    // ---- tricks that must not open the relay ----

    @ParameterizedTest
    @ValueSource(strings = {"victim%example.com@mailer.domain1.com", "example.com!victim@mailer.domain1.com"})
    void checkRecipient_routingCharactersThroughWildcardMapping_refused(String rcpt) {
        RelayPolicy p = policy(guide().mapping(mapping("all", "*@mailer.domain1.com", "*@domain1.com", ACCOUNT)));

        InboundDecision d = p.checkRecipient(a(rcpt), INTERNET, a("x@example.org"));

        assertThat(d.rule()).isEqualTo(PolicyRule.ROUTING_CHARACTERS);
        assertThat(d.reply()).startsWith("550 5.7.1 ");
    }

    @Test
    void checkRecipient_aliasDomainWithTrailingDot_isNotAcceptedAsForeignRelay() {
        InboundDecision d = policy(guide()).checkRecipient(a("contact-sales@mailer.domain1.com."), INTERNET, null);

        assertThat(d.accepted()).isFalse();
        assertThat(d.rule()).isEqualTo(PolicyRule.RELAY_DENIED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<@mailer.domain1.com:victim@example.com>",     // source route
        "@mailer.domain1.com,@relay.example:victim@example.com",
        "\"victim@example.com\"@mailer.domain1.com",    // quoted local part hiding an '@'
        "\"victim\"@mailer.domain1.com",                // quoted local part
        "victim@[192.0.2.1]",                           // IP literal
        "victim@example.com@mailer.domain1.com",        // two '@'
        "contact-sales@mailer.domain1.com\r\nRCPT TO:<victim@example.com>",
        "victim@example.com\u0000@mailer.domain1.com"})
    void parse_relayTricks_neverReachThePolicy(String text) {
        assertThatThrownBy(() -> EmailAddress.parse(text)).isInstanceOf(InvalidAddressException.class);
    }

    // ---- invariants of the values ----

    @Test
    void policyException_withAcceptingRule_isRefused() {
        assertThatThrownBy(() -> new PolicyException(PolicyRule.SENDER_MAPPING, null, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policyException_nullSender_hasNoAddress() {
        assertThat(new PolicyException(PolicyRule.SENDER_NOT_ALLOWED, null, "null sender").address()).isEmpty();
    }

    @Test
    void inboundDecision_acceptingRuleWith550_isRefused() {
        assertThatThrownBy(() -> new InboundDecision(PolicyRule.RECIPIENT_MAPPING, 550, "5.1.1", "x", "x",
                a("a@b.example"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outboundRoute_userRuleWithMapping_isRefused() {
        RelayConfig c = guide().build();
        var route = MappingResolver.create(c).resolve(a("contact-sales@mailer.domain1.com"));

        assertThatThrownBy(() -> new OutboundRoute(a("contact-sales@mailer.domain1.com"), a("contact-sales@domain1.com"),
                route.orElseThrow().account(), route, PolicyRule.SENDER_USER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policyRule_everyRuleIsEitherAcceptingOrRefusing_andSixAccept() {
        assertThat(java.util.Arrays.stream(PolicyRule.values()).filter(PolicyRule::accepts))
                .containsExactly(PolicyRule.SENDER_MAPPING, PolicyRule.SENDER_USER, PolicyRule.RECIPIENT_MAPPING,
                        PolicyRule.RECIPIENT_USER, PolicyRule.TRUSTED_SUBMISSION, PolicyRule.AUTHENTICATED_SUBMISSION);
    }
}
