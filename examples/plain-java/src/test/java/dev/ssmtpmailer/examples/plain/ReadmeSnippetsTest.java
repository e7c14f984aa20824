package dev.ssmtpmailer.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Java cannot drift: every {@code ```java} block of the repository's README is a run of lines
 * (indentation aside) of this example's sources, which the build compiles and {@link SendFirstMessageTest}
 * runs against a real SMTP server.
 */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "..", "README.md");
    private static final List<Path> SOURCES = List.of(Path.of("src", "main", "java"), Path.of("src", "test", "java"));

    /** @return the body of every fenced block opened with {@code ```java} */
    static List<String> javaBlocks(List<String> markdown) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : markdown) {
            String fence = line.strip();
            if (block == null && fence.equals("```java")) {
                block = new StringBuilder();
            } else if (block != null && fence.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** @return the lines without the indentation they all share, and without trailing blank lines */
    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** @return whether {@code snippet} equals, indentation aside, some run of consecutive lines of {@code source} */
    static boolean isRunOf(List<String> snippet, List<String> source) {
        List<String> want = dedent(snippet);
        for (int start = 0; start + want.size() <= source.size(); start++) {
            if (dedent(source.subList(start, start + want.size())).equals(want)) {
                return true;
            }
        }
        return false;
    }

    private static List<List<String>> sources() throws IOException {
        List<List<String>> files = new ArrayList<>();
        for (Path root : SOURCES) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : (Iterable<Path>) paths.filter(f -> f.toString().endsWith(".java"))::iterator) {
                    files.add(Files.readAllLines(p));
                }
            }
        }
        return files;
    }

    @Test
    void everyJavaBlockOfTheReadme_isCompiledAndRunByThisExample() throws IOException {
        List<String> blocks = javaBlocks(Files.readAllLines(README));
        List<List<String>> sources = sources();

        assertThat(blocks).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(2);
        for (String block : blocks) {
            List<String> lines = List.of(block.split("\n", -1));
            assertThat(sources.stream().anyMatch(source -> isRunOf(lines, source)))
                    .as("README block is not a run of lines of examples/plain-java/src (edit the example, "
                            + "then copy it into the README):%n%s", block)
                    .isTrue();
        }
    }

    @Test
    void isRunOf_changedLine_isNoRun() {
        List<String> source = List.of("class A {", "    void f() {", "        g(1);", "    }", "}");

        assertThat(isRunOf(List.of("void f() {", "    g(1);", "}"), source)).isTrue();
        assertThat(isRunOf(List.of("void f() {", "    g(2);", "}"), source)).isFalse();
        assertThat(javaBlocks(List.of("text", "```java", "  x();", "```", "```bash", "y", "```")))
                .containsExactly("  x();\n");
    }

    @Test
    void readme_showsTheExampleAndHowToRunIt() throws IOException {
        String readme = Files.readString(README);

        assertThat(readme).contains("examples/plain-java").contains("exec:java");
        assertThat(Files.readString(Path.of("pom.xml")))
                .contains("<mainClass>" + SendFirstMessage.class.getName() + "</mainClass>");
    }
}
