package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DomainRoleTest {

    /** @return a domain on {@code server:port} without AUTH and TLS, as smarthosts and local domains are */
    private static DomainConfig.Builder withoutAuth(String name, String server, int port) {
        return DomainConfig.builder(name).smtpServer(server).smtpPort(port).authMethod(AuthMethod.NONE).tls(TlsMode.NONE);
    }

    private static DomainConfig smarthost(String name) {
        return withoutAuth(name, "127.0.0.1", 25).relayAccount("relay@" + name).build();
    }

    @Test
    void of_smarthostOnLoopbackWithoutAuth_isAnUpstream() {
        RelayConfig config = RelayConfig.builder().global(g -> g.defaultHostname("mailer.domain1.com"))
                .domain(smarthost("domain1.com"))
                .mapping(MappingConfig.of("m", "*@mailer.domain1.com", "*@domain1.com", "relay@domain1.com"))
                .build();

        assertThat(DomainRole.of(config, config.domain("domain1.com").orElseThrow()).local()).isFalse();
        assertThat(config.upstreamAccounts()).extracting(DomainConfig::name).containsExactly("domain1.com");
        assertThat(config.localDomains()).isEmpty();
    }

    @Test
    void of_domainNamedByDefaultHostname_isLocalWhateverItsHost() {
        RelayConfig config = RelayConfig.builder().global(g -> g.defaultHostname("Mailer.Domain1.com"))
                .domain(withoutAuth("mailer.domain1.com", "0.0.0.0", 2525).build())
                .build();

        assertThat(DomainRole.of(config, config.domains().get(0))).isEqualTo(new DomainRole(true, "named by default_hostname"));
        assertThat(config.localDomains()).extracting(DomainConfig::name).containsExactly("mailer.domain1.com");
    }

    @Test
    void of_domainOfAMappingsFromPattern_isLocal() {
        RelayConfig config = RelayConfig.builder()
                .domain(RelayConfigTest.gmail())
                .domain(withoutAuth("mailer.domain2.com", "localhost", 25).build())
                .mapping(MappingConfig.of("sales", "sales@MAILER.domain2.com", "sales@domain1.com", "mail-relay@domain1.com"))
                .build();

        assertThat(DomainRole.of(config, config.domain("mailer.domain2.com").orElseThrow()))
                .isEqualTo(new DomainRole(true, "named by the from_pattern of [mapping:sales]"));
        assertThat(config.upstreamAccounts()).extracting(DomainConfig::name).containsExactly("domain1.com");
    }

    @Test
    void of_inboundTrue_isLocalEvenOnAnotherHost() {
        RelayConfig config = RelayConfig.builder()
                .domain(DomainConfig.builder("in.example.org").smtpServer("mx.example.org").authMethod(AuthMethod.NONE)
                        .tls(TlsMode.NONE).inbound(true).build())
                .build();

        assertThat(DomainRole.of(config, config.domains().get(0))).isEqualTo(new DomainRole(true, "marked inbound = true"));
    }

    @Test
    void of_theOldRuleAlone_nowMakesAnUpstream() {
        // smtp_server = localhost and auth_method = NONE used to make the local domain; no name says so here.
        RelayConfig config = RelayConfig.builder().global(g -> g.defaultHostname("relay.example.org"))
                .domain(RelayConfigTest.local())
                .build();

        assertThat(config.localDomains()).isEmpty();
        assertThat(DomainRole.of(config, config.domains().get(0)).label()).isEqualTo("upstream");
    }

    @Test
    void warnings_upstreamOnThisHostWithoutAuth_suggestsInbound() {
        RelayConfig config = RelayConfig.builder().global(g -> g.defaultHostname("mailer.domain1.com"))
                .domain(smarthost("domain1.com"))
                .build();

        assertThat(DomainRole.warnings(config)).singleElement().satisfies(p -> {
            assertThat(p.section()).isEqualTo("domain:domain1.com");
            assertThat(p.key()).isEqualTo("smtp_server");
            assertThat(p.message()).contains("upstream on this host without AUTH (127.0.0.1:25)", "set inbound = true");
        });
    }

    @Test
    void warnings_localDomainWithCredentials_saysTheyAreUnused() {
        RelayConfig config = RelayConfig.builder().global(g -> g.defaultHostname("domain1.com"))
                .domain(RelayConfigTest.gmail())
                .build();

        assertThat(DomainRole.warnings(config)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is a local domain (named by default_hostname)",
                        "holds AUTH credentials"));
    }

    @Test
    void warnings_upstreamWithListenPort_saysItIsUnused() {
        RelayConfig config = RelayConfig.builder()
                .domain(RelayConfigTest.gmail().toBuilder().listenPort(2525).build())
                .build();

        assertThat(DomainRole.warnings(config)).singleElement()
                .satisfies(p -> assertThat(p.key()).isEqualTo("listen_port"));
    }

    @Test
    void warnings_guideConfiguration_hasNone() {
        RelayConfig config = RelayConfig.builder().global(g -> g.defaultHostname("mailer.domain1.com"))
                .domain(RelayConfigTest.gmail())
                .domain(RelayConfigTest.local())
                .build();

        assertThat(DomainRole.warnings(config)).isEmpty();
    }
}
