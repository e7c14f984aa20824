package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.ValueType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Spring properties of each section are generated from core's key registry, and Spring's configuration
 * metadata (what IDEs show) follows: adding or changing a key in {@code ConfigKeys} fails here until the classes
 * are regenerated ({@code mvn test -Dtest=SectionPropertiesTest -Dssmtp.regenerate=true}).
 */
class SectionPropertiesTest {
    private static final String PACKAGE_DIR = "src/main/java/dev/ssmtpmailer/spring";

    @ParameterizedTest
    @EnumSource(SectionKind.class)
    void propertiesClass_isTheOneGeneratedFromTheKeys(SectionKind kind) throws IOException {
        assertGenerated(sourceDirectory().resolve(SectionPropertiesSource.className(kind) + ".java"),
                SectionPropertiesSource.render(kind));
    }

    @Test
    void additionalMetadata_isTheOneGeneratedFromTheKeys() throws IOException {
        assertGenerated(sourceDirectory().resolve("../../../../resources/META-INF/additional-spring-configuration-metadata.json")
                .normalize(), SectionPropertiesSource.additionalMetadata());
    }

    @Test
    void toString_masksEverySecretAndADatabasePasswordInsideTheUrl() throws ReflectiveOperationException {
        GlobalProperties global = record(GlobalProperties.class, Map.of("databaseUrl",
                "jdbc:postgresql://db/mail?user=r&password=s3cret", "databaseUser", "relay", "databasePassword", "hunter2"));
        DomainProperties domain = record(DomainProperties.class, Map.of("name", "domain1.com", "username", "u",
                "password", "app-password", "oauth2ClientSecret", "client-secret"));

        assertThat(global.toString()).startsWith("GlobalProperties[defaultHostname=null, ")
                .contains("databaseUrl=jdbc:postgresql://db/mail?user=r&password=******", "databaseUser=relay",
                        "databasePassword=******", "databasePasswordFile=null")
                .doesNotContain("s3cret", "hunter2");
        assertThat(domain.toString()).startsWith("DomainProperties[name=domain1.com, ")
                .contains("username=u", "password=******", "oauth2ClientSecret=******", "oauth2RefreshToken=null")
                .doesNotContain("app-password", "client-secret");
    }

    /** A record of {@code type} with these components set and the others {@code null}. */
    private static <R extends Record> R record(Class<R> type, Map<String, Object> values) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = values.get(components[i].getName());
        }
        return type.getDeclaredConstructor(types).newInstance(args);
    }

    /** The checked-in file is what the generator writes now; {@code -Dssmtp.regenerate=true} rewrites it first. */
    private static void assertGenerated(Path file, String expected) throws IOException {
        if (Boolean.getBoolean("ssmtp.regenerate")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s drifted from ConfigKeys; run this test with -Dssmtp.regenerate=true", file).isEqualTo(expected);
    }

    @Test
    void metadata_describesEveryGlobalKeyWithItsDescriptionTypeAndDefault() throws IOException {
        String json = metadata();

        for (ConfigKey<?> key : SectionPropertiesSource.keys(SectionKind.GLOBAL)) {
            String entry = entry(json, "ssmtp-mailer.global." + key.propertyName());
            assertThat(entry).as(key.name()).contains("\"sourceType\": \"dev.ssmtpmailer.spring.GlobalProperties\"");
            assertThat(field(entry, "description")).as(key.name()).contains("({@code " + key.name() + "})");
            assertThat(field(entry, "type")).as(key.name()).isEqualTo(key.type() == ValueType.LIST
                    ? "java.util.List<java.lang.String>" : key.type().javaType().getName());
            assertThat(entry.contains("\"defaultValue\"")).as(key.name() + " has a default").isEqualTo(key.defaultValue() != null);
        }
        assertThat(entry(json, "ssmtp-mailer.global.retry-min-backoff")).contains("\"defaultValue\": \"5m\"");
        assertThat(entry(json, "ssmtp-mailer.global.max-message-size")).contains("\"defaultValue\": 26214400");
        assertThat(field(entry(json, "ssmtp-mailer.domains"), "type"))
                .isEqualTo("java.util.List<dev.ssmtpmailer.spring.DomainProperties>");
    }

    /** The starter's metadata (every Boot jar has a file of that name too). */
    private static String metadata() throws IOException {
        for (URL url : Collections.list(SectionPropertiesTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (json.contains("\"sourceType\": \"dev.ssmtpmailer.spring.SsmtpMailerProperties\"")) {
                    return json;
                }
            }
        }
        throw new AssertionError("no configuration metadata of the starter on the class path");
    }

    /** The JSON object of one property (the processor writes one flat object per property, one field a line). */
    private static String entry(String json, String property) {
        int start = json.indexOf("\"name\": \"" + property + "\",");
        assertThat(start).as("metadata of %s", property).isNotNegative();
        return json.substring(start, json.indexOf("\n    }", start));
    }

    private static String field(String entry, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(entry);
        assertThat(m.find()).as("%s in %s", name, entry).isTrue();
        return m.group(1);
    }

    /** The starter's sources, from its own module or from {@code boot3-tests}, which compiles the same tests. */
    private static Path sourceDirectory() {
        return Stream.of(Path.of(PACKAGE_DIR), Path.of("..", PACKAGE_DIR)).filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new AssertionError("no " + PACKAGE_DIR + " below " + Path.of("").toAbsolutePath()));
    }
}
