package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void all_namesAreUniqueWithinTheirSection() {
        Set<String> seen = new HashSet<>();

        for (ConfigKey<?> k : ConfigKeys.all()) {
            assertThat(seen.add(k.section() + "." + k.name())).as(k.toString()).isTrue();
        }
    }

    @Test
    void sourcesOf_secret_areTheSecretThenItsFileAndVariable() {
        assertThat(ConfigKeys.sourcesOf(ConfigKeys.PASSWORD))
                .containsExactly(ConfigKeys.PASSWORD, ConfigKeys.PASSWORD_FILE, ConfigKeys.PASSWORD_ENV);
        assertThat(ConfigKeys.sourcesOf(ConfigKeys.OAUTH2_REFRESH_TOKEN))
                .containsExactly(ConfigKeys.OAUTH2_REFRESH_TOKEN, ConfigKeys.OAUTH2_REFRESH_TOKEN_FILE);
    }

    @Test
    void sourceOf_alwaysNamesASecretOfTheSameSection_andIsAFileOrAVariable() {
        for (ConfigKey<?> k : ConfigKeys.all()) {
            if (k.sourceOf() != null) {
                assertThat(k.sourceOf().secret()).as(k.toString()).isTrue();
                assertThat(k.sourceOf().section()).as(k.toString()).isEqualTo(k.section());
                assertThat(k.type()).as(k.toString()).isIn(ValueType.PATH, ValueType.TEXT);
                assertThat(k.secret()).as("the name of a file or variable is not itself secret: " + k).isFalse();
            }
        }
    }

    @Test
    void find_knownAndUnknownNames() {
        assertThat(ConfigKeys.find(SectionKind.DOMAIN, "max_connections")).contains(ConfigKeys.DOMAIN_MAX_CONNECTIONS);
        assertThat(ConfigKeys.find(SectionKind.GLOBAL, "max_connections")).contains(ConfigKeys.MAX_CONNECTIONS);
        assertThat(ConfigKeys.find(SectionKind.MAPPING, "smtp_port")).isEmpty();
    }

    @Test
    void key_namesAndDefaultsAsTheReferenceShowsThem() {
        assertThat(ConfigKeys.SMTP_PORT.propertyName()).isEqualTo("smtp-port");
        assertThat(ConfigKeys.RETRY_MIN_BACKOFF.defaultDescription()).isEqualTo("5m");
        assertThat(ConfigKeys.MAX_MESSAGE_SIZE.defaultDescription()).isEqualTo("25M");
        assertThat(ConfigKeys.TRUSTED_NETWORKS.defaultDescription()).isEqualTo("127.0.0.0/8, ::1/128");
        assertThat(ConfigKeys.DOMAIN_RATE_LIMIT_PER_DAY.defaultDescription()).isEqualTo("global value");
        assertThat(ConfigKeys.DEFAULT_FROM.defaultDescription()).isEqualTo("none");
        assertThat(ConfigKeys.SMTP_SERVER.required()).isTrue();
        assertThat(ConfigKeys.SMTP_SERVER.defaultDescription()).isEqualTo("required");
        assertThat(ConfigKeys.SMTP_PORT.typeDescription()).isEqualTo("integer 1-65535");
        assertThat(ConfigKeys.USERNAME.typeDescription()).isEqualTo("text");
        assertThat(ConfigKeys.LISTEN_PORT.min()).isZero();
        assertThat(ConfigKeys.LISTEN_PORT.max()).isEqualTo(65535);
        assertThat(ConfigKeys.USERNAME.max()).isEqualTo(Long.MAX_VALUE);
    }
}
