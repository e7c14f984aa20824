package dev.ssmtpmailer.config;

import java.util.Objects;

/**
 * One configuration key: the single definition of its name, section, type, default, secrecy and documentation.
 * The INI reader, the printer ({@code ssmtp-mailer config}), the Spring properties and their IDE metadata, and
 * the table of {@code docs/configuration.md} are all derived from the keys of {@link ConfigKeys}.
 *
 * @param <T> the Java type of its values
 */
public final class ConfigKey<T> {

    /** Where a key can be written. */
    public enum Scope {
        /** In the INI files and in the Spring properties. */
        EVERYWHERE,
        /** In the INI files only; Spring has its own equivalent ({@code log_file} is Spring's {@code logging.*}). */
        INI_FILES,
        /** The layout of the INI tree itself ({@code domains_dir}); read by the INI loader, not part of {@link RelayConfig}. */
        TREE_LAYOUT
    }

    private final SectionKind section;
    private final String name;
    private final ValueType<T> type;
    private final String typeDetail;
    private final long[] range;
    private final T defaultValue;
    private final String defaultText;
    private final boolean secret;
    private final boolean required;
    private final ConfigKey<String> sourceOf;
    private final boolean fromGuide;
    private final Scope scope;
    private final String description;

    ConfigKey(SectionKind section, String name, ValueType<T> type, String typeDetail, long[] range, T defaultValue,
              String defaultText,
              boolean secret, boolean required, ConfigKey<String> sourceOf, boolean fromGuide, Scope scope,
              String description) {
        this.section = Objects.requireNonNull(section, "section");
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.typeDetail = typeDetail;
        this.range = range == null ? null : range.clone();
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.secret = secret;
        this.required = required;
        this.sourceOf = sourceOf;
        this.fromGuide = fromGuide;
        this.scope = Objects.requireNonNull(scope, "scope");
        this.description = Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a key name is lower-case snake_case, was '" + name + "'");
        }
    }

    /** @return the kind of section it belongs to */
    public SectionKind section() {
        return section;
    }

    /** @return the INI name, {@code smtp_port} */
    public String name() {
        return name;
    }

    /** @return the Spring property name below its section, {@code smtp-port} */
    public String propertyName() {
        return name.replace('_', '-');
    }

    /** @return the type of its values */
    public ValueType<T> type() {
        return type;
    }

    /**
     * @return the type as the configuration reference shows it, with its constraints ({@code integer 1-65535}),
     *         or the plain type name
     */
    public String typeDescription() {
        return typeDetail != null ? typeDetail : type.name();
    }

    /**
     * @return the smallest allowed value of a number, {@code Long.MIN_VALUE} when there is no bound
     */
    public long min() {
        return range == null ? Long.MIN_VALUE : range[0];
    }

    /**
     * @return the largest allowed value of a number, {@code Long.MAX_VALUE} when there is no bound
     */
    public long max() {
        return range == null ? Long.MAX_VALUE : range[1];
    }

    /** @return the value when the key is not set, or {@code null} when there is none (see {@link #defaultDescription()}) */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * @return whether a section without it is invalid (checked by the validator, which says why)
     */
    public boolean required() {
        return required;
    }

    /**
     * @return the default as the reference shows it: the default value in INI form ({@code 5m}), or a phrase such
     *         as {@code global value}, {@code none} or, for a required key, {@code required}
     */
    public String defaultDescription() {
        if (required) {
            return "required";
        }
        if (defaultValue != null) {
            return type.format(defaultValue);
        }
        return defaultText != null ? defaultText : "none";
    }

    /**
     * @return whether its value is itself a secret: masked when printed, never logged, and a file holding it
     *         should be readable by its owner only
     */
    public boolean secret() {
        return secret;
    }

    /**
     * @return the secret key this key is another source of ({@code password} for {@code password_file} and
     *         {@code password_env}), or {@code null}; at most one source of a secret may be set
     */
    public ConfigKey<String> sourceOf() {
        return sourceOf;
    }

    /** @return whether the key is one of the guide's (the others are the additions of design section 5) */
    public boolean fromGuide() {
        return fromGuide;
    }

    /** @return where it can be written */
    public Scope scope() {
        return scope;
    }

    /** @return what it means, one sentence without a final full stop, in the vocabulary of the INI files */
    public String description() {
        return description;
    }

    /** @return {@code [domain] smtp_port} */
    @Override
    public String toString() {
        return "[" + section.header() + "] " + name;
    }
}
