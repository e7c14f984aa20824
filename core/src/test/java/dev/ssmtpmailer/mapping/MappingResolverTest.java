package dev.ssmtpmailer.mapping;

import static dev.ssmtpmailer.testing.TestConfigs.local;
import static dev.ssmtpmailer.testing.TestConfigs.mapping;
import static dev.ssmtpmailer.testing.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.UserConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MappingResolverTest {
    private static final String ACCOUNT = "mail-relay@domain1.com";

    private static RelayConfig config(MappingConfig... mappings) {
        RelayConfig.Builder b = RelayConfig.builder()
                .domain(upstream("domain1.com", ACCOUNT))
                .domain(upstream("domain2.com", "relay@domain2.com"))
                .domain(local("mailer.domain1.com"));
        for (MappingConfig m : mappings) {
            b.mapping(m);
        }
        return b.build();
    }

    private static Optional<Route> resolve(RelayConfig config, String address) {
        return MappingResolver.create(config).resolve(EmailAddress.parse(address));
    }

    @Test
    void resolve_exactAlias_returnsCanonicalMappingAndAccount() {
        RelayConfig c = config(mapping("contact-sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com", ACCOUNT));

        Route r = resolve(c, "contact-sales@mailer.domain1.com").orElseThrow();

        assertThat(r.alias()).isEqualTo(EmailAddress.parse("contact-sales@mailer.domain1.com"));
        assertThat(r.canonical().address()).isEqualTo("contact-sales@domain1.com");
        assertThat(r.mappingName()).isEqualTo("contact-sales");
        assertThat(r.account().name()).isEqualTo("domain1.com");
    }

    /** One mapping, one address: the canonical address it resolves to, or none. */
    @ParameterizedTest(name = "{0} -> {1}: {2} resolves to {3}")
    @CsvSource(nullValues = "none", textBlock = """
            # a pattern in mixed case matches an address in lower case
            Contact-Sales@MAILER.domain1.com, Sales@domain1.com, contact-sales@mailer.domain1.com, Sales@domain1.com
            # a wildcard carries the local part over with its case
            *@mailer.domain1.com, *@domain1.com, Jane.Doe@MAILER.domain1.com, Jane.Doe@domain1.com
            # a wildcard to one address collects every local part in that mailbox
            *@mailer.domain1.com, inbox@domain1.com, anything@mailer.domain1.com, inbox@domain1.com
            # another alias, or the canonical address itself, is not mapped
            contact-sales@mailer.domain1.com, contact-sales@domain1.com, contact-legal@mailer.domain1.com, none
            contact-sales@mailer.domain1.com, contact-sales@domain1.com, contact-sales@domain1.com, none
            # a wildcard matches neither a subdomain nor the parent domain
            *@mailer.domain1.com, *@domain1.com, a@sub.mailer.domain1.com, none
            *@mailer.domain1.com, *@domain1.com, a@domain1.com, none
            """)
    void resolve_oneMapping_canonicalAddressOrNone(String fromPattern, String toPattern, String address, String canonical) {
        RelayConfig c = config(mapping("m", fromPattern, toPattern, ACCOUNT));

        assertThat(resolve(c, address).map(r -> r.canonical().address())).isEqualTo(Optional.ofNullable(canonical));
    }

    @Test
    void resolve_differentCaseInLocalPartAndDomain_matchesExact() {
        RelayConfig c = config(mapping("contact-sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com", ACCOUNT));

        Route r = resolve(c, "Contact-SALES@Mailer.Domain1.COM").orElseThrow();

        assertThat(r.canonical().address()).isEqualTo("contact-sales@domain1.com");
        assertThat(r.alias().localPart()).isEqualTo("Contact-SALES");
    }

    @Test
    void resolve_exactAndWildcardBothMatch_exactWins() {
        RelayConfig c = config(
                mapping("all", "*@mailer.domain1.com", "*@domain1.com", ACCOUNT),
                mapping("sales", "contact-sales@mailer.domain1.com", "sales-team@domain2.com", "relay@domain2.com"));

        Route sales = resolve(c, "CONTACT-sales@mailer.domain1.com").orElseThrow();
        Route other = resolve(c, "contact-legal@mailer.domain1.com").orElseThrow();

        assertThat(sales.mappingName()).isEqualTo("sales");
        assertThat(sales.canonical().address()).isEqualTo("sales-team@domain2.com");
        assertThat(sales.account().name()).isEqualTo("domain2.com");
        assertThat(other.mappingName()).isEqualTo("all");
        assertThat(other.account().name()).isEqualTo("domain1.com");
    }

    @Test
    void resolve_smtpAccountNamesUsernameOnly_picksThatDomain() {
        DomainConfig d = DomainConfig.builder("domain3.com").smtpServer("smtp.example.com").username("login@domain3.com")
                .password("x").build();
        RelayConfig c = RelayConfig.builder().domain(d)
                .mapping(mapping("m", "a@mailer.domain3.com", "a@domain3.com", "LOGIN@domain3.com")).build();

        assertThat(resolve(c, "a@mailer.domain3.com").orElseThrow().account()).isEqualTo(d);
    }

    @Test
    void create_customConfigWithUnknownAccount_throwsConfigExceptionNamingTheKey() {
        RelayConfig valid = config();
        RelayConfig broken = new RelayConfig() {
            @Override public GlobalSettings global() { return valid.global(); }
            @Override public List<DomainConfig> domains() { return valid.domains(); }
            @Override public List<UserConfig> users() { return List.of(); }
            @Override public List<MappingConfig> mappings() {
                return List.of(mapping("m", "a@mailer.domain1.com", "a@domain1.com", "nobody@nowhere.example"));
            }
        };

        assertThatThrownBy(() -> MappingResolver.create(broken))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[mapping:m] smtp_account")
                .hasMessageContaining("nobody@nowhere.example");
    }

    @Test
    void route_nullCanonical_isRefused() {
        EmailAddress a = EmailAddress.parse("a@b.example");
        DomainConfig d = upstream("domain1.com", ACCOUNT);

        assertThatThrownBy(() -> new Route(a, null, "m", d)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("canonical");
    }
}
