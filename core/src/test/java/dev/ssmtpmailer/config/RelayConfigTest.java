package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelayConfigTest {

    static DomainConfig gmail() {
        return DomainConfig.builder("domain1.com")
                .smtpServer("smtp.gmail.com").smtpPort(587).tls(TlsMode.STARTTLS)
                .authMethod(AuthMethod.LOGIN).relayAccount("mail-relay@domain1.com")
                .username("mail-relay@domain1.com").password("app-password")
                .build();
    }

    static DomainConfig local() {
        return DomainConfig.builder("mailer.domain1.com")
                .smtpServer("localhost").smtpPort(25).authMethod(AuthMethod.NONE).tls(TlsMode.NONE)
                .relayAccount("mail-relay@mailer.domain1.com")
                .build();
    }

    @Test
    void build_guideConfiguration_isValid() {
        RelayConfig config = RelayConfig.builder()
                .global(g -> g.defaultHostname("mailer.domain1.com"))
                .domain(gmail())
                .domain(local())
                .mapping(MappingConfig.of("contact-sales", "contact-sales@mailer.domain1.com",
                        "contact-sales@domain1.com", "mail-relay@domain1.com"))
                .user(UserConfig.builder("mail-relay@domain1.com").domain("mailer.domain1.com")
                        .canSendFrom(true).canSendTo(true).allowedDomains(java.util.List.of("domain1.com")).build())
                .build();

        assertThat(config.account("mail-relay@domain1.com")).contains(gmail());
        assertThat(config.upstreamAccounts()).extracting(DomainConfig::name).containsExactly("domain1.com");
        assertThat(config.localDomains()).extracting(DomainConfig::name).containsExactly("mailer.domain1.com");
    }

    @Test
    void build_defaults_areTheDocumentedOnes() {
        GlobalSettings g = RelayConfig.builder().build().global();
        assertThat(g.maxConnections()).isEqualTo(10);
        assertThat(g.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(g.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(g.writeTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(g.rateLimitPerMinute()).isEqualTo(100);
        assertThat(g.rateLimitPerDay()).isZero();
        assertThat(g.retryMinBackoff()).isEqualTo(Duration.ofSeconds(300));
        assertThat(g.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(4000));
        assertThat(g.maxQueueLifetime()).isEqualTo(Duration.ofDays(5));
        assertThat(g.maxMessageSize()).isEqualTo(25L * 1024 * 1024);
        assertThat(g.spoolDir()).isEqualTo(Path.of("/var/spool/ssmtp-mailer"));
        assertThat(g.trustedNetworks()).extracting(Cidr::toString).containsExactly("127.0.0.0/8", "0:0:0:0:0:0:0:1/128");
    }

    @Test
    void build_reportsEveryProblemAtOnce_withSectionAndKey() {
        SourceLocation where = new SourceLocation("domains/bad.conf", 1, "domain:bad", Map.of("smtp_port", 4));
        assertThatThrownBy(() -> RelayConfig.builder()
                .global(g -> g.readTimeout(Duration.ZERO).maxConnections(0))
                .domain(DomainConfig.builder("bad").smtpServer("smtp.example.com").smtpPort(70000)
                        .username("u").source(where).build())
                .mapping(MappingConfig.of("m", "a@mailer.domain1.com", "a@domain1.com", "nobody@domain1.com"))
                .build())
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                            "read_timeout", "max_connections", "smtp_port", "password", "smtp_account");
                    ConfigProblem port = e.problems().stream().filter(p -> "smtp_port".equals(p.key())).findFirst().orElseThrow();
                    assertThat(port.toString()).isEqualTo(
                            "domains/bad.conf:4: [domain:bad] smtp_port: must be between 1 and 65535, was 70000");
                    assertThat(e.getMessage()).startsWith("invalid configuration, 5 problems:");
                });
    }

    @Test
    void build_durationsBeyondTheirBound_refusedNamingTheBound() {
        // 999999999999d once passed, then overflowed created + lifetime (DateTimeException after the groups were
        // sent) and Backoff's toMillis (ArithmeticException)
        Duration huge = Duration.ofDays(999_999_999_999L);
        assertThatThrownBy(() -> RelayConfig.builder().domain(gmail())
                .global(g -> g.maxQueueLifetime(huge).retryMaxBackoff(huge).retryMinBackoff(Duration.ofDays(366))
                        .queueBackend("postgres").databaseUrl("jdbc:postgresql://db/mail").queueLease(Duration.ofHours(25)))
                .build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
                        .containsExactlyInAnyOrder(
                                "[global] max_queue_lifetime: must be at most 365d, was 999999999999d",
                                "[global] retry_max_backoff: must be at most 365d, was 999999999999d",
                                "[global] retry_min_backoff: must be at most 365d, was 366d",
                                "[global] queue_lease: must be at most 1d, was 25h"));
    }

    @Test
    void build_clientTimeoutsOutOfRange_refusedNamingTheRange_asEveryBoundedDuration() {
        // they had a message of their own, with the value as Duration.toString() (PT0S)
        assertThatThrownBy(() -> RelayConfig.builder().domain(gmail())
                .global(g -> g.connectionTimeout(Duration.ZERO).readTimeout(Duration.ofMillis(-1500))
                        .writeTimeout(Duration.ofMinutes(61)))
                .build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
                        .containsExactly(
                                "[global] connection_timeout: must be a positive duration and at most 1h, was 0s",
                                "[global] read_timeout: must be a positive duration and at most 1h, was -1500ms",
                                "[global] write_timeout: must be at most 1h, was 61m"));
        assertThat(RelayConfig.builder().domain(gmail()).global(g -> g.connectionTimeout(Duration.ofMillis(1))
                .readTimeout(Duration.ofHours(1)).writeTimeout(Duration.ofHours(1))).build().global().readTimeout())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void build_serverDurationsOutOfRange_refusedAtTheirKeysNamingTheRange() {
        Duration huge = Duration.ofDays(999_999_999_999L);
        assertThatThrownBy(() -> RelayConfig.builder().domain(gmail())
                .global(g -> g.serverLimits(ServerLimits.builder().idleTimeout(huge.negated()).maxSessionTime(huge).build()))
                .build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
                        .containsExactly(
                                "[global] server_idle_timeout: must be a positive duration and at most 1h, was -999999999999d",
                                "[global] server_max_session_time: must be at most 1d, was 999999999999d"));
    }

    @Test
    void build_durationsAtTheirBound_accepted() {
        GlobalSettings g = RelayConfig.builder().domain(gmail())
                .global(b -> b.maxQueueLifetime(Duration.ofDays(365)).retryMaxBackoff(Duration.ofDays(365))
                        .retryMinBackoff(Duration.ofDays(365)).queueBackend("postgres")
                        .databaseUrl("jdbc:postgresql://db/mail").queueLease(Duration.ofDays(1)))
                .build().global();

        assertThat(g.maxQueueLifetime()).isEqualTo(Duration.ofDays(365));
        assertThat(g.queue().lease()).isEqualTo(Duration.ofDays(1));
    }

    /** Mappings the validator refuses beside the gmail() upstream, one row a problem, with what the message says. */
    static Stream<Arguments> invalidMappings() {
        return Stream.of(
                argumentSet("an account of no upstream, naming the known accounts",
                        List.of(MappingConfig.of("m", "a@mailer.domain1.com", "a@domain1.com", "other@domain1.com")),
                        "[mapping:m] smtp_account: 'other@domain1.com' matches no enabled [domain:...] relay_account or "
                                + "username (known: mail-relay@domain1.com)"),
                argumentSet("a from_pattern mapped twice, naming the first mapping",
                        List.of(MappingConfig.of("one", "a@mailer.domain1.com", "a@domain1.com", "mail-relay@domain1.com"),
                                MappingConfig.of("two", "A@MAILER.domain1.com", "b@domain1.com", "mail-relay@domain1.com")),
                        "[mapping:two] from_pattern: 'A@MAILER.domain1.com' is already mapped by [mapping:one]"),
                argumentSet("a wildcard target for an exact source",
                        List.of(MappingConfig.of("m", "a@mailer.domain1.com", "*@domain1.com", "mail-relay@domain1.com")),
                        "from_pattern must be *@host too"));
    }

    @ParameterizedTest
    @MethodSource("invalidMappings")
    void build_invalidMapping_namesTheProblem(List<MappingConfig> mappings, String message) {
        RelayConfig.Builder b = RelayConfig.builder().domain(gmail());
        mappings.forEach(b::mapping);

        assertThatThrownBy(b::build).hasMessageContaining(message);
    }

    @Test
    void build_sectionsOfOneNameInAnotherCase_areDuplicates() {
        assertThatThrownBy(() -> RelayConfig.builder().domain(gmail())
                .domain(DomainConfig.builder("DOMAIN1.com").smtpServer("smtp.example.com").build())
                .user(UserConfig.builder("ops@domain1.com").build()).user(UserConfig.builder("OPS@domain1.com").build())
                .build())
                .hasMessageContaining("[domain:DOMAIN1.com] domain 'DOMAIN1.com' is defined more than once")
                .hasMessageContaining("[user:OPS@domain1.com] user 'OPS@domain1.com' is defined more than once");
    }

    @Test
    void build_domainWithoutName_showsHowToNameIt() {
        assertThatThrownBy(() -> RelayConfig.builder().domain(DomainConfig.builder("").smtpServer("smtp.example.com").build()).build())
                .hasMessageContaining("a domain section needs a name, as in [domain:domain1.com]");
    }

    @Test
    void build_missingPasswordEnv_isReportedWithoutRevealingAnything() {
        DomainConfig d = gmail().toBuilder().password(Secret.fromEnv("NO_SUCH_VAR", name -> null)).build();
        assertThatThrownBy(() -> RelayConfig.builder().domain(d).build())
                .hasMessageContaining("[domain:domain1.com] password_env: environment variable NO_SUCH_VAR is not set");
    }

    @Test
    void build_unsetVariablesGiven_missingPasswordEnvIsAWarningAndTheSecretStillFailsWhenUsed() {
        DomainConfig d = gmail().toBuilder().password(Secret.fromEnv("NO_SUCH_VAR", name -> null)).build();
        List<ConfigProblem> warnings = new ArrayList<>();

        RelayConfig config = RelayConfig.builder().unsetVariables(warnings::add).domain(d).build();

        assertThat(warnings).extracting(ConfigProblem::toString)
                .containsExactly("[domain:domain1.com] password_env: environment variable NO_SUCH_VAR is not set");
        assertThatThrownBy(() -> config.domains().get(0).password().reveal()).hasMessage("environment variable NO_SUCH_VAR is not set");
    }

    @Test
    void build_unsetVariablesGiven_anUnreadablePasswordFileIsStillAProblem() {
        DomainConfig d = gmail().toBuilder().password(Secret.fromFile(Path.of("/nonexistent/pw"))).build();

        assertThatThrownBy(() -> RelayConfig.builder().unsetVariables(p -> { }).domain(d).build())
                .hasMessageContaining("[domain:domain1.com] password_file: cannot read secret file /nonexistent/pw");
    }

    @Test
    void build_xoauth2WithoutCredentials_isRefused() {
        DomainConfig d = gmail().toBuilder().authMethod(AuthMethod.XOAUTH2).password((Secret) null).build();
        assertThatThrownBy(() -> RelayConfig.builder().domain(d).build())
                .hasMessageContaining("XOAUTH2 needs oauth2_access_token");
    }

    @Test
    void build_plainHttpTokenEndpoint_isRefusedUnlessLoopback() {
        DomainConfig remote = gmail().toBuilder().authMethod(AuthMethod.XOAUTH2)
                .oauth2(OAuth2Settings.refreshGrant(URI.create("http://oauth.example.com/token"), "id", Secret.of("s"), Secret.of("r")))
                .build();
        assertThatThrownBy(() -> RelayConfig.builder().domain(remote).build())
                .hasMessageContaining("oauth2_token_endpoint: must be an https URL");
        DomainConfig loopback = remote.toBuilder()
                .oauth2(OAuth2Settings.refreshGrant(URI.create("http://127.0.0.1:8080/token"), "id", Secret.of("s"), Secret.of("r")))
                .build();
        assertThat(RelayConfig.builder().domain(loopback).build().domains()).hasSize(1);
    }

    @Test
    void toString_neverShowsSecrets() {
        DomainConfig d = gmail().toBuilder()
                .oauth2(OAuth2Settings.refreshGrant(URI.create("https://t"), "id", Secret.of("client-secret"), Secret.of("refresh")))
                .build();
        assertThat(d.toString()).doesNotContain("app-password", "client-secret", "refresh=r").contains(Secret.MASK);
        assertThat(RelayConfig.builder().domain(gmail()).build().toString()).doesNotContain("app-password");
    }

    @Test
    void build_templateUserWithoutFlag_isRefused() {
        assertThatThrownBy(() -> RelayConfig.builder()
                .user(UserConfig.builder("*@mailer.domain1.com").canSendFrom(true).build()).build())
                .hasMessageContaining("template_address: must be true for a pattern");
    }

    @Test
    void displayName_isRelayAccountElseUsernameElseSectionName() {
        assertThat(gmail().displayName()).isEqualTo("mail-relay@domain1.com");
        assertThat(gmail().toBuilder().relayAccount(null).username("login@domain1.com").build().displayName())
                .isEqualTo("login@domain1.com");
        assertThat(DomainConfig.builder("relay.example.com").authMethod(AuthMethod.NONE).build().displayName())
                .isEqualTo("relay.example.com");
    }

    @Test
    void builderFromConfig_roundTrips() {
        RelayConfig config = RelayConfig.builder().domain(gmail()).domain(local()).build();
        assertThat(RelayConfig.builder(config).build()).isEqualTo(config);
    }
}
