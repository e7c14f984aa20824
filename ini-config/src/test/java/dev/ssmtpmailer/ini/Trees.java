package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.testing.ConfigTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** The shipped example tree, and copies of it to break in tests. */
final class Trees {
    /** The guide's tree as shipped: {@code examples/config/etc/ssmtp-mailer} (tests run in the module directory). */
    static final Path EXAMPLE = Path.of("..", "examples", "config", "etc", "ssmtp-mailer").toAbsolutePath().normalize();

    private Trees() {
    }

    /** Copies the example tree into {@code target} and returns it, as {@link ConfigTrees#install} does. */
    static Path copyOfExample(Path target) {
        return ConfigTrees.install(EXAMPLE, target);
    }

    /**
     * Writes {@code text} to {@code dir/relative}, creating directories, replacing what was there; a new file
     * is readable by its owner only, like every file of a real tree that may hold a secret.
     */
    static Path write(Path dir, String relative, String text) {
        try {
            Path p = dir.resolve(relative);
            Files.createDirectories(p.getParent());
            boolean created = !Files.exists(p);
            Files.writeString(p, text);
            if (created) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            }
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
