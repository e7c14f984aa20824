package dev.ssmtpmailer.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaCheckTest {
    private static final Pattern MIGRATION = Pattern.compile("V([0-9._]+)__.*\\.sql");

    @Test
    void latest_namesTheLastMigrationThisCodeCarries() throws Exception {
        Path dir = Path.of(SchemaCheck.class.getResource("migration").toURI());
        String last;
        try (Stream<Path> files = Files.list(dir)) {
            last = files.map(p -> MIGRATION.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> m.group(1)).max(SchemaCheck::compare).orElseThrow();
        }
        assertThat(SchemaCheck.compare(last, SchemaCheck.LATEST)).isZero();
    }

    @Test
    void compare_versions_asNumbersPartByPart() {
        assertThat(SchemaCheck.compare("10", "9")).isPositive();
        assertThat(SchemaCheck.compare("1.2", "1.10")).isNegative();
        assertThat(SchemaCheck.compare("1.0", "1")).isZero();
        assertThat(SchemaCheck.compare("0", "1")).isNegative();
    }

    @ParameterizedTest
    @EnumSource(value = SchemaCheck.State.class, names = "CURRENT", mode = EnumSource.Mode.EXCLUDE)
    void describe_aSchemaThatIsNotCurrent_namesTheSchemaAndItsVersions(SchemaCheck.State state) {
        String text = SchemaCheck.describe("relay", new SchemaCheck.Result(state, "0.9"));

        assertThat(text).contains("queue schema relay");
        if (state == SchemaCheck.State.BEHIND || state == SchemaCheck.State.AHEAD) {
            assertThat(text).contains("at version 0.9", SchemaCheck.LATEST);
        }
    }

    @Test
    void describe_currentSchema_isRefused() {
        assertThatThrownBy(() -> SchemaCheck.describe("relay", new SchemaCheck.Result(SchemaCheck.State.CURRENT, "1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
