package dev.ssmtpmailer.cli.dnscheck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tag=value; tag=value} syntax shared by DKIM (RFC 6376 3.2) and DMARC (RFC 7489 6.4) records.
 *
 * @param tags the tags in their order, names in lower case, values trimmed
 */
record TagList(Map<String, String> tags) {

    /**
     * @param record the record text
     * @return the tags
     * @throws IllegalArgumentException naming the first part that is not {@code name=value}, or a repeated tag
     */
    static TagList parse(String record) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + p + "' is not tag=value");
            }
            String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!name.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("'" + name + "' is not a tag name");
            }
            if (tags.put(name, p.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("tag " + name + " appears twice");
            }
        }
        return new TagList(Collections.unmodifiableMap(tags));
    }

    String get(String name) {
        return tags.get(name);
    }

    String first() {
        return tags.isEmpty() ? null : tags.keySet().iterator().next();
    }
}
