package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sections given as keys and values ({@link RelayConfig.Builder#section}), as the INI files and Spring give them. */
class SectionValuesTest {

    private static SectionValues gmail(SourceLocation at) {
        return SectionValues.of(SectionKind.DOMAIN, "domain1.com", at)
                .put(ConfigKeys.SMTP_SERVER, "smtp.gmail.com")
                .put(ConfigKeys.RELAY_ACCOUNT, "mail-relay@domain1.com")
                .put(ConfigKeys.USERNAME, "mail-relay@domain1.com");
    }

    private static List<String> problems(RelayConfig.Builder builder) {
        try {
            builder.build();
            throw new AssertionError("expected a ConfigException");
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
    }

    @Test
    void section_domainKeys_becomeTheDomain() {
        RelayConfig config = RelayConfig.builder().environment(Map.of("GMAIL", "app-password")::get)
                .section(gmail(null).put(ConfigKeys.PASSWORD_ENV, "GMAIL").put(ConfigKeys.USE_SSL, true)
                        .put(ConfigKeys.SMTP_PORT, 465))
                .build();

        DomainConfig d = config.domains().get(0);
        assertThat(d.tls()).isEqualTo(TlsMode.IMPLICIT);
        assertThat(d.smtpPort()).isEqualTo(465);
        assertThat(d.password().reveal()).isEqualTo("app-password");
        assertThat(d.password().environmentVariable()).contains("GMAIL");
    }

    @Test
    void section_twoSourcesOfOneSecret_isRefusedAtTheSecond() {
        RelayConfig.Builder b = RelayConfig.builder()
                .section(gmail(null).put(ConfigKeys.PASSWORD, "pw").put(ConfigKeys.PASSWORD_ENV, "GMAIL"));

        assertThat(problems(b)).containsExactly("[domain:domain1.com] password_env: cannot be combined with password; "
                + "set only one of password, password_file, password_env");
    }

    @Test
    void section_twoSourcesReadFromAFile_namesTheLineOfTheFirst() {
        SourceLocation at = new SourceLocation("domains/domain1.com.conf", 1, "domain:domain1.com",
                Map.of("oauth2_client_secret", 8, "oauth2_client_secret_file", 9));
        RelayConfig.Builder b = RelayConfig.builder().section(gmail(at).put(ConfigKeys.PASSWORD, "pw")
                .put(ConfigKeys.OAUTH2_CLIENT_SECRET, "s").put(ConfigKeys.OAUTH2_CLIENT_SECRET_FILE, java.nio.file.Path.of("/x")));

        assertThat(problems(b)).contains("domains/domain1.com.conf:9: [domain:domain1.com] oauth2_client_secret_file: "
                + "cannot be combined with oauth2_client_secret (line 8); set only one of oauth2_client_secret, "
                + "oauth2_client_secret_file");
    }

    @Test
    void section_sslAndStarttlsBothTrue_isRefusedAtUseSsl() {
        RelayConfig.Builder b = RelayConfig.builder().section(gmail(null).put(ConfigKeys.PASSWORD, "pw")
                .put(ConfigKeys.USE_SSL, true).put(ConfigKeys.USE_STARTTLS, true));

        assertThat(problems(b)).containsExactly("[domain:domain1.com] use_ssl: use_ssl = true and use_starttls = true "
                + "exclude each other: use_ssl is TLS from the first byte (port 465), use_starttls upgrades a plain "
                + "connection (port 587); set one to false");
    }

    @Test
    void build_keyRulesValueConversionsAndValueRules_areAllReportedAtOnce() {
        RelayConfig.Builder b = RelayConfig.builder()
                .section(SectionValues.of(SectionKind.GLOBAL, null, null).put(ConfigKeys.DEFAULT_FROM, "not an address")
                        .put(ConfigKeys.TRUSTED_NETWORKS, List.of("10.0.0.0/8", "ten")))
                .section(gmail(null).put(ConfigKeys.PASSWORD, "pw").put(ConfigKeys.PASSWORD_FILE, java.nio.file.Path.of("/pw"))
                        .put(ConfigKeys.SMTP_PORT, 0));

        assertThat(problems(b)).extracting(p -> p.substring(0, p.indexOf(':', p.indexOf(']'))))
                .containsExactly("[global] default_from", "[global] trusted_networks", "[domain:domain1.com] password_file",
                        "[domain:domain1.com] smtp_port");
    }

    @Test
    void section_emptyVariableName_isReportedAtItsKey() {
        RelayConfig.Builder b = RelayConfig.builder().section(gmail(null).put(ConfigKeys.PASSWORD_ENV, " "));

        assertThat(problems(b)).contains("[domain:domain1.com] password_env: must name an environment variable");
    }

    @Test
    void put_keyOfAnotherSection_isRefused_andNullUnsets() {
        SectionValues v = SectionValues.of(SectionKind.USER, "a@b.example", null);

        assertThatThrownBy(() -> v.put(ConfigKeys.SMTP_PORT, 25)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[domain] smtp_port is not a key of [user]");
        v.put(ConfigKeys.USER_DOMAIN, "b.example").put(ConfigKeys.USER_DOMAIN, null);
        v.put(ConfigKeys.ALLOWED_DOMAINS, List.of());
        assertThat(v.keys()).containsExactly(ConfigKeys.ALLOWED_DOMAINS);
    }

    @Test
    void section_emptyTrustedNetworks_trustsNoNetwork_unsetTakesTheDefault() {
        RelayConfig none = RelayConfig.builder()
                .section(SectionValues.of(SectionKind.GLOBAL, null, null).put(ConfigKeys.TRUSTED_NETWORKS, List.of())).build();
        RelayConfig unset = RelayConfig.builder().section(SectionValues.of(SectionKind.GLOBAL, null, null)).build();

        assertThat(none.global().trustedNetworks()).isEmpty();
        assertThat(unset.global().trustedNetworks()).isEqualTo(GlobalSettings.defaults().trustedNetworks());
    }

    @Test
    void valuesOfARecord_neverHoldAnInlineSecret() {
        SectionValues v = SectionValues.of(RelayConfigTest.gmail());

        assertThat(v.get(ConfigKeys.PASSWORD)).isEqualTo(Secret.MASK);
        assertThat(v.toString()).contains("password=******").doesNotContain("app-password");
    }

    @Test
    void printable_secretsAndADatabaseUrlsPassword_areMasked_otherValuesInTheirIniForm() {
        SectionValues v = SectionValues.of(RelayConfig.builder()
                .global(g -> g.queueBackend("postgres").databaseUrl("jdbc:postgresql://db/mail?user=r&password=s3cret"))
                .build().global());
        SectionValues d = SectionValues.of(RelayConfigTest.gmail());

        assertThat(v.printable(ConfigKeys.DATABASE_URL)).isEqualTo("jdbc:postgresql://db/mail?user=r&password=******");
        assertThat(v.printable(ConfigKeys.RETRY_MAX_BACKOFF)).isEqualTo(ConfigKeys.RETRY_MAX_BACKOFF.type()
                .format(v.get(ConfigKeys.RETRY_MAX_BACKOFF)));
        assertThat(d.printable(ConfigKeys.PASSWORD)).isEqualTo(Secret.MASK);
        assertThat(v.toString()).contains("database_url=jdbc:postgresql://db/mail?user=r&password=******")
                .doesNotContain("s3cret");
    }
}
