package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The keys table of {@code docs/configuration.md} is generated from {@link ConfigKeys}: this test fails when they
 * drift apart, and rewrites the table when run with {@code -Dssmtp.regenerate=true}.
 */
class ConfigReferenceTest {
    static final String BEGIN = "<!-- keys:begin: generated from ConfigKeys by ConfigReferenceTest "
            + "(mvn -pl core test -Dtest=ConfigReferenceTest -Dssmtp.regenerate=true); do not edit -->\n";
    static final String END = "<!-- keys:end -->\n";

    @Test
    void configurationReference_keysTable_isTheOneGeneratedFromTheKeys() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("the table's begin marker in %s", doc).isNotNegative();
        assertThat(end).as("the table's end marker in %s", doc).isGreaterThan(begin);
        String expected = text.substring(0, begin + BEGIN.length()) + table() + text.substring(end);
        if (Boolean.getBoolean("ssmtp.regenerate")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }

        assertThat(text).as("%s drifted from ConfigKeys; run this test with -Dssmtp.regenerate=true", doc).isEqualTo(expected);
    }

    @Test
    void table_hasARowPerKey_withItsTypeDefaultAndOrigin() {
        String table = table();

        assertThat(table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| section"))).hasSize(ConfigKeys.all().size());
        assertThat(table).contains("| domain | `smtp_port` | integer 1-65535 | `587` | upstream server port (*guide*) |\n",
                "| global | `retry_min_backoff` | duration > 0, ≤ 365d | `5m` |",
                "| domain | `rate_limit_per_day` | integer 0-100000000 | global value |");
    }

    static String table() {
        StringBuilder b = new StringBuilder("| section | key | type | default | meaning |\n|---|---|---|---|---|\n");
        for (ConfigKey<?> k : ConfigKeys.all()) {
            String def = k.required() ? "**required**"
                    : k.defaultValue() != null ? "`" + k.defaultDescription() + "`" : k.defaultDescription();
            b.append("| ").append(k.section().header()).append(" | `").append(k.name()).append("` | ")
                    .append(k.typeDescription()).append(" | ").append(def).append(" | ").append(k.description())
                    .append(k.fromGuide() ? " (*guide*)" : "").append(k.scope() == ConfigKey.Scope.INI_FILES ? " (INI only)" : "")
                    .append(" |\n");
        }
        return b.toString();
    }
}
