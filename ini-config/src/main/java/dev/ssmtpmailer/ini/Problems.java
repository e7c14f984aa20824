package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every problem of one load, so that they can all be reported at once, then orders them the way a
 * person reads the tree: files in the order they were read, lines in order within a file.
 */
final class Problems {
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, Integer> fileOrder = new HashMap<>();

    /** Remembers that {@code file} was read now, so its problems sort after those of earlier files. */
    void fileRead(String file) {
        fileOrder.putIfAbsent(file, fileOrder.size());
    }

    /** A problem at a known line; {@code key} may be {@code null} for a whole line or section. */
    void add(String file, int line, String section, String key, String message) {
        Map<String, Integer> keyLines = key == null ? Map.of() : Map.of(key, line);
        problems.add(new ConfigProblem(new SourceLocation(file, line, section, keyLines), section, key, message));
    }

    /** A problem about a key of a section whose location is already known. */
    void add(SourceLocation where, String key, String message) {
        problems.add(new ConfigProblem(where, where.section(), key, message));
    }

    void addAll(List<ConfigProblem> more) {
        problems.addAll(more);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** @throws ConfigException with every problem, ordered by file and line, if there is any */
    void throwIfAny() {
        if (problems.isEmpty()) {
            return;
        }
        Comparator<ConfigProblem> byFile = Comparator.comparingInt(
                p -> p.file() == null ? -1 : fileOrder.getOrDefault(p.file(), Integer.MAX_VALUE));
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(byFile.thenComparing(p -> p.file() == null ? "" : p.file()).thenComparingInt(ConfigProblem::line));
        throw new ConfigException(sorted);
    }
}
