package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key that {@link RelayConfig} holds reaches its record field and comes back under the same key: a key
 * mapped in one direction only (or not at all) fails here.
 */
class SectionCodecTest {

    static List<ConfigKey<?>> modelKeys() {
        return ConfigKeys.all().stream().filter(k -> k.scope() != ConfigKey.Scope.TREE_LAYOUT).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelKeys")
    void key_setInASection_comesBackFromItsRecord(ConfigKey<?> key) {
        SectionValues in = SectionValues.of(key.section(), "name.example", null);
        Object value = put(in, key);
        List<ConfigProblem> problems = new ArrayList<>();
        SectionCodec codec = new SectionCodec(Map.of("someone@example.com", "secret")::get, problems);

        SectionValues out = switch (key.section()) {
            case GLOBAL -> SectionValues.of(codec.global(in));
            case DOMAIN -> SectionValues.of(codec.domain(in));
            case USER -> SectionValues.of(codec.user(in));
            case MAPPING -> SectionValues.of(codec.mapping(in));
        };

        assertThat(problems).isEmpty();
        assertThat(out.get(key)).isEqualTo(key.secret() ? Secret.MASK : value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelKeys")
    void key_withADefault_isTheDefaultOfTheRecordsBuilder(ConfigKey<?> key) {
        SectionValues defaults = switch (key.section()) {
            case GLOBAL -> SectionValues.of(GlobalSettings.defaults());
            case DOMAIN -> SectionValues.of(DomainConfig.builder("name.example").build());
            case USER -> SectionValues.of(UserConfig.builder("name.example").build());
            case MAPPING -> SectionValues.of(MappingConfig.of("name.example", null, null, null));
        };

        if (key == ConfigKeys.TRUSTED_NETWORKS) { // the same networks, whatever the spelling of ::1
            assertThat(ConfigKeys.TRUSTED_NETWORKS.defaultValue().stream().map(Cidr::parse))
                    .containsExactlyElementsOf(GlobalSettings.defaults().trustedNetworks());
        } else {
            assertThat(defaults.get(key)).isEqualTo(key.defaultValue());
        }
    }

    static List<Arguments> secretsAndTheirKeys() {
        Secret inline = Secret.of("pw-4711");
        Secret file = Secret.fromFile(Path.of("/etc/pw"));
        Secret variable = Secret.fromEnv("A_PASSWORD", Map.<String, String>of()::get);
        return List.of(
                Arguments.of(ConfigKeys.PASSWORD, inline, ConfigKeys.PASSWORD),
                Arguments.of(ConfigKeys.PASSWORD, file, ConfigKeys.PASSWORD_FILE),
                Arguments.of(ConfigKeys.PASSWORD, variable, ConfigKeys.PASSWORD_ENV),
                Arguments.of(ConfigKeys.DATABASE_PASSWORD, file, ConfigKeys.DATABASE_PASSWORD_FILE),
                Arguments.of(ConfigKeys.DATABASE_PASSWORD, variable, ConfigKeys.DATABASE_PASSWORD_ENV),
                // a secret without a variable key: the secret's own key
                Arguments.of(ConfigKeys.OAUTH2_CLIENT_SECRET, variable, ConfigKeys.OAUTH2_CLIENT_SECRET));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("secretsAndTheirKeys")
    void sourceKey_ofASecret_isTheKeyItIsGivenUnder(ConfigKey<String> secret, Secret value, ConfigKey<?> expected) {
        assertThat(SectionCodec.sourceKey(secret, value)).isEqualTo(expected);
    }

    /** Puts a value that differs from the key's default and passes the conversion to the record's type. */
    @SuppressWarnings("unchecked")
    private static Object put(SectionValues in, ConfigKey<?> key) {
        Object value;
        if (key.type() == ValueType.BOOLEAN) {
            value = key.defaultValue() == null || !(Boolean) key.defaultValue();
        } else if (key.type() == ValueType.INTEGER) {
            value = 7;
        } else if (key.type() == ValueType.SIZE) {
            value = 7L * 1024;
        } else if (key.type() == ValueType.DURATION) {
            value = Duration.ofMinutes(7);
        } else if (key.type() == ValueType.PATH) {
            value = Path.of("/srv/" + key.name());
        } else if (key.type() == ValueType.LIST) {
            value = List.of("10.0.0.0/8");
        } else if (key.type() == ValueType.URL) {
            value = URI.create("https://auth.example/token");
        } else if (key.type() == ValueType.AUTH_METHOD) {
            value = AuthMethod.XOAUTH2;
        } else if (key == ConfigKeys.PASSWORD_HASH) {
            value = "{bcrypt}$2a$04$xn3e.h3dCZlZd1HZ0dGkquF5a0zDAAKB3mz9o4upCQ1/Xx9sNAevi";
        } else if (key == ConfigKeys.USER_FROM_MISMATCH) {
            value = UserFromPolicy.REFUSE.value(); // text with two values
        } else {
            value = "someone@example.com"; // text: an address, a host name and a variable name at once
        }
        in.put((ConfigKey<Object>) key, value);
        return value;
    }
}
