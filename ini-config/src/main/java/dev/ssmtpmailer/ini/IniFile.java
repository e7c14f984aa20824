package dev.ssmtpmailer.ini;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed INI file: its sections in order, each with its keys in order and the line of everything.
 *
 * @param name the file as the user would recognise it ({@code domains/domain1.com.conf})
 * @param sections the sections in the order they appear
 */
record IniFile(String name, List<Section> sections) {

    IniFile {
        sections = List.copyOf(sections);
    }

    /**
     * A {@code [header]} and the {@code key = value} lines below it.
     *
     * @param header the text between the brackets, stripped ({@code domain:domain1.com})
     * @param line the line of the header, 1-based
     * @param entries the keys in the order they appear
     */
    record Section(String header, int line, Map<String, Entry> entries) {

        Section {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** @return the line of each key */
        Map<String, Integer> keyLines() {
            Map<String, Integer> lines = new LinkedHashMap<>();
            entries.forEach((k, e) -> lines.put(k, e.line()));
            return lines;
        }
    }

    /**
     * One {@code key = value} line.
     *
     * @param key the key, stripped
     * @param value the value, stripped, exactly as written otherwise (no {@code ${...}} expansion, no quotes removed)
     * @param line the line, 1-based
     */
    record Entry(String key, String value, int line) {
    }
}
