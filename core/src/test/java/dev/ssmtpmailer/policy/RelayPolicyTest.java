package dev.ssmtpmailer.policy;

import static dev.ssmtpmailer.testing.TestConfigs.local;
import static dev.ssmtpmailer.testing.TestConfigs.mapping;
import static dev.ssmtpmailer.testing.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayPolicyTest {
    private static final String ACCOUNT = "mail-relay@domain1.com";
    private static final InetAddress LOOPBACK = ip("127.0.0.1");
    private static final InetAddress INTERNET = ip("192.0.2.7");

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

    private static RelayPolicy policy(RelayConfig.Builder b) {
        RelayConfig c = b.build();
        return RelayPolicy.create(c, MappingResolver.create(c));
    }

    private static UserConfig.Builder user(String address) {
        return UserConfig.builder(address).templateAddress(address.startsWith("*@"));
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
        OutboundDecision d = policy(guide()).checkOutbound(a("x@mailer.domain1.com"), List.of(a("y@example.com")));

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
        OutboundRoute r = policy(guide()).authorizeOutbound(a("contact-general@mailer.domain1.com"), List.of(a("y@example.com")));

        assertThat(r.envelopeSender().address()).isEqualTo("contact-general@domain1.com");
    }

    @Test
    void checkOutbound_userNamedLikeAccount_keepsAddressAndUsesThatAccount() {
        RelayPolicy p = policy(guide()
                .domain(upstream("domain2.com", "relay@domain2.com"))
                .user(user(ACCOUNT).canSendFrom(true).build()));

        OutboundRoute r = p.authorizeOutbound(a("MAIL-RELAY@domain1.com"), List.of(a("y@example.com")));

        assertThat(r.matchedRule()).isEqualTo(PolicyRule.SENDER_USER);
        assertThat(r.envelopeSender()).isEqualTo(a(ACCOUNT));
        assertThat(r.account().name()).isEqualTo("domain1.com");
        assertThat(r.mapping()).isEmpty();
    }

    @Test
    void checkOutbound_userWhoseDomainNamesAnUpstream_usesThatUpstream() {
        RelayPolicy p = policy(guide()
                .domain(upstream("domain2.com", "relay@domain2.com"))
                .user(user("*@domain2.com").canSendFrom(true).build()));

        OutboundRoute r = p.authorizeOutbound(a("news@domain2.com"), List.of(a("y@example.com")));

        assertThat(r.account().name()).isEqualTo("domain2.com");
    }

    @Test
    void checkOutbound_templateUserWithOneUpstream_usesTheOnlyUpstream() {
        RelayPolicy p = policy(guide().user(user("*@mailer.domain1.com").canSendFrom(true).build()));

        OutboundRoute r = p.authorizeOutbound(a("reports@mailer.domain1.com"), List.of(a("y@example.com")));

        assertThat(r.matchedRule()).isEqualTo(PolicyRule.SENDER_USER);
        assertThat(r.envelopeSender().address()).isEqualTo("reports@mailer.domain1.com");
        assertThat(r.account().name()).isEqualTo("domain1.com");
    }

    @Test
    void checkOutbound_templateUserWithTwoUnrelatedUpstreams_refusedWithNoAccount() {
        RelayPolicy p = policy(guide()
                .domain(upstream("domain2.com", "relay@domain2.com"))
                .user(user("*@mailer.domain1.com").canSendFrom(true).build()));

        OutboundDecision d = p.checkOutbound(a("reports@mailer.domain1.com"), List.of(a("y@example.com")));

        assertThat(d.rule()).isEqualTo(PolicyRule.NO_ACCOUNT);
        assertThat(d.refusedAddress()).contains(a("reports@mailer.domain1.com"));
        assertThat(d.reason()).contains("no upstream account can be chosen").contains("2 upstream accounts");
    }

    @Test
    void checkOutbound_userWithCanSendFromFalse_refused() {
        RelayPolicy p = policy(guide().user(user("app@mailer.domain1.com").canSendTo(true).build()));

        OutboundDecision d = p.checkOutbound(a("app@mailer.domain1.com"), List.of(a("y@example.com")));

        assertThat(d.rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
        assertThat(d.reason()).contains("[user:app@mailer.domain1.com] has can_send_from = false");
    }

    @Test
    void checkOutbound_disabledUser_refused() {
        RelayPolicy p = policy(guide().user(user("app@mailer.domain1.com").enabled(false).canSendFrom(true).build()));

        assertThat(p.checkOutbound(a("app@mailer.domain1.com"), List.of(a("y@example.com"))).rule())
                .isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
    }

    @Test
    void checkOutbound_exactUserThatCannotSend_overridesTemplateUser() {
        RelayPolicy p = policy(guide()
                .user(user("*@mailer.domain1.com").canSendFrom(true).build())
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

        assertThat(d.accepted()).isTrue();
        assertThat(d.rule()).isEqualTo(PolicyRule.RECIPIENT_MAPPING);
        assertThat(d.replyCode()).isEqualTo(250);
        assertThat(d.enhancedCode()).isEqualTo("2.1.5");
        assertThat(d.deliverTo()).contains(a("contact-sales@domain1.com"));
        assertThat(d.account().orElseThrow().name()).isEqualTo("domain1.com");
        assertThat(d.mapping().orElseThrow().mappingName()).isEqualTo("contact-sales");
        assertThat(d.submission()).isEmpty();
    }

    @Test
    void checkRecipient_nullSenderToMappedAlias_accepted() {
        assertThat(policy(guide()).checkRecipient(a("contact-sales@mailer.domain1.com"), INTERNET, null).rule())
                .isEqualTo(PolicyRule.RECIPIENT_MAPPING);
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
    void checkRecipient_userThatCannotReceiveOnLocalDomain_refused550() {
        RelayPolicy p = policy(guide().user(user("app@mailer.domain1.com").canSendFrom(true).canSendTo(false).build()));

        InboundDecision d = p.checkRecipient(a("app@mailer.domain1.com"), INTERNET, a("someone@example.org"));

        assertThat(d.rule()).isEqualTo(PolicyRule.UNKNOWN_LOCAL_RECIPIENT);
        assertThat(d.reply()).startsWith("550 5.1.1 <app@mailer.domain1.com>");
    }

    @Test
    void checkRecipient_unknownLocalPartOfAliasDomain_refused550_5_1_1() {
        InboundDecision d = policy(guide()).checkRecipient(a("nobody@mailer.domain1.com"), LOOPBACK, a("x@example.org"));

        assertThat(d.accepted()).isFalse();
        assertThat(d.rule()).isEqualTo(PolicyRule.UNKNOWN_LOCAL_RECIPIENT);
        assertThat(d.replyCode()).isEqualTo(550);
        assertThat(d.enhancedCode()).isEqualTo("5.1.1");
        assertThat(d.reply()).isEqualTo("550 5.1.1 <nobody@mailer.domain1.com>: Recipient address rejected: User unknown");
        assertThat(d.deliverTo()).isEmpty();
        assertThat(d.account()).isEmpty();
    }

    @Test
    void checkRecipient_unknownOnInboundDomainSectionWithoutMappings_refused550() {
        RelayPolicy p = policy(guide().domain(local("lists.domain1.com").toBuilder().inbound(true).build()));

        assertThat(p.checkRecipient(a("x@lists.domain1.com"), INTERNET, a("a@example.org")).rule())
                .isEqualTo(PolicyRule.UNKNOWN_LOCAL_RECIPIENT);
    }

    @Test
    void checkRecipient_smarthostSectionOnThisHostWithoutAuth_isNotALocalDomain() {
        // smtp_server = localhost without AUTH is an upstream (a local Postfix), so its domain is relayed, not served.
        RelayPolicy p = policy(guide().domain(local("lists.domain1.com")));

        assertThat(p.checkRecipient(a("x@lists.domain1.com"), INTERNET, a("a@example.org")).rule())
                .isEqualTo(PolicyRule.RELAY_DENIED);
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
    void checkRecipient_ipv4MappedIpv6Loopback_isTrusted() {
        InboundDecision d = policy(guide()).checkRecipient(a("customer@example.com"), ip("::ffff:127.0.0.1"),
                a("contact-sales@mailer.domain1.com"));

        assertThat(d.rule()).isEqualTo(PolicyRule.TRUSTED_SUBMISSION);
    }

    @Test
    void checkRecipient_emptyTrustedNetworks_loopbackIsNotTrusted() {
        RelayPolicy p = policy(guide().global(g -> g.trustedNetworks(List.of())));

        assertThat(p.checkRecipient(a("customer@example.com"), LOOPBACK, a("contact-sales@mailer.domain1.com")).rule())
                .isEqualTo(PolicyRule.RELAY_DENIED);
    }

    @Test
    void checkRecipient_customTrustedNetwork_trustsItsClients() {
        RelayPolicy p = policy(guide().global(g -> g.trustedNetworks(List.of(Cidr.parse("192.0.2.0/24")))));

        assertThat(p.checkRecipient(a("customer@example.com"), INTERNET, a("contact-sales@mailer.domain1.com")).rule())
                .isEqualTo(PolicyRule.TRUSTED_SUBMISSION);
        assertThat(p.checkRecipient(a("customer@example.com"), LOOPBACK, a("contact-sales@mailer.domain1.com")).rule())
                .isEqualTo(PolicyRule.RELAY_DENIED);
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

    @Test
    void checkRecipient_trustedClientRecipientOutsideUsersAllowedDomains_refused554() {
        RelayPolicy p = policy(guide().user(user(ACCOUNT).canSendFrom(true).allowedDomains(List.of("domain1.com")).build()));

        InboundDecision d = p.checkRecipient(a("customer@example.com"), LOOPBACK, a(ACCOUNT));

        assertThat(d.rule()).isEqualTo(PolicyRule.RECIPIENT_DOMAIN_NOT_ALLOWED);
        assertThat(d.reply()).startsWith("554 5.7.1 ");
    }

    @Test
    void checkRecipient_trustedClientUserSenderWithoutAccount_refused451() {
        RelayPolicy p = policy(guide()
                .domain(upstream("domain2.com", "relay@domain2.com"))
                .user(user("*@mailer.domain1.com").canSendFrom(true).build()));

        InboundDecision d = p.checkRecipient(a("customer@example.com"), LOOPBACK, a("reports@mailer.domain1.com"));

        assertThat(d.rule()).isEqualTo(PolicyRule.NO_ACCOUNT);
        assertThat(d.reply()).startsWith("451 4.3.5 ");
    }

    @Test
    void checkRecipient_userRecipientWithoutAccount_refused451() {
        RelayPolicy p = policy(guide()
                .domain(upstream("domain2.com", "relay@domain2.com"))
                .user(user("ops@example.net").canSendTo(true).build()));

        InboundDecision d = p.checkRecipient(a("ops@example.net"), INTERNET, a("x@example.org"));

        assertThat(d.rule()).isEqualTo(PolicyRule.NO_ACCOUNT);
        assertThat(d.replyCode()).isEqualTo(451);
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
    void checkRecipient_routingCharactersThroughTemplateUser_refused() {
        RelayPolicy p = policy(guide().user(user("*@domain1.com").canSendTo(true).build()));

        assertThat(p.checkRecipient(a("victim%example.com@domain1.com"), INTERNET, null).rule())
                .isEqualTo(PolicyRule.ROUTING_CHARACTERS);
        assertThat(p.checkRecipient(a("plain@domain1.com"), INTERNET, null).rule()).isEqualTo(PolicyRule.RECIPIENT_USER);
    }

    @Test
    void checkRecipient_percentHackOnAliasDomainWithoutWildcard_refusedAsUnknown() {
        InboundDecision d = policy(guide()).checkRecipient(a("victim%example.com@mailer.domain1.com"), INTERNET, null);

        assertThat(d.rule()).isEqualTo(PolicyRule.UNKNOWN_LOCAL_RECIPIENT);
    }

    @Test
    void checkRecipient_percentHackOnForeignDomain_refusedAsRelay() {
        InboundDecision d = policy(guide()).checkRecipient(a("victim%example.com@example.net"), INTERNET,
                a("contact-sales@mailer.domain1.com"));

        assertThat(d.rule()).isEqualTo(PolicyRule.RELAY_DENIED);
    }

    @Test
    void checkRecipient_exactMappingNamingPercentAddress_accepted() {
        RelayPolicy p = policy(guide().mapping(mapping("odd", "a%b@mailer.domain1.com", "ab@domain1.com", ACCOUNT)));

        assertThat(p.checkRecipient(a("a%b@mailer.domain1.com"), INTERNET, null).rule()).isEqualTo(PolicyRule.RECIPIENT_MAPPING);
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
