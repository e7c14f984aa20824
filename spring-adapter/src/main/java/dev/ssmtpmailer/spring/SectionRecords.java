package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SectionValues;
import dev.ssmtpmailer.config.SourceLocation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a section record ({@link GlobalProperties}, {@link DomainProperties}, ...) into core's
 * {@link SectionValues}: the component named as the key's property in camel case ({@code smtpPort}) holds the key
 * ({@code smtp_port}), as in Spring's own binding. The records are generated from {@link ConfigKeys}, so every key
 * Spring exposes has its component; {@code null} leaves the key unset (core's default), and a list bound empty is
 * the empty value, as {@code key =} in an INI file ({@code trusted_networks}: no network is trusted).
 */
final class SectionRecords {

    private SectionRecords() {
    }

    /**
     * @param section a bound section record
     * @param kind its kind of section
     * @param name its name, or {@code null} for {@code [global]}
     * @return the values it sets
     */
    static SectionValues toValues(Record section, SectionKind kind, String name) {
        return toValues(section, kind, name, null);
    }

    /**
     * @param section a bound section record
     * @param kind its kind of section
     * @param name its name, or {@code null} for {@code [global]}
     * @param property the property that holds it ({@code ssmtp-mailer.domains[1]}), its source in core's problems
     *        where an INI section has its file; {@code null} for none
     * @return the values it sets
     */
    static SectionValues toValues(Record section, SectionKind kind, String name, String property) {
        SectionValues values = SectionValues.of(kind, name, property == null ? null
                : new SourceLocation(property, 0, kind.section(name), Map.of()));
        for (ConfigKey<?> key : ConfigKeys.of(kind)) {
            if (key.scope() == ConfigKey.Scope.EVERYWHERE) {
                put(values, key, read(section, component(key)));
            }
        }
        return values;
    }

    /** @return the component (and Spring's bean property) name of a key: {@code smtp_port} is {@code smtpPort} */
    static String component(ConfigKey<?> key) {
        StringBuilder b = new StringBuilder();
        for (String part : key.name().split("_")) {
            b.append(b.length() == 0 ? part : part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1));
        }
        return b.toString();
    }

    private static Object read(Record section, String component) {
        for (RecordComponent c : section.getClass().getRecordComponents()) {
            if (c.getName().equals(component)) {
                try {
                    return c.getAccessor().invoke(section);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + component + " of " + section.getClass().getName(), e);
                }
            }
        }
        throw new IllegalStateException(section.getClass().getName() + " has no component " + component
                + "; it is generated from ConfigKeys (SectionPropertiesTest, -Dssmtp.regenerate=true)");
    }

    @SuppressWarnings("unchecked")
    private static <T> void put(SectionValues values, ConfigKey<T> key, Object value) {
        values.put(key, (T) value);
    }
}
