package dev.ssmtpmailer.config;

import java.util.Objects;

/**
 * One configuration key: the single definition of its name, section, type, default, secrecy and documentation.
 * The INI reader, the printer ({@code ssmtp-mailer config}), the Spring properties and their IDE metadata, and
 * the table of {@code docs/configuration.md} are all derived from the keys of {@link ConfigKeys}; a key made
 * elsewhere is known to none of them.
 *
 * @param <T> the Java type of its values
 * @param section the kind of section it belongs to
 * @param name the INI name, {@code smtp_port}
 * @param type the type of its values
 * @param typeDescription the type as the configuration reference shows it, with its constraints
 *        ({@code integer 1-65535}), or the plain type name
 * @param min the smallest allowed value of a number, {@code Long.MIN_VALUE} when there is no bound
 * @param max the largest allowed value of a number, {@code Long.MAX_VALUE} when there is no bound
 * @param defaultValue the value when the key is not set, or {@code null} when there is none (see
 *        {@code defaultDescription})
 * @param defaultDescription the default as the reference shows it: the default value in INI form ({@code 5m}), or
 *        a phrase such as {@code global value}, {@code none} or, for a required key, {@code required}
 * @param secret whether its value is itself a secret: masked when printed, never logged, and a file holding it
 *        should be readable by its owner only
 * @param required whether a section without it is invalid (checked by the validator, which says why)
 * @param sourceOf the secret key this key is another source of ({@code password} for {@code password_file} and
 *        {@code password_env}), or {@code null}; at most one source of a secret may be set
 * @param fromGuide whether the key is one of the guide's (the others are the additions of design section 5)
 * @param scope where it can be written
 * @param description what it means, one sentence without a final full stop, in the vocabulary of the INI files
 */
public record ConfigKey<T>(SectionKind section, String name, ValueType<T> type, String typeDescription, long min, long max,
                           T defaultValue, String defaultDescription, boolean secret, boolean required,
                           ConfigKey<String> sourceOf, boolean fromGuide, Scope scope, String description) {

    /**
     * Checks the definition.
     *
     * @throws NullPointerException if the section, name, type, scope or description is missing
     * @throws IllegalArgumentException if the name is not lower-case snake_case
     */
    public ConfigKey {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(description, "description");
        if (!Objects.requireNonNull(name, "name").matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a key name is lower-case snake_case, was '" + name + "'");
        }
    }

    /** @return the Spring property name below its section, {@code smtp-port} */
    public String propertyName() {
        return name.replace('_', '-');
    }

    /**
     * @return a hash of the section and the name, which equal keys share: the record's generated hash of every
     *         component is linked at its first call, which cost every command's start (the first key put in a map)
     *         about 5% of its main thread
     */
    @Override
    public int hashCode() {
        return 31 * section.hashCode() + name.hashCode();
    }

    /** @return {@code [domain] smtp_port} */
    @Override
    public String toString() {
        return "[" + section.header() + "] " + name;
    }

    /** Where a key can be written. */
    public enum Scope {
        /** In the INI files and in the Spring properties. */
        EVERYWHERE,
        /** In the INI files only; Spring has its own equivalent ({@code log_file} is Spring's {@code logging.*}). */
        INI_FILES,
        /** The layout of the INI tree itself ({@code domains_dir}); read by the INI loader, not part of {@link RelayConfig}. */
        TREE_LAYOUT
    }
}
