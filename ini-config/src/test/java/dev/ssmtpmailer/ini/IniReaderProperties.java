package dev.ssmtpmailer.ini;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** IniReader over any bytes (it parses, with problems, and never throws) and over files it must read back exactly. */
class IniReaderProperties {

    @Property(tries = 1000)
    void parse_anyBytes_givesSectionsAndProblemsNeverAnException(@ForAll("bytes") byte[] bytes) {
        Problems problems = new Problems();

        IniFile f = IniReader.parse(bytes, "t.conf", problems);

        for (IniFile.Section s : f.sections()) {
            assertThat(s.header()).isNotEmpty().isEqualTo(s.header().strip());
            s.entries().forEach((k, e) -> {
                assertThat(k).matches("[A-Za-z0-9_.-]+");
                assertThat(e.value()).doesNotContain("\n", "\r").isEqualTo(e.value().strip());
                assertThat(e.line()).isPositive().isGreaterThan(s.line());
            });
        }
    }

    @Property(tries = 500)
    void parse_writtenFile_readsBackEverySectionKeyValueAndLine(@ForAll("files") Map<String, Map<String, String>> file,
            @ForAll boolean crlf, @ForAll boolean bom) {
        String eol = crlf ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder(bom ? "\uFEFF# generated" + eol : "; generated" + eol);
        Map<String, Integer> headerLines = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        int line = 1;
        for (Map.Entry<String, Map<String, String>> s : file.entrySet()) {
            text.append(eol).append("[ ").append(s.getKey()).append(" ]").append(eol);
            line += 2;
            headerLines.put(s.getKey(), line);
            for (Map.Entry<String, String> kv : s.getValue().entrySet()) {
                text.append(kv.getKey()).append(" =  ").append(kv.getValue()).append("\t").append(eol);
                keyLines.put(s.getKey() + "/" + kv.getKey(), ++line);
            }
        }
        Problems problems = new Problems();

        IniFile f = IniReader.parse(text.toString().getBytes(StandardCharsets.UTF_8), "t.conf", problems);

        assertThat(problems.isEmpty()).as("problems in%n%s", text).isTrue();
        assertThat(f.sections()).extracting(IniFile.Section::header).containsExactlyElementsOf(file.keySet());
        for (IniFile.Section s : f.sections()) {
            assertThat(s.line()).isEqualTo(headerLines.get(s.header()));
            Map<String, String> values = new LinkedHashMap<>();
            s.entries().forEach((k, e) -> {
                values.put(k, e.value());
                assertThat(e.line()).isEqualTo(keyLines.get(s.header() + "/" + k));
            });
            assertThat(values).containsExactlyEntriesOf(file.get(s.header()));
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<String> lines = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("[]=#; \t\r\nabc_.-:${}").ofMaxLength(40))
                .list().ofMaxSize(20).map(l -> String.join("\n", l));
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(500),
                lines.map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sections with distinct headers, each with distinct keys and values as an operator writes them. */
    @Provide
    Arbitrary<Map<String, Map<String, String>>> files() {
        Arbitrary<String> header = Combinators.combine(Arbitraries.of("global", "domain", "user", "mapping"),
                Arbitraries.strings().withChars("abc.@-_019 ").ofMinLength(1).ofMaxLength(20))
                .as((kind, name) -> kind + ":" + name.strip()).filter(h -> !h.endsWith(":"));
        Arbitrary<String> key = Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> value = Arbitraries.strings().withChars("abc =#;[]${}\"'é中/\\:,019")
                .ofMaxLength(30).map(String::strip);
        Arbitrary<Map<String, String>> section = Arbitraries.maps(key, value).ofMaxSize(6);
        return Arbitraries.maps(header, section).ofMaxSize(5).map(m -> {
            Map<String, Map<String, String>> ordered = new LinkedHashMap<>();
            new ArrayList<>(m.keySet()).forEach(h -> ordered.put(h, new LinkedHashMap<>(m.get(h))));
            return ordered;
        });
    }
}
