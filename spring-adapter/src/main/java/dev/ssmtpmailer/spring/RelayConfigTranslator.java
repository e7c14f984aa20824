package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands {@link SsmtpMailerProperties} to core's {@link RelayConfig.Builder} section by section, as the INI reader
 * does: every rule, about single values or combinations of keys, is core's. Problems are reported with the property
 * that holds the value ({@code ssmtp-mailer.domains[0].smtp-port}), and key names in their messages are written as
 * properties ({@code use-ssl}), so that a Spring user reads the names they write.
 *
 * <p>Each section's {@link SourceLocation} names its property ({@code ssmtp-mailer.domains[1]}) where an INI
 * section names its file: a problem points at its own list element even when two elements share a section name,
 * and core's "first at ..." says which element came first.
 */
final class RelayConfigTranslator {
    static final String PREFIX = "ssmtp-mailer";
    /** Every key name with an underscore, longest first (so that {@code password_file} wins over {@code password}). */
    private static final Pattern KEY_NAMES = Pattern.compile("\\b(" + String.join("|", ConfigKeys.all().stream()
            .map(ConfigKey::name).filter(n -> n.contains("_")).distinct()
            .sorted((a, b) -> b.length() - a.length()).toList()) + ")\\b");

    /**
     * The sources this translator names ({@link #translate}); not any file starting with the prefix, which the INI
     * main file {@code ssmtp-mailer.conf}, merged by a customizer, does too.
     */
    private static final Pattern OWN_SOURCES = Pattern.compile(Pattern.quote(PREFIX)
            + "\\.(global|(domains|users|mappings)\\[\\d+\\])");

    private final List<SsmtpMailerConfigException.Problem> problems = new ArrayList<>();

    private RelayConfigTranslator() {
    }

    /**
     * @param properties the bound properties
     * @return a builder holding the inline configuration, not yet validated; sections without a name are left
     *         out (and reported by {@link #build})
     */
    static RelayConfig.Builder toBuilder(SsmtpMailerProperties properties) {
        return new RelayConfigTranslator().translate(properties);
    }

    /**
     * Validates the builder (core's rules) and names properties in any problem.
     *
     * @param properties the bound properties, to name the property of a problem
     * @param builder the builder, possibly changed by customizers
     * @return the validated configuration
     * @throws SsmtpMailerConfigException listing every problem with its property
     */
    static RelayConfig build(SsmtpMailerProperties properties, RelayConfig.Builder builder) {
        RelayConfigTranslator t = new RelayConfigTranslator();
        t.translate(properties);
        List<SsmtpMailerConfigException.Problem> all = new ArrayList<>(t.problems);
        try {
            RelayConfig config = builder.build();
            if (all.isEmpty()) {
                return config;
            }
            throw new SsmtpMailerConfigException(SsmtpMailerConfigException.Origin.PROPERTIES, null, all, null);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                all.add(new SsmtpMailerConfigException.Problem(propertyOf(p), asProperties(p.message())));
            }
            throw new SsmtpMailerConfigException(SsmtpMailerConfigException.Origin.PROPERTIES, null, all, e);
        }
    }

    /** @return the property that holds the problem's value, e.g. {@code ssmtp-mailer.domains[0].smtp-port} */
    static String propertyOf(ConfigProblem p) {
        String file = p.location().file();
        String base = file != null && OWN_SOURCES.matcher(file).matches() ? file
                : p.section() == null ? PREFIX
                : file == null && p.section().equals(SectionKind.GLOBAL.header()) ? PREFIX + ".global"
                : null;
        if (base == null) {
            // A section that no property holds: a RelayConfigCustomizer added it. Name it as core does.
            return "[" + p.section() + "] (from a RelayConfigCustomizer)" + (p.key() == null ? "" : " " + p.key());
        }
        return p.key() == null ? base : base + "." + p.key().replace('_', '-');
    }

    /**
     * @return the message with every key name written as its property name ({@code use_ssl} as {@code use-ssl});
     *         values, which core quotes ({@code 'x'}), are left as they are
     */
    static String asProperties(String message) {
        String[] parts = message.split("'", -1);
        for (int i = 0; i < parts.length; i += 2) {
            Matcher m = KEY_NAMES.matcher(parts[i]);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, m.group(1).replace('_', '-'));
            }
            parts[i] = m.appendTail(b).toString();
        }
        return String.join("'", parts);
    }

    private RelayConfig.Builder translate(SsmtpMailerProperties properties) {
        RelayConfig.Builder b = RelayConfig.builder();
        b.section(SectionRecords.toValues(properties.global(), SectionKind.GLOBAL, null, PREFIX + ".global"));
        List<DomainProperties> domains = properties.domains();
        for (int i = 0; i < domains.size(); i++) {
            named(b, PREFIX + ".domains[" + i + "].name", domains.get(i), SectionKind.DOMAIN, domains.get(i).name(),
                    "the domain's name, as in [domain:domain1.com]");
        }
        List<UserProperties> users = properties.users();
        for (int i = 0; i < users.size(); i++) {
            named(b, PREFIX + ".users[" + i + "].address", users.get(i), SectionKind.USER, users.get(i).address(),
                    "the user's address or *@host pattern");
        }
        List<MappingProperties> mappings = properties.mappings();
        for (int i = 0; i < mappings.size(); i++) {
            named(b, PREFIX + ".mappings[" + i + "].name", mappings.get(i), SectionKind.MAPPING, mappings.get(i).name(),
                    "the mapping's name, as in [mapping:contact-sales]");
        }
        return b;
    }

    /** A list element: its section is added when it has a name; the property of the name says where it is. */
    private void named(RelayConfig.Builder b, String nameProperty, Record section, SectionKind kind, String name,
                       String what) {
        if (name == null || name.isBlank()) {
            problems.add(new SsmtpMailerConfigException.Problem(nameProperty, "is required: " + what));
            return;
        }
        b.section(SectionRecords.toValues(section, kind, name, nameProperty.substring(0, nameProperty.lastIndexOf('.'))));
    }
}
