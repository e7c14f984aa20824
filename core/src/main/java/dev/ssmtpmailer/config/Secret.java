package dev.ssmtpmailer.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A password, client secret or token, kept out of every {@code toString}, log line and printed
 * configuration. It is read when needed: from the configuration itself, from a file (first line, trailing
 * white space removed; the file is read again on each use, so a rotated secret takes effect without a
 * restart) or from an environment variable.
 */
public final class Secret {
    /** What every secret prints as. */
    public static final String MASK = "******";
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private enum Kind { VALUE, FILE, ENV }

    private final Kind kind;
    private final String value;
    private final Path file;
    private final Function<String, String> environment;

    private Secret(Kind kind, String value, Path file, Function<String, String> environment) {
        this.kind = kind;
        this.value = value;
        this.file = file;
        this.environment = environment;
    }

    /**
     * @param value the secret itself
     * @return a secret holding it
     */
    public static Secret of(String value) {
        return new Secret(Kind.VALUE, Objects.requireNonNull(value, "value"), null, null);
    }

    /**
     * @param file a file whose first line is the secret
     * @return a secret read from that file on each use
     */
    public static Secret fromFile(Path file) {
        return new Secret(Kind.FILE, null, Objects.requireNonNull(file, "file"), null);
    }

    /**
     * @param variable the name of an environment variable holding the secret
     * @return a secret read from the process environment on each use
     */
    public static Secret fromEnv(String variable) {
        return fromEnv(variable, System::getenv);
    }

    /**
     * @param variable the name of the variable
     * @param environment how to look a variable up (tests pass a map)
     * @return a secret read through {@code environment} on each use
     */
    public static Secret fromEnv(String variable, Function<String, String> environment) {
        return new Secret(Kind.ENV, Objects.requireNonNull(variable, "variable"), null, environment);
    }

    /**
     * @return the secret in clear text
     * @throws IllegalStateException if the file cannot be read or the variable is not set
     */
    public String reveal() {
        return switch (kind) {
            case VALUE -> value;
            case ENV -> {
                String v = environment.apply(value);
                if (v == null || v.isEmpty()) {
                    throw new IllegalStateException("environment variable " + value + " is not set");
                }
                yield v;
            }
            case FILE -> readFile();
        };
    }

    /**
     * @return a problem that would stop {@link #reveal()}, without revealing anything
     */
    public Optional<String> check() {
        try {
            String v = reveal();
            return v.isEmpty() ? Optional.of("is empty (" + describe() + ")") : Optional.empty();
        } catch (IllegalStateException | UncheckedIOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * @return whether this secret comes from an environment variable that is not set (or empty) in this process:
     *         the one problem of {@link #check()} that a tool run outside the service's environment may only warn about
     */
    boolean variableUnset() {
        if (kind != Kind.ENV) {
            return false;
        }
        String v = environment.apply(value);
        return v == null || v.isEmpty();
    }

    /** @return the file this secret is read from, if it is */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** @return the environment variable this secret is read from, if it is */
    public Optional<String> environmentVariable() {
        return kind == Kind.ENV ? Optional.of(value) : Optional.empty();
    }

    /** @return where the secret comes from, safe to print: {@code inline}, {@code file PATH}, {@code env NAME} */
    public String describe() {
        return switch (kind) {
            case VALUE -> "inline";
            case FILE -> "file " + file;
            case ENV -> "env " + value;
        };
    }

    private String readFile() {
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                // a FIFO or a device (/dev/zero) would block or never end; a secret is always a plain file
                throw new IllegalStateException("secret file " + file + " is not a regular file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalStateException("secret file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String first = (nl >= 0 ? text.substring(0, nl) : text).strip();
            if (first.isEmpty()) {
                throw new IllegalStateException("secret file " + file + " is empty");
            }
            return first;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read secret file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** Two secrets are equal when they come from the same place (the values are not compared for env/file). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && kind == s.kind && Objects.equals(value, s.value) && Objects.equals(file, s.file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value, file);
    }

    /** @return {@value #MASK}, never the secret */
    @Override
    public String toString() {
        return MASK;
    }
}
