package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.SourceLocation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to the keys of one section. Each getter returns {@code null} when the key is absent or its
 * value cannot be converted; in the second case the problem, with file, line, section and key, is recorded.
 * Only the conversion from text is checked here; ranges and everything else are core's {@code ConfigValidator}'s.
 */
final class SectionReader {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*([smhdSMHD]?)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([kmgKMG]?)");

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
    void checkKeys(List<String> known) {
        for (String key : section.entries().keySet()) {
            if (!known.contains(key)) {
                problem(key, "unknown key; did you mean '" + Text.closest(key, known) + "'?");
            }
        }
    }

    void problem(String key, String message) {
        problems.add(location, key, message);
    }

    /** @return the value as written, or {@code null} when absent */
    String string(String key) {
        IniFile.Entry e = section.entries().get(key);
        return e == null ? null : e.value();
    }

    /** @return {@code true}/{@code false} from true/false, yes/no, on/off, 1/0 (any case) */
    Boolean bool(String key) {
        return convert(key, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Boolean.TRUE;
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> null;
        }, "must be a boolean (true/false, yes/no, on/off, 1/0)");
    }

    /** @return a whole number that fits an {@code int}; its range is checked by core */
    Integer integer(String key) {
        return convert(key, v -> {
            if (!INTEGER.matcher(v).matches()) {
                return null;
            }
            long n = Long.parseLong(v);
            return n < Integer.MIN_VALUE || n > Integer.MAX_VALUE ? null : (int) n;
        }, "must be a whole number");
    }

    /** @return a duration: plain seconds, or a number with s, m, h or d */
    Duration duration(String key) {
        return convert(key, v -> {
            Matcher m = DURATION.matcher(v);
            if (!m.matches()) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        }, "must be a duration: seconds, or a number with s, m, h or d (30, 30s, 5m, 2h, 5d)");
    }

    /** @return a size in bytes: a plain number, or a number with K, M or G (powers of 1024) */
    Long size(String key) {
        return convert(key, v -> {
            Matcher m = SIZE.matcher(v);
            if (!m.matches()) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            return n > (Long.MAX_VALUE >> shift) ? null : n << shift;
        }, "must be a size in bytes, or a number with K, M or G (26214400, 25M)");
    }

    /** @return a path, relative ones resolved against the configuration directory (see {@link PathResolver}) */
    Path path(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        if (v.isEmpty()) {
            problem(key, "must be a path, was empty");
            return null;
        }
        try {
            return paths.resolve(Path.of(v));
        } catch (InvalidPathException e) {
            problem(key, "is not a valid path: '" + Text.printable(v) + "'");
            return null;
        }
    }

    /** @return the comma-separated items, stripped, empty ones dropped */
    List<String> list(String key) {
        String v = string(key);
        return v == null ? null : Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * @param convert returns {@code null} when the text does not fit
     * @param expected what the value must be, for the message
     */
    <T> T convert(String key, Function<String, T> convert, String expected) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        T t = convert.apply(v);
        if (t == null) {
            problem(key, expected + ", was '" + Text.printable(v) + "'");
        }
        return t;
    }
}
