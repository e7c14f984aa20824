package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.DomainRole;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.config.SectionValues;
import dev.ssmtpmailer.config.SourceLocation;

/**
 * Writes the effective configuration in the INI form it is read from, every key with its value (defaults
 * included) in the order of {@link ConfigKeys}, secrets as {@value Secret#MASK}. Where a secret comes from a file
 * or an environment variable the file or variable name is printed: those are not secret, and they are what an
 * operator needs to check. Each domain's role (local or upstream, and why) is a comment under its header.
 */
final class ConfigPrinter {
    private final StringBuilder out = new StringBuilder();

    private ConfigPrinter() {
    }

    static String print(RelayConfig config) {
        ConfigPrinter p = new ConfigPrinter();
        p.section(SectionValues.of(config.global()));
        config.domains().forEach(d -> p.section(SectionValues.of(d), DomainRole.of(config, d)));
        config.users().forEach(u -> p.section(SectionValues.of(u)));
        config.mappings().forEach(m -> p.section(SectionValues.of(m)));
        return p.out.toString();
    }

    private void section(SectionValues values) {
        section(values, null);
    }

    /** A domain's role is printed as a comment under its header, so that the output still loads as a tree. */
    private void section(SectionValues values, DomainRole role) {
        header(values.section(), values.source());
        if (role != null) {
            out.append("# role: ").append(role.label()).append(" (").append(role.reason()).append(")\n");
        }
        for (ConfigKey<?> key : ConfigKeys.of(values.kind())) {
            if (values.has(key)) {
                line(key, values);
            }
        }
    }

    private void header(String section, SourceLocation source) {
        if (out.length() > 0) {
            out.append('\n');
        }
        if (source.file() != null) {
            out.append("# ").append(clean(source.file()));
            if (source.line() > 0) {
                out.append(':').append(source.line());
            }
            out.append('\n');
        }
        out.append('[').append(clean(section)).append("]\n");
    }

    /** The value as {@link SectionValues#printable} gives it, as {@code config --json} prints it too. */
    private void line(ConfigKey<?> key, SectionValues values) {
        out.append(key.name()).append(" = ").append(clean(values.printable(key))).append('\n');
    }

    /** Values built in code could hold a line break; printed, it would forge a key. */
    private static String clean(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
