package dev.ssmtpmailer.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IniReaderTest {

    private static IniFile parse(String text, List<String> expectedProblems) {
        return parse(text.getBytes(StandardCharsets.UTF_8), expectedProblems);
    }

    private static IniFile parse(byte[] bytes, List<String> expectedProblems) {
        Problems problems = new Problems();
        IniFile file = IniReader.parse(bytes, "t.conf", problems);
        ConfigException e = catchThrowableOfType(ConfigException.class, problems::throwIfAny);
        List<String> actual = e == null ? List.of() : e.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(actual).containsExactlyElementsOf(expectedProblems);
        return file;
    }

    @Test
    void parse_sectionsKeysAndComments_keepsLinesAndOrder() {
        IniFile f = parse("""
                # comment
                ; another
                [a]
                  x = 1
                y=two words
                
                [b:name with spaces ]
                z =
                """, List.of());

        assertThat(f.sections()).hasSize(2);
        IniFile.Section a = f.sections().get(0);
        assertThat(a.header()).isEqualTo("a");
        assertThat(a.line()).isEqualTo(3);
        assertThat(a.entries().values()).containsExactly(new IniFile.Entry("x", "1", 4), new IniFile.Entry("y", "two words", 5));
        IniFile.Section b = f.sections().get(1);
        assertThat(b.header()).isEqualTo("b:name with spaces");
        assertThat(b.entries().get("z")).isEqualTo(new IniFile.Entry("z", "", 8));
    }

    @Test
    void parse_valuesAreLiteral_noExpansionNoQuotesNoInlineComments() {
        IniFile f = parse("[s]\np = ${HOME} # not a comment ; \"quoted\" = still value\n", List.of());

        assertThat(f.sections().get(0).entries().get("p").value()).isEqualTo("${HOME} # not a comment ; \"quoted\" = still value");
    }

    @Test
    void parse_bomAndCrlf_areAccepted() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "[s]\r\nk = v\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);

        IniFile f = parse(all, List.of());

        assertThat(f.sections().get(0).entries().get("k")).isEqualTo(new IniFile.Entry("k", "v", 2));
    }

    @Test
    void parse_brokenLines_areEachReportedWithTheirLine() {
        parse("k = outside\n[s]\nno equals sign\n= value\nbad key! = v\nk = 1\nk = 2\n[unclosed\nignored = yes\n[]\n", List.of(
                "t.conf:1: k: is outside any section; put it below a header such as [global]",
                "t.conf:3: [s] expected 'key = value', a [section] header or a comment, found 'no...'",
                "t.conf:4: [s] a key is missing before '='",
                "t.conf:5: [s] 'bad...' is not a key: keys are letters, digits, '_', '-' and '.'",
                "t.conf:7: [s] k: is set twice in this section (first at line 6)",
                "t.conf:8: a section header must end with ']', found '[unclosed'",
                "t.conf:10: empty section header '[]'"));
    }

    @Test
    void parse_brokenLinesThatAreASecretAlone_showOnlyTheirLength() {
        // a wrapped value or an indented continuation after 'password =': no word of it may be shown
        parse("""
                [s]
                password = first-part
                  1//0gAbCdEfGhIjKlMnOpQrStUv
                abcdefghijklmnop
                1//0gAbC de
                1//0gAbCdEf=ghi
                """, List.of(
                "t.conf:3: [s] expected 'key = value', a [section] header or a comment, found a line of 27 characters",
                "t.conf:4: [s] expected 'key = value', a [section] header or a comment, found a line of 16 characters",
                "t.conf:5: [s] expected 'key = value', a [section] header or a comment, found a line of 11 characters",
                "t.conf:6: [s] the text before '=' (11 characters) is not a key: keys are letters, digits, '_', '-' and '.'"));
    }

    @Test
    void parse_brokenLinesHoldingSecrets_nameOnlyTheirFirstWord() {
        // a secret written with ':' or a space for '=', or with a key that swallowed part of it, stays out of
        // config --validate, a failed start and a reload's WARN lines
        parse("""
                [s]
                password: abcd efgh ijkl mnop
                oauth2_client_secret xyz
                password: c2VjcmV0=
                oauth2_client_secret	abc=def
                [s] password = hunter2
                """, List.of(
                "t.conf:2: [s] expected 'key = value', a [section] header or a comment, found 'password...'",
                "t.conf:3: [s] expected 'key = value', a [section] header or a comment, found 'oauth2_client_secret...'",
                "t.conf:4: [s] 'password...' is not a key: keys are letters, digits, '_', '-' and '.'",
                "t.conf:5: [s] 'oauth2_client_secret...' is not a key: keys are letters, digits, '_', '-' and '.'",
                "t.conf:6: a section header must end with ']', found '[s]...'"));
    }

    @Test
    void parse_controlCharactersAndInvalidUtf8_areReported() {
        byte[] bytes = "[s]\nk = a\u0000b\nj = \u00e9\nm = x\n".getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[bytes.length + 5];
        System.arraycopy(bytes, 0, broken, 0, bytes.length);
        broken[bytes.length] = 'n';
        broken[bytes.length + 1] = '=';
        broken[bytes.length + 2] = (byte) 0xC3; // a lead byte without its continuation
        broken[bytes.length + 3] = '(';
        broken[bytes.length + 4] = '\n';

        IniFile f = parse(broken, List.of(
                "t.conf:2: [s] contains the control character U+0000",
                "t.conf:5: [s] is not valid UTF-8"));

        assertThat(f.sections().get(0).entries().keySet()).containsExactly("j", "m");
        assertThat(f.sections().get(0).entries().get("j").value()).isEqualTo("\u00e9");
    }

    @Test
    void parse_manyProblems_areCappedPerFile() {
        Problems problems = new Problems();
        IniReader.parse("junk\n".repeat(1000).getBytes(StandardCharsets.UTF_8), "t.conf", problems);

        List<ConfigProblem> reported = catchThrowableOfType(ConfigException.class, problems::throwIfAny).problems();

        assertThat(reported).hasSize(IniReader.MAX_PROBLEMS_PER_FILE);
        assertThat(reported.get(reported.size() - 1).toString())
                .isEqualTo("t.conf:50: too many problems in this file; the rest are not listed");
    }
}
