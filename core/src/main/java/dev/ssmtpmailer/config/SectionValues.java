package dev.ssmtpmailer.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One section of a configuration as keys and values, before it becomes a {@link GlobalSettings},
 * {@link DomainConfig}, {@link UserConfig} or {@link MappingConfig}: what the INI reader and the Spring properties
 * hand to {@link RelayConfig.Builder#section(SectionValues)}, and what the printer reads back with
 * {@link #of(GlobalSettings)} and friends. Keys that were set are exactly the keys present, so that rules about
 * combinations of keys ("only one of password, password_file, password_env") can be checked in core.
 */
public final class SectionValues {
    private final SectionKind kind;
    private final String name;
    private final SourceLocation source;
    private final Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();

    private SectionValues(SectionKind kind, String name, SourceLocation source) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = kind == SectionKind.GLOBAL ? null : Objects.requireNonNull(name, "name");
        this.source = source == null ? SourceLocation.NONE : source;
    }

    /**
     * @param kind the kind of section
     * @param name its name ({@code domain1.com}); ignored for {@link SectionKind#GLOBAL}
     * @param source where it was read, or {@code null} (or {@link SourceLocation#NONE}) when it was not read from a file
     * @return an empty section
     */
    public static SectionValues of(SectionKind kind, String name, SourceLocation source) {
        return new SectionValues(kind, name, source);
    }

    /**
     * @param global settings
     * @return their keys and values, defaults included
     */
    public static SectionValues of(GlobalSettings global) {
        return SectionCodec.values(global);
    }

    /**
     * @param domain a domain
     * @return its keys and values, defaults included; a secret is given under the key of its source
     *         ({@code password_file} for a password read from a file)
     */
    public static SectionValues of(DomainConfig domain) {
        return SectionCodec.values(domain);
    }

    /**
     * @param user a user
     * @return its keys and values, defaults included
     */
    public static SectionValues of(UserConfig user) {
        return SectionCodec.values(user);
    }

    /**
     * @param mapping a mapping
     * @return its keys and values
     */
    public static SectionValues of(MappingConfig mapping) {
        return SectionCodec.values(mapping);
    }

    /** @return the kind of section */
    public SectionKind kind() {
        return kind;
    }

    /** @return the section's name, or {@code null} for {@code [global]} */
    public String name() {
        return name;
    }

    /** @return the section as messages name it: {@code global}, {@code domain:domain1.com} */
    public String section() {
        return kind.section(name);
    }

    /** @return where it was read */
    public SourceLocation source() {
        return source;
    }

    /**
     * Sets a key; {@code null} leaves it unset. An empty list is a value: {@code trusted_networks =} trusts no
     * network, where an unset key would take the default.
     *
     * @param key a key of this kind of section
     * @param value its value
     * @param <T> the key's type
     * @return this
     * @throws IllegalArgumentException if the key belongs to another kind of section
     */
    public <T> SectionValues put(ConfigKey<T> key, T value) {
        if (key.section() != kind) {
            throw new IllegalArgumentException(key + " is not a key of [" + kind.header() + "]");
        }
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, key.type().cast(value));
        }
        return this;
    }

    /**
     * @param key a key
     * @param <T> its type
     * @return its value, or {@code null} when it is not set
     */
    public <T> T get(ConfigKey<T> key) {
        Object v = values.get(key);
        return v == null ? null : key.type().cast(v);
    }

    /**
     * @param key a key
     * @return whether it is set
     */
    public boolean has(ConfigKey<?> key) {
        return values.containsKey(key);
    }

    /** @return the keys that are set, in the order they were set */
    public Set<ConfigKey<?>> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /**
     * A value as every printer shows it ({@code config}, {@code config --json}, {@link #toString()}): the one place
     * that decides what of a value may be printed.
     *
     * @param key a key that is set
     * @param <T> its type
     * @return a secret as {@value Secret#MASK}; {@code database_url} with any password in it masked (pgjdbc takes
     *         one from the URL too, see {@link QueueBackendSettings#redactUrl}); any other value in its INI form
     * @throws IllegalArgumentException if the key is not set
     */
    public <T> String printable(ConfigKey<T> key) {
        if (!has(key)) {
            throw new IllegalArgumentException(key.name() + " is not set in [" + section() + "]");
        }
        if (key.secret()) {
            return Secret.MASK;
        }
        String text = key.type().format(get(key));
        return key == ConfigKeys.DATABASE_URL ? QueueBackendSettings.redactUrl(text) : text;
    }

    /** @return {@code [section] key=value ...}, each value {@linkplain #printable printable} */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[").append(section()).append(']');
        values.keySet().forEach(k -> b.append(' ').append(k.name()).append('=').append(printable(k)));
        return b.toString();
    }
}
