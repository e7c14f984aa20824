package dev.ssmtpmailer.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a configuration value: its Java type (what Spring binds, what {@link SectionValues} holds) and its
 * text form in the INI files, read by {@link #parse(String)} and written by {@link #format(Object)}.
 *
 * @param <T> the Java type
 */
public final class ValueType<T> {
    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern DURATION_TEXT = Pattern.compile("(\\d{1,12})\\s*([smhdSMHD]?)");
    private static final Pattern SIZE_TEXT = Pattern.compile("(\\d{1,15})\\s*([kmgKMG]?)");

    /** {@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}, any case. */
    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("boolean", Boolean.class,
            "must be a boolean (true/false, yes/no, on/off, 1/0)", ValueType::parseBoolean, String::valueOf);
    /** A whole number that fits an {@code int}; ranges are the validator's. */
    public static final ValueType<Integer> INTEGER = new ValueType<>("integer", Integer.class,
            "must be a whole number", ValueType::parseInteger, String::valueOf);
    /** Bytes, or a number with {@code K}, {@code M} or {@code G} (powers of 1024). */
    public static final ValueType<Long> SIZE = new ValueType<>("size", Long.class,
            "must be a size in bytes, or a number with K, M or G (26214400, 25M)", ValueType::parseSize, ValueType::formatSize);
    /** Seconds, or a number with {@code s}, {@code m}, {@code h} or {@code d}. */
    public static final ValueType<Duration> DURATION = new ValueType<>("duration", Duration.class,
            "must be a duration: seconds, or a number with s, m, h or d (30, 30s, 5m, 2h, 5d)",
            ValueType::parseDuration, ValueType::formatDuration);
    /** A file system path; the INI reader resolves relative ones against the configuration directory. */
    public static final ValueType<Path> PATH = new ValueType<>("path", Path.class, "must be a path",
            ValueType::parsePath, Path::toString);
    /** Text, taken as written. */
    public static final ValueType<String> TEXT = new ValueType<>("text", String.class, "must be text", s -> s, s -> s);
    /** Comma-separated items, spaces around them ignored, empty ones dropped. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final ValueType<List<String>> LIST = new ValueType<>("list", (Class<List<String>>) (Class) List.class,
            "must be a comma-separated list", ValueType::parseList, l -> String.join(", ", l));
    /** An absolute URL. */
    public static final ValueType<URI> URL = new ValueType<>("URL", URI.class,
            "must be an absolute URL such as https://oauth2.googleapis.com/token", ValueType::parseUrl, URI::toString);
    /** {@link AuthMethod}, any case. */
    public static final ValueType<AuthMethod> AUTH_METHOD = new ValueType<>("`NONE` `LOGIN` `PLAIN` `XOAUTH2`, any case",
            AuthMethod.class, "must be one of NONE, LOGIN, PLAIN, XOAUTH2", ValueType::parseAuthMethod, AuthMethod::name);

    private final String name;
    private final Class<T> javaType;
    private final String expected;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;

    private ValueType(String name, Class<T> javaType, String expected, Function<String, T> parser,
                      Function<T, String> formatter) {
        this.name = name;
        this.javaType = javaType;
        this.expected = expected;
        this.parser = parser;
        this.formatter = formatter;
    }

    /** @return the name used in the configuration reference ({@code duration}) */
    public String name() {
        return name;
    }

    /** @return the Java type of values (for {@link #LIST}, {@code List<String>}) */
    public Class<T> javaType() {
        return javaType;
    }

    /** @return what a value must be, for a message such as {@code must be a whole number, was 'x'} */
    public String expected() {
        return expected;
    }

    /**
     * @param text the value as written in an INI file, already stripped
     * @return the value, or {@code null} when the text is not of this type
     */
    public T parse(String text) {
        return parser.apply(Objects.requireNonNull(text, "text"));
    }

    /**
     * @param value a value of this type
     * @return the value as it would be written in an INI file (a duration in its largest whole unit: {@code 5m})
     */
    public String format(T value) {
        return formatter.apply(value);
    }

    /**
     * @param value any object
     * @return it, cast to this type
     * @throws IllegalArgumentException if it is not of this type
     */
    T cast(Object value) {
        if (!javaType.isInstance(value)) {
            throw new IllegalArgumentException("a " + name + " value must be a " + javaType.getSimpleName() + ", was "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return javaType.cast(value);
    }

    @Override
    public String toString() {
        return name;
    }

    private static Boolean parseBoolean(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Boolean.TRUE;
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static Integer parseInteger(String v) {
        if (!INTEGER_TEXT.matcher(v).matches()) {
            return null;
        }
        long n = Long.parseLong(v);
        return n < Integer.MIN_VALUE || n > Integer.MAX_VALUE ? null : (int) n;
    }

    private static Duration parseDuration(String v) {
        Matcher m = DURATION_TEXT.matcher(v);
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
    }

    /** The largest whole unit, so that the value reads as a person would write it (300s -> 5m). */
    private static String formatDuration(Duration d) {
        long s = d.toSeconds();
        if (s != 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    private static Long parseSize(String v) {
        Matcher m = SIZE_TEXT.matcher(v);
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
    }

    /** The largest whole unit, as for durations (26214400 -> 25M). */
    private static String formatSize(Long bytes) {
        long n = bytes;
        for (String unit : new String[] {"G", "M", "K"}) {
            int shift = unit.equals("G") ? 30 : unit.equals("M") ? 20 : 10;
            if (n != 0 && n % (1L << shift) == 0) {
                return (n >> shift) + unit;
            }
        }
        return String.valueOf(n);
    }

    private static Path parsePath(String v) {
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static List<String> parseList(String v) {
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static URI parseUrl(String v) {
        try {
            URI u = new URI(v);
            return u.isAbsolute() && u.getHost() != null ? u : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static AuthMethod parseAuthMethod(String v) {
        try {
            return AuthMethod.parse(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
