package dev.ssmtpmailer.ini;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The shipped example tree, and copies of it to break in tests. */
final class Trees {
    /** The guide's tree as shipped: {@code examples/config/etc/ssmtp-mailer} (tests run in the module directory). */
    static final Path EXAMPLE = Path.of("..", "examples", "config", "etc", "ssmtp-mailer").toAbsolutePath().normalize();

    private Trees() {
    }

    /** Copies the example tree into {@code target} and returns it. */
    static Path copyOfExample(Path target) {
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(EXAMPLE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} to {@code dir/relative}, creating directories, replacing what was there. */
    static Path write(Path dir, String relative, String text) {
        try {
            Path p = dir.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the first occurrence of {@code from} in {@code dir/relative}; fails the test if it is absent. */
    static void replace(Path dir, String relative, String from, String to) {
        try {
            Path p = dir.resolve(relative);
            String text = Files.readString(p);
            if (!text.contains(from)) {
                throw new AssertionError(relative + " does not contain '" + from + "'");
            }
            Files.writeString(p, text.replaceFirst(java.util.regex.Pattern.quote(from),
                    java.util.regex.Matcher.quoteReplacement(to)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
