package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SectionValues;
import dev.ssmtpmailer.config.SourceLocation;
import dev.ssmtpmailer.config.ValueType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The inline properties reach core's builder key by key, and core's problems come back as property names. */
class RelayConfigTranslatorTest {

    static Stream<ConfigKey<?>> springKeys() {
        return Arrays.stream(SectionKind.values()).flatMap(k -> SectionPropertiesSource.keys(k).stream());
    }

    private static SsmtpMailerProperties bind(ConfigurationPropertySource source) {
        return new Binder(source).bindOrCreate(RelayConfigTranslator.PREFIX, SsmtpMailerProperties.class);
    }

    private static SsmtpMailerProperties bind(Map<String, String> properties) {
        return bind(new MapConfigurationPropertySource(properties));
    }

    private static SsmtpMailerProperties bind(String... properties) {
        Map<String, String> map = new HashMap<>();
        for (String p : properties) {
            map.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
        }
        return bind(map);
    }

    private static SsmtpMailerConfigException failure(SsmtpMailerProperties p) {
        SsmtpMailerConfigException e = catchThrowableOfType(SsmtpMailerConfigException.class,
                () -> RelayConfigTranslator.build(p, RelayConfigTranslator.toBuilder(p)));
        assertThat(e).as("the configuration should be refused").isNotNull();
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("springKeys")
    void key_boundFromItsPropertyName_reachesItsSection(ConfigKey<?> key) {
        String section = switch (key.section()) {
            case GLOBAL -> "ssmtp-mailer.global";
            case DOMAIN -> "ssmtp-mailer.domains[0]";
            case USER -> "ssmtp-mailer.users[0]";
            case MAPPING -> "ssmtp-mailer.mappings[0]";
        };
        Map<String, String> properties = new HashMap<>(Map.of(section + ".name", "n.example", section + ".address",
                "a@n.example"));
        Object expected = sample(key, properties, section + "." + key.propertyName());

        SsmtpMailerProperties p = bind(properties);
        SectionValues values = switch (key.section()) {
            case GLOBAL -> SectionRecords.toValues(p.global(), SectionKind.GLOBAL, null);
            case DOMAIN -> SectionRecords.toValues(p.domains().get(0), SectionKind.DOMAIN, "n.example");
            case USER -> SectionRecords.toValues(p.users().get(0), SectionKind.USER, "a@n.example");
            case MAPPING -> SectionRecords.toValues(p.mappings().get(0), SectionKind.MAPPING, "n.example");
        };

        assertThat(values.keys()).containsExactly(key);
        assertThat((Object) values.get(key)).isEqualTo(expected);
    }

    /** Writes the property as text and returns the value Spring should bind it to. */
    private static Object sample(ConfigKey<?> key, Map<String, String> properties, String property) {
        ValueType<?> t = key.type();
        String text;
        Object value;
        if (t == ValueType.BOOLEAN) {
            text = "true";
            value = true;
        } else if (t == ValueType.INTEGER) {
            text = "7";
            value = 7;
        } else if (t == ValueType.SIZE) {
            text = "7168";
            value = 7168L;
        } else if (t == ValueType.DURATION) {
            text = "7m";
            value = Duration.ofMinutes(7);
        } else if (t == ValueType.PATH) {
            text = "/srv/x";
            value = Path.of("/srv/x");
        } else if (t == ValueType.LIST) {
            text = "a.example, b.example";
            value = List.of("a.example", "b.example");
        } else if (t == ValueType.URL) {
            text = "https://auth.example/token";
            value = URI.create(text);
        } else if (t == ValueType.AUTH_METHOD) {
            text = "xoauth2";
            value = AuthMethod.XOAUTH2;
        } else {
            text = "someone@example.com";
            value = text;
        }
        properties.put(property, text);
        return value;
    }

    @Test
    void environmentVariables_bindWithSpringsRelaxedNames() {
        SsmtpMailerProperties p = bind(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "SSMTP_MAILER_DOMAINS_0_NAME", "domain1.com",
                "SSMTP_MAILER_DOMAINS_0_SMTP_PORT", "2525",
                "SSMTP_MAILER_DOMAINS_0_OAUTH2_CLIENT_SECRET_FILE", "/run/secrets/client",
                "SSMTP_MAILER_GLOBAL_RETRY_MIN_BACKOFF", "10m"))).iterator().next());

        assertThat(p.domains().get(0).smtpPort()).isEqualTo(2525);
        assertThat(p.domains().get(0).oauth2ClientSecretFile()).isEqualTo(Path.of("/run/secrets/client"));
        assertThat(p.global().retryMinBackoff()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void build_guideProperties_isValid() {
        SsmtpMailerProperties p = bind(TestProperties.guide());

        RelayConfig config = RelayConfigTranslator.build(p, RelayConfigTranslator.toBuilder(p));

        assertThat(config.domains()).hasSize(2);
        assertThat(config.mappings()).hasSize(1);
    }

    @Test
    void build_twoSourcesOfThePassword_namesTheSecondPropertyInPropertyNames() {
        SsmtpMailerProperties p = bind(append(TestProperties.guide(), "ssmtp-mailer.domains[0].password-env=GMAIL"));

        assertThat(failure(p).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.where()).isEqualTo("ssmtp-mailer.domains[0].password-env");
            assertThat(problem.message()).isEqualTo("cannot be combined with password; set only one of password, "
                    + "password-file, password-env");
        });
    }

    @Test
    void build_sectionWithoutNameAndCoreProblems_areReportedTogether() {
        SsmtpMailerProperties p = bind(append(TestProperties.guide(), "ssmtp-mailer.domains[2].smtp-server=smtp.example.com",
                "ssmtp-mailer.mappings[0].smtp-account=nobody@domain1.com"));

        SsmtpMailerConfigException e = failure(p);

        assertThat(e.problems()).extracting(SsmtpMailerConfigException.Problem::where)
                .containsExactly("ssmtp-mailer.domains[2].name", "ssmtp-mailer.mappings[0].smtp-account");
        assertThat(e.problems().get(1).message()).contains("matches no enabled [domain:...] relay-account or username");
    }

    @Test
    void build_duplicateSection_eachProblemNamesItsOwnElement() {
        SsmtpMailerProperties p = bind(append(TestProperties.guide(), "ssmtp-mailer.domains[2].name=domain1.com",
                "ssmtp-mailer.domains[2].smtp-server=smtp.example.com", "ssmtp-mailer.domains[2].smtp-port=0",
                "ssmtp-mailer.domains[2].relay-account=other@domain1.com", "ssmtp-mailer.domains[2].auth-method=NONE"));

        SsmtpMailerConfigException e = failure(p);

        assertThat(e.problems()).extracting(SsmtpMailerConfigException.Problem::where)
                .containsExactlyInAnyOrder("ssmtp-mailer.domains[2].smtp-port", "ssmtp-mailer.domains[2]");
        assertThat(e.problems()).filteredOn(problem -> problem.where().equals("ssmtp-mailer.domains[2]")).singleElement()
                .satisfies(problem -> assertThat(problem.message())
                        .isEqualTo("domain 'domain1.com' is defined more than once (first at ssmtp-mailer.domains[0])"));
    }

    @Test
    void asProperties_rewritesKeyNamesButNotQuotedValues() {
        assertThat(RelayConfigTranslator.asProperties("'use_ssl@x' is not for use_ssl or password_file, but password"))
                .isEqualTo("'use_ssl@x' is not for use-ssl or password-file, but password");
    }

    private static String[] append(String[] a, String... more) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(more)).toArray(String[]::new);
    }

    private static String propertyOf(String file, String section, String key) {
        return RelayConfigTranslator.propertyOf(new ConfigProblem(new SourceLocation(file, file == null ? 0 : 6, section,
                Map.of()), section, key, "is wrong"));
    }

    @Test
    void propertyOf_ownSectionsNameTheirProperty() {
        assertThat(propertyOf("ssmtp-mailer.domains[1]", "domain:domain1.com", "smtp_port"))
                .isEqualTo("ssmtp-mailer.domains[1].smtp-port");
        assertThat(propertyOf("ssmtp-mailer.users[0]", "user:a@b.example", null)).isEqualTo("ssmtp-mailer.users[0]");
        assertThat(propertyOf("ssmtp-mailer.global", "global", "max_connections"))
                .isEqualTo("ssmtp-mailer.global.max-connections");
        assertThat(propertyOf(null, "global", "max_connections")).isEqualTo("ssmtp-mailer.global.max-connections");
        assertThat(propertyOf(null, null, null)).isEqualTo("ssmtp-mailer");
    }

    @Test
    void propertyOf_sectionsOfTheIniMainFileMergedByACustomizer_areNotNamedAsProperties() {
        // ssmtp-mailer.conf starts with the translator's prefix too
        assertThat(propertyOf("ssmtp-mailer.conf", "domain:domain2.com", "smtp_port"))
                .isEqualTo("[domain:domain2.com] (from a RelayConfigCustomizer) smtp_port");
        assertThat(propertyOf("ssmtp-mailer.conf", "global", "max_connections"))
                .isEqualTo("[global] (from a RelayConfigCustomizer) max_connections");
        assertThat(propertyOf("ssmtp-mailer.domains", "domain:domain2.com", null))
                .isEqualTo("[domain:domain2.com] (from a RelayConfigCustomizer)");
    }
}
