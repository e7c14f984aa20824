package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.ValueType;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Writes the source of the Spring properties record of one kind of section ({@code DomainProperties}) from
 * {@link ConfigKeys}: a component per key that Spring exposes, each documented ({@code @param}) with the key's
 * description and default (Spring's configuration processor turns that into the IDE metadata).
 * {@link SectionRecords} hands the values to core by the same names. {@code SectionPropertiesTest} keeps the checked-in classes
 * equal to this output.
 */
final class SectionPropertiesSource {
    private SectionPropertiesSource() {
    }

    /**
     * @param kind a kind of section
     * @return the simple name of its class, {@code DomainProperties}
     */
    static String className(SectionKind kind) {
        return capitalize(kind.header()) + "Properties";
    }

    /**
     * @param kind a kind of section
     * @return the keys the Spring properties expose
     */
    static List<ConfigKey<?>> keys(SectionKind kind) {
        return ConfigKeys.of(kind).stream().filter(k -> k.scope() == ConfigKey.Scope.EVERYWHERE).toList();
    }

    /**
     * @param kind a kind of section
     * @return the whole Java source of its class
     */
    static String render(SectionKind kind) {
        List<ConfigKey<?>> keys = keys(kind);
        String name = nameProperty(kind);
        StringBuilder b = new StringBuilder();
        b.append("package dev.ssmtpmailer.spring;\n\n");
        TreeSet<String> imports = new TreeSet<>();
        for (ConfigKey<?> k : keys) {
            Class<?> t = k.type().javaType();
            if (!t.getPackageName().equals("java.lang")) {
                imports.add(t.getName());
            }
        }
        boolean masks = keys.stream().anyMatch(k -> k.secret() || k.name().equals(URL_KEY));
        if (masks) {
            imports.add("dev.ssmtpmailer.config.Secret");
        }
        if (keys.stream().anyMatch(k -> k.name().equals(URL_KEY))) {
            imports.add("dev.ssmtpmailer.config.QueueBackendSettings");
        }
        imports.forEach(i -> b.append("import ").append(i).append(";\n"));
        b.append(imports.isEmpty() ? "" : "\n");
        StringBuilder doc = new StringBuilder(classDoc(kind)).append("\n\n<p>Generated from {@code ConfigKeys} by ")
                .append("{@code SectionPropertiesTest}: do not edit; after changing a key, run that test with ")
                .append("{@code -Dssmtp.regenerate=true}. Every value left unset ({@code null}) takes core's default.\n");
        if (name != null) {
            doc.append("\n@param ").append(name).append(' ').append(nameDoc(kind));
        }
        for (ConfigKey<?> k : keys) {
            doc.append("\n@param ").append(field(k)).append(' ').append(description(k));
        }
        b.append(comment("", doc.toString()));
        b.append("public record ").append(className(kind)).append("(");
        List<String> components = new java.util.ArrayList<>();
        if (name != null) {
            components.add("String " + name);
        }
        keys.forEach(k -> components.add(javaType(k) + " " + field(k)));
        b.append("\n        ").append(String.join(",\n        ", components)).append(") {\n");
        List<ConfigKey<?>> lists = keys.stream().filter(k -> k.type() == ValueType.LIST).toList();
        if (kind == SectionKind.GLOBAL) {
            b.append("\n    /** Nothing set: every value takes core's default. */\n")
                    .append("    static final ").append(className(kind)).append(" UNSET = new ").append(className(kind))
                    .append('(').append(String.join(", ", java.util.Collections.nCopies(components.size(), "null")))
                    .append(");\n");
        }
        if (!lists.isEmpty()) {
            b.append("\n    /**\n     * Copies the lists. An unset list stays {@code null} and takes core's default; a list bound empty\n"
                    + "     * ({@code key=} in a properties file, {@code key: []} in YAML) is the empty value, as {@code key =} in an\n"
                    + "     * INI file.\n     */\n    public ").append(className(kind)).append(" {\n");
            for (ConfigKey<?> k : lists) {
                b.append("        ").append(field(k)).append(" = ").append(field(k)).append(" == null ? null : List.copyOf(")
                        .append(field(k)).append(");\n");
            }
            b.append("    }\n");
        }
        if (masks) {
            boolean url = keys.stream().anyMatch(k -> k.name().equals(URL_KEY));
            b.append("\n    /** Every value as a record prints it, with the secrets masked")
                    .append(url ? " (a password inside {@code database_url} too)" : "").append(". */\n")
                    .append("    @Override\n    public String toString() {\n        return \"").append(className(kind)).append("[");
            List<String> shown = new java.util.ArrayList<>();
            if (name != null) {
                shown.add(name + "=\" + " + name);
            }
            for (ConfigKey<?> k : keys) {
                String f = field(k);
                shown.add(f + "=\" + " + (k.secret() ? "(" + f + " == null ? null : Secret.MASK)"
                        : k.name().equals(URL_KEY) ? "QueueBackendSettings.redactUrl(" + f + ")" : f));
            }
            b.append(String.join("\n                + \", ", shown)).append(" + \"]\";\n    }\n");
        }
        b.append("}\n");
        return b.toString();
    }

    /** The key whose value (a JDBC URL) may hold a password: printed through {@code QueueBackendSettings.redactUrl}. */
    private static final String URL_KEY = "database_url";

    /**
     * @return {@code additional-spring-configuration-metadata.json}: the default of every {@code [global]} property
     *         that has one, which the configuration processor adds to the metadata it writes (list elements, the
     *         other sections, have no metadata entries of their own), and the values of the queue backend for
     *         {@code ssmtp-mailer.queue.backend} and its alias {@code ssmtp-mailer.global.queue-backend}
     */
    static String additionalMetadata() {
        StringBuilder b = new StringBuilder("{\n  \"properties\": [");
        String separator = "\n";
        for (ConfigKey<?> k : keys(SectionKind.GLOBAL)) {
            if (k.defaultValue() == null) {
                continue;
            }
            b.append(separator).append("    {\n      \"name\": \"ssmtp-mailer.global.").append(k.propertyName())
                    .append("\",\n      \"defaultValue\": ").append(json(k.defaultValue(), k)).append("\n    }");
            separator = ",\n";
        }
        b.append("\n  ],\n  \"hints\": [");
        separator = "\n";
        for (String property : List.of("ssmtp-mailer.queue.backend", "ssmtp-mailer.global.queue-backend")) {
            b.append(separator).append("    {\n      \"name\": \"").append(property).append("\",\n      \"values\": [\n")
                    .append("        {\"value\": \"file\", \"description\": \"The spool directory of this process, in-memory rate limits.\"},\n")
                    .append("        {\"value\": \"postgres\", \"description\": \"A PostgreSQL database every replica shares "
                            + "(ssmtp-mailer-postgres; the application's DataSource when it has one).\"}\n      ]\n    }");
            separator = ",\n";
        }
        return b.append("\n  ]\n}\n").toString();
    }

    /** A default as Spring would bind it: numbers and booleans bare, lists as arrays, the rest as strings. */
    private static String json(Object value, ConfigKey<?> key) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        @SuppressWarnings("unchecked")
        ConfigKey<Object> k = (ConfigKey<Object>) key;
        return "\"" + k.type().format(value) + "\"";
    }

    /**
     * @param key a key
     * @return its field and bean property name, {@code smtpPort}
     */
    static String field(ConfigKey<?> key) {
        return SectionRecords.component(key);
    }

    /**
     * @param key a key
     * @return the description of its property: the key's, its INI name, and its default
     */
    static String description(ConfigKey<?> key) {
        String text = capitalize(javadoc(key.description())) + " ({@code " + key.name() + "}).";
        String def = key.defaultDescription();
        if (key.required()) {
            return text + " Required.";
        }
        if (def.equals("none")) {
            return text;
        }
        if (key.type() == ValueType.SIZE && key.defaultValue() != null) {
            def = key.defaultValue() + " (" + def + ")"; // the property is a number of bytes
        }
        return text + " Default " + javadoc(def.replace("`", "")) + ".";
    }

    /** A javadoc comment, paragraphs split at line breaks, wrapped before 120 columns. */
    private static String comment(String indent, String text) {
        StringBuilder b = new StringBuilder(indent).append("/**\n");
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder(indent).append(" *");
            for (String word : paragraph.replace("{@code ", "{@code\u00a0").split(" ")) { // never break inside {@code x}
                if (word.isEmpty()) {
                    continue;
                }
                word = word.replace('\u00a0', ' ');
                if (line.length() + 1 + word.length() > 116) {
                    b.append(line).append('\n');
                    line = new StringBuilder(indent).append(paragraph.startsWith("@") ? " *       " : " *");
                }
                line.append(' ').append(word);
            }
            b.append(line).append('\n');
        }
        return b.append(indent).append(" */\n").toString();
    }

    private static String javaType(ConfigKey<?> key) {
        return key.type() == ValueType.LIST ? "List<String>" : key.type().javaType().getSimpleName();
    }

    private static String nameProperty(SectionKind kind) {
        return switch (kind) {
            case GLOBAL -> null;
            case USER -> "address";
            case DOMAIN, MAPPING -> "name";
        };
    }

    private static String nameDoc(SectionKind kind) {
        return switch (kind) {
            case DOMAIN -> "Section name, usually the domain, as in {@code [domain:domain1.com]}. Required.";
            case USER -> "Address, or a {@code *@host} pattern with template-address, as in {@code [user:ADDRESS]}. Required.";
            case MAPPING -> "Mapping name, as in {@code [mapping:contact-sales]}. Required.";
            case GLOBAL -> throw new IllegalArgumentException("[global] has no name");
        };
    }

    private static String classDoc(SectionKind kind) {
        return switch (kind) {
            case GLOBAL -> "The {@code [global]} section, under {@code ssmtp-mailer.global}.";
            case DOMAIN -> "A {@code [domain:NAME]} section, an element of {@code ssmtp-mailer.domains}: an upstream account or "
                    + "a local domain.";
            case USER -> "A {@code [user:ADDRESS]} section, an element of {@code ssmtp-mailer.users}.";
            case MAPPING -> "A {@code [mapping:NAME]} section, an element of {@code ssmtp-mailer.mappings}: an alias, its "
                    + "canonical address and its account.";
        };
    }

    /** Markdown of the reference ({@code `x`}, {@code *Paths*}) as javadoc. */
    private static String javadoc(String markdown) {
        return markdown.replaceAll("`([^`]*)`", "{@code $1}").replaceAll("\\*([A-Za-z ]+)\\*", "$1")
                .replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
