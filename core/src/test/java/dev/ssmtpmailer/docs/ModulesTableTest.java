package dev.ssmtpmailer.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The "Modules" tables of the README and of docs/architecture.md name every module of the root POM, in one
 * table: a module left out (metrics was) or a blank line that ends the table early (the spring-adapter row was
 * cut off) fails here.
 */
class ModulesTableTest {
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    /** @return the top-level module folders of the root POM ({@code spring-adapter/boot3-tests} is spring-adapter's) */
    static List<String> modules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(Markdown.ROOT.resolve("pom.xml")));
        while (m.find()) {
            if (!m.group(1).contains("/")) {
                modules.add(m.group(1));
            }
        }
        return modules;
    }

    /** @return the first cell of each row of the table that follows the "Modules" heading, up to its first non-row line */
    static List<String> firstCells(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int i = lines.indexOf("## Modules") + 1;
        assertThat(i).as("a '## Modules' heading in " + file).isPositive();
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            i++;
        }
        List<String> cells = new ArrayList<>();
        for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            cells.add(lines.get(i).split("\\|")[1].strip());
        }
        return cells;
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/architecture.md"})
    void modulesTable_namesEveryModuleOfTheRootPom_inOneTable(String file) throws IOException {
        List<String> cells = firstCells(Markdown.ROOT.resolve(file));

        assertThat(modules()).hasSizeGreaterThan(8).allSatisfy(module -> assertThat(cells).contains("`" + module + "`"));
    }
}
