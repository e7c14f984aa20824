package dev.ssmtpmailer.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Just enough Markdown for checking the repository's docs: the links of a file (inline {@code [text](target)}
 * and reference definitions {@code [name]: target}) outside fenced code and code spans, and the anchors its headings get (GitHub's
 * rule: lower case, punctuation other than {@code -} and {@code _} removed, spaces to {@code -}, duplicates
 * numbered). Also the fenced code blocks, for the tests that compile the README's Java.
 */
final class Markdown {
    /** The repository root, found from the module directory the tests run in. */
    static final Path ROOT = findRoot();

    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s+<?(\\S+?)>?(?:\\s+\"[^\"]*\")?\\s*$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");

    /** A link found in a file. */
    record Link(Path file, int line, String target) {
        @Override
        public String toString() {
            return ROOT.relativize(file) + ":" + line + ": " + target;
        }
    }

    /** A fenced code block. */
    record CodeBlock(Path file, int line, String language, String code) {
    }

    private Markdown() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(p.resolve("README.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (a directory with mvnw and README.md) above " + dir);
    }

    /** @return every {@code *.md} of the repository, outside build output and hidden directories */
    static List<Path> files() {
        try (Stream<Path> paths = Files.walk(ROOT)) {
            return paths.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p))
                    .filter(p -> {
                        for (Path part : ROOT.relativize(p)) {
                            String name = part.toString();
                            if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the links of a file, in order, skipping fenced code and code spans */
    static List<Link> links(Path file) {
        List<Link> links = new ArrayList<>();
        List<String> lines = lines(file);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String text = CODE_SPAN.matcher(line).replaceAll("");
            Matcher m = INLINE_LINK.matcher(text);
            while (m.find()) {
                links.add(new Link(file, i + 1, m.group(1)));
            }
            Matcher r = REFERENCE.matcher(text);
            if (r.matches()) {
                links.add(new Link(file, i + 1, r.group(1)));
            }
        }
        return links;
    }

    /** @return the anchors the headings of a file get, outside fenced code */
    static Set<String> anchors(Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines(file)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (!fenced && h.matches()) {
                String slug = slug(h.group(2));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    /** @return GitHub's anchor for a heading text */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1"); // a link in a heading keeps its text
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
    }

    /** @return the fenced code blocks of a file */
    static List<CodeBlock> codeBlocks(Path file) {
        List<CodeBlock> blocks = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                String language = line.substring(3).strip();
                StringBuilder code = new StringBuilder();
                int start = i + 1;
                for (i = i + 1; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                    code.append(lines.get(i)).append('\n');
                }
                blocks.add(new CodeBlock(file, start, language, code.toString()));
            }
        }
        return blocks;
    }
}
