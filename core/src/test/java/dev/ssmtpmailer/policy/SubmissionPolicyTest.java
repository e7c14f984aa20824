package dev.ssmtpmailer.policy;

import static dev.ssmtpmailer.testing.TestConfigs.local;
import static dev.ssmtpmailer.testing.TestConfigs.mapping;
import static dev.ssmtpmailer.testing.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.PasswordHash;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.UserConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Submission with AUTH: who may log in, and what a logged-in client may send (RelayPolicy, SubmissionLogins). */
class SubmissionPolicyTest {
    private static final String ACCOUNT = "mail-relay@domain1.com";
    private static final String APP = "app@mailer.domain1.com";
    private static final String OTHER = "other@mailer.domain1.com";
    /** bcrypt hashes (made by at.favre.lib:bcrypt) of "secret one" (cost 4) and "other-pass" (cost 4). */
    private static final PasswordHash APP_HASH = PasswordHash.parse(
            "{bcrypt}$2a$04$xn3e.h3dCZlZd1HZ0dGkquF5a0zDAAKB3mz9o4upCQ1/Xx9sNAevi");
    private static final PasswordHash OTHER_HASH = PasswordHash.parse(
            "{bcrypt}$2a$04$a7dVt5k4xTYTn6MeSkDwI.VHnzjlrF/lrCnSrYwvEm6OwTOjKycRm");
    private static final PasswordHash COSTLY_HASH = PasswordHash.parse(
            "{bcrypt}$2a$13$a7dVt5k4xTYTn6MeSkDwI.VHnzjlrF/lrCnSrYwvEm6OwTOjKycRm");
    /** Outside the default trusted_networks (loopback). */
    private static final InetAddress INTERNET;

    static {
        try {
            INTERNET = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A verifier that knows the two passwords above and records every hash it was asked to check. */
    private final List<PasswordHash> checked = new ArrayList<>();
    private final SubmissionLogins.Verifier verifier = (password, hash) -> {
        checked.add(hash);
        String p = new String(password, StandardCharsets.UTF_8);
        return Map.of(APP_HASH, "secret one", OTHER_HASH, "other-pass").getOrDefault(hash, "\0").equals(p);
    };

    private static EmailAddress a(String s) {
        return EmailAddress.parse(s);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The guide's setup, plus two users that may log in. */
    private static RelayConfig.Builder config() {
        return RelayConfig.builder()
                .domain(upstream("domain1.com", ACCOUNT))
                .domain(local("mailer.domain1.com"))
                .mapping(mapping("contact-sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com", ACCOUNT))
                .user(UserConfig.builder(APP).canSendFrom(true).passwordHash(APP_HASH).build())
                .user(UserConfig.builder(OTHER).canSendFrom(true).passwordHash(OTHER_HASH).build());
    }

    private static RelayPolicy policy(RelayConfig.Builder b) {
        return RelayPolicy.create(b.build());
    }

    private static InboundClient loggedIn(String user) {
        return InboundClient.authenticated(INTERNET, a(user));
    }

    // ---- logins ----

    @Test
    void authenticate_rightPasswordAnyCaseOfName_returnsTheUsersAddress() {
        SubmissionLogins logins = policy(config()).logins();

        assertThat(logins.authenticate("App@Mailer.Domain1.com", utf8("secret one"), verifier)).contains(a(APP));
        assertThat(checked).containsExactly(APP_HASH);
    }

    @Test
    void authenticate_wrongPassword_isEmpty() {
        assertThat(policy(config()).logins().authenticate(APP, utf8("secret two"), verifier)).isEmpty();
    }

    @Test
    void authenticate_anotherUsersPassword_isEmpty() {
        assertThat(policy(config()).logins().authenticate(APP, utf8("other-pass"), verifier)).isEmpty();
    }

    @Test
    void authenticate_unknownName_checksOneStandInHashOfTheHighestCost() {
        RelayConfig.Builder b = config().user(UserConfig.builder("ops@mailer.domain1.com").canSendFrom(true)
                .passwordHash(COSTLY_HASH).build());

        assertThat(policy(b).logins().authenticate("nobody@mailer.domain1.com", utf8("other-pass"), verifier)).isEmpty();
        assertThat(checked).singleElement().satisfies(h -> {
            assertThat(h.cost()).isEqualTo(13);
            assertThat(h).isNotIn(APP_HASH, OTHER_HASH, COSTLY_HASH);
        });
    }

    @Test
    void authenticate_disabledUser_cannotLogInButCostsTheSame() {
        RelayConfig.Builder b = RelayConfig.builder().domain(upstream("domain1.com", ACCOUNT)).domain(local("mailer.domain1.com"))
                .user(UserConfig.builder(APP).canSendFrom(true).passwordHash(APP_HASH).enabled(false).build())
                .user(UserConfig.builder(OTHER).canSendFrom(true).passwordHash(OTHER_HASH).build());

        assertThat(policy(b).logins().authenticate(APP, utf8("secret one"), verifier)).isEmpty();
        assertThat(checked).singleElement().satisfies(h -> assertThat(h).isNotEqualTo(APP_HASH));
    }

    @Test
    void logins_noUserWithPasswordHash_isEmpty() {
        RelayConfig.Builder b = RelayConfig.builder().domain(upstream("domain1.com", ACCOUNT)).domain(local("mailer.domain1.com"))
                .user(UserConfig.builder(APP).canSendFrom(true).build());

        assertThat(policy(b).logins().isEmpty()).isTrue();
        assertThat(policy(config()).logins().isEmpty()).isFalse();
        assertThat(policy(config()).logins().toString()).doesNotContain("app@").doesNotContain("$2a$");
    }

    // ---- what a logged-in client may send ----

    @Test
    void checkRecipient_loggedInFromOutsideTrustedNetworks_acceptedAsAuthenticatedSubmission() {
        InboundDecision d = policy(config()).checkRecipient(a("customer@example.com"), loggedIn(APP), a(APP));

        assertThat(d.rule()).isEqualTo(PolicyRule.AUTHENTICATED_SUBMISSION);
        assertThat(d.reply()).startsWith("250 2.1.5");
        assertThat(d.submission()).hasValueSatisfying(r -> {
            assertThat(r.matchedRule()).isEqualTo(PolicyRule.SENDER_USER);
            assertThat(r.envelopeSender()).isEqualTo(a(APP));
            assertThat(r.account().name()).isEqualTo("domain1.com");
        });
        assertThat(d.reason()).contains("192.0.2.7 (user app@mailer.domain1.com) logged in");
    }

    @Test
    void checkRecipient_sameClientNotLoggedIn_relayDenied() {
        InboundDecision d = policy(config()).checkRecipient(a("customer@example.com"), InboundClient.anonymous(INTERNET), a(APP));

        assertThat(d.rule()).isEqualTo(PolicyRule.RELAY_DENIED);
        assertThat(d.reply()).startsWith("554 5.7.1");
    }

    @Test
    void checkRecipient_loggedInSendingAsAnotherUser_refused550SenderLoginMismatch() {
        InboundDecision d = policy(config()).checkRecipient(a("customer@example.com"), loggedIn(APP), a(OTHER));

        assertThat(d.rule()).isEqualTo(PolicyRule.SENDER_LOGIN_MISMATCH);
        assertThat(d.reply()).isEqualTo("550 5.7.1 <customer@example.com>: Sender address rejected: not owned by the "
                + "logged-in user");
        assertThat(d.reason()).contains(OTHER).contains(APP);
    }

    @Test
    void checkRecipient_loggedInOnLoopback_isStillBoundToItsOwnAddress() {
        InboundClient onLoopback = InboundClient.authenticated(InetAddress.getLoopbackAddress(), a(APP));

        assertThat(policy(config()).checkRecipient(a("customer@example.com"), onLoopback, a("contact-sales@mailer.domain1.com"))
                .rule()).isEqualTo(PolicyRule.SENDER_LOGIN_MISMATCH);
    }

    @Test
    void checkRecipient_loggedInToMappedAlias_forwardedAsAnyInboundMail() {
        InboundDecision d = policy(config()).checkRecipient(a("contact-sales@mailer.domain1.com"), loggedIn(APP), a(APP));

        assertThat(d.rule()).isEqualTo(PolicyRule.RECIPIENT_MAPPING);
    }

    @Test
    void checkRecipient_loggedInWithNullSender_refused() {
        assertThat(policy(config()).checkRecipient(a("customer@example.com"), loggedIn(APP), null).rule())
                .isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
    }

    @Test
    void checkRecipient_loggedInUserWithAllowedDomains_restrictsRecipientsEvenForAMappedAddress() {
        RelayConfig.Builder b = RelayConfig.builder().domain(upstream("domain1.com", ACCOUNT)).domain(local("mailer.domain1.com"))
                .mapping(mapping("app", APP, "app@domain1.com", ACCOUNT))
                .user(UserConfig.builder(APP).canSendFrom(true).passwordHash(APP_HASH).allowedDomains(List.of("example.com"))
                        .build());
        RelayPolicy p = policy(b);

        InboundDecision allowed = p.checkRecipient(a("customer@example.com"), loggedIn(APP), a(APP));
        assertThat(allowed.rule()).isEqualTo(PolicyRule.AUTHENTICATED_SUBMISSION);
        assertThat(allowed.submission().orElseThrow().envelopeSender()).isEqualTo(a("app@domain1.com"));
        assertThat(p.checkRecipient(a("customer@example.org"), loggedIn(APP), a(APP)).rule())
                .isEqualTo(PolicyRule.RECIPIENT_DOMAIN_NOT_ALLOWED);
    }

    @Test
    void checkRecipient_userRemovedAfterLogin_refused() {
        RelayPolicy reloaded = policy(RelayConfig.builder().domain(upstream("domain1.com", ACCOUNT))
                .domain(local("mailer.domain1.com")).user(UserConfig.builder(APP).canSendFrom(true).build()));

        assertThat(reloaded.checkRecipient(a("customer@example.com"), loggedIn(APP), a(APP)).rule())
                .isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
    }

    @Test
    void checkSubmissionSender_ownAddressAnyCase_allowedWithTheRoute() {
        OutboundDecision d = policy(config()).checkSubmissionSender(a(APP), a("APP@mailer.domain1.com"));

        assertThat(d.allowed()).isTrue();
        assertThat(d.rule()).isEqualTo(PolicyRule.SENDER_USER);
    }

    @Test
    void checkSubmissionSender_anotherUsersAddress_refusedNamingBoth() {
        OutboundDecision d = policy(config()).checkSubmissionSender(a(APP), a(OTHER));

        assertThat(d.rule()).isEqualTo(PolicyRule.SENDER_LOGIN_MISMATCH);
        assertThat(d.refusedAddress()).contains(a(OTHER));
        assertThatThrownBy(d::orElseThrow).isInstanceOf(PolicyException.class)
                .hasMessageContaining("(rule SENDER_LOGIN_MISMATCH)");
    }

    @Test
    void checkSubmissionSender_nullSender_refused() {
        assertThat(policy(config()).checkSubmissionSender(a(APP), null).rule()).isEqualTo(PolicyRule.SENDER_NOT_ALLOWED);
    }

    // ---- configuration ----

    @Test
    void build_passwordHashOnTemplateUser_isAProblemAtTheKey() {
        assertThatThrownBy(() -> RelayConfig.builder().domain(upstream("domain1.com", ACCOUNT)).domain(local("mailer.domain1.com"))
                .user(UserConfig.builder("*@mailer.domain1.com").templateAddress(true).canSendFrom(true)
                        .passwordHash(APP_HASH).build()).build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::key,
                        p -> p.message().contains("template_address")).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "password_hash", true)));
    }

    @Test
    void build_passwordHashWithoutCanSendFrom_isAProblemAtTheKey() {
        assertThatThrownBy(() -> RelayConfig.builder().domain(upstream("domain1.com", ACCOUNT)).domain(local("mailer.domain1.com"))
                .user(UserConfig.builder(APP).passwordHash(APP_HASH).build()).build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.toString()).contains("password_hash: is set, but can_send_from = false")));
    }

    @Test
    void userConfig_toString_neverShowsTheHash() {
        assertThat(UserConfig.builder(APP).passwordHash(APP_HASH).build().toString()).doesNotContain("xn3e");
        assertThat(Arrays.asList(APP_HASH, OTHER_HASH).toString()).doesNotContain("$2a$");
    }
}
