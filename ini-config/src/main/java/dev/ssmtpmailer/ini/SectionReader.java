package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.SectionValues;
import dev.ssmtpmailer.config.SourceLocation;
import dev.ssmtpmailer.config.ValueType;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Typed access to the keys of one section. {@link #value(ConfigKey)} returns {@code null} when the key is absent
 * or its text is not of the key's type; in the second case the problem, with file, line, section and key, is
 * recorded. Only the conversion from text is checked here; everything else is core's {@code ConfigValidator}'s.
 */
final class SectionReader {
    private final IniFile.Section section;
    private final SourceLocation location;
    private final Problems problems;
    private final PathResolver paths;

    /**
     * @param sectionName the header in its normal form ({@code domain:domain1.com}, without stray spaces)
     */
    SectionReader(IniFile file, IniFile.Section section, String sectionName, Problems problems, PathResolver paths) {
        this.section = section;
        this.location = new SourceLocation(file.name(), section.line(), sectionName, section.keyLines());
        this.problems = problems;
        this.paths = paths;
    }

    /** @return where this section is, with the line of each key */
    SourceLocation location() {
        return location;
    }

    boolean has(String key) {
        return section.entries().containsKey(key);
    }

    /** Reports every key not in {@code known}, each with the closest known key. */
    void checkKeys(Collection<String> known) {
        for (String key : section.entries().keySet()) {
            if (!known.contains(key)) {
                problem(key, "unknown key; did you mean '" + Text.closest(key, known) + "'?");
            }
        }
    }

    void problem(String key, String message) {
        problems.add(location, key, message);
    }

    /**
     * Puts every key of the section's kind that is written here into {@code values}, converted (the keys of the
     * tree's layout aside: the loader reads those itself).
     */
    void readInto(SectionValues values) {
        for (ConfigKey<?> key : ConfigKeys.of(values.kind())) {
            if (key.scope() != ConfigKey.Scope.TREE_LAYOUT) {
                put(values, key);
            }
        }
    }

    private <T> void put(SectionValues values, ConfigKey<T> key) {
        values.put(key, value(key));
    }

    /**
     * @return the value converted to the key's type, paths resolved by {@link PathResolver}; {@code null} when the
     *         key is absent or its text does not fit (then a problem is recorded)
     */
    <T> T value(ConfigKey<T> key) {
        IniFile.Entry e = section.entries().get(key.name());
        if (e == null) {
            return null;
        }
        ValueType<T> type = key.type();
        T value = type.parse(e.value());
        if (value == null) {
            problem(key.name(), type.expected() + ", was '" + Text.printable(e.value()) + "'");
            return null;
        }
        if (value instanceof Path p) {
            return type.javaType().cast(paths.resolve(p));
        }
        return value;
    }
}
