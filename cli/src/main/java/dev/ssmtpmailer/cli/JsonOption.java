package dev.ssmtpmailer.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}, the same option on every command that can print its result as one JSON object ({@link Json};
 * the fields are listed in {@code docs/operations.md}). A picocli mixin: {@code @Mixin JsonOption json}.
 */
final class JsonOption {
    @Option(names = "--json", description = "Print the result as one JSON object instead of text (fields in docs/operations.md).")
    boolean on;

    /** @return whether {@code --json} was given */
    boolean on() {
        return on;
    }
}
