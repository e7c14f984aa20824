package dev.ssmtpmailer.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.address.EmailAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * FromHeaderRewriter over any header block and body: exactly one From field, the new one; every other field in
 * its order; the body byte for byte.
 */
class FromHeaderRewriterProperties {
    private static final EmailAddress NEW_FROM = EmailAddress.parse("contact-general@domain1.com");

    @Property(tries = 1000)
    void copy_anyHeadersAndBody_oneNewFromOtherFieldsAndBodyUnchanged(@ForAll("fields") List<String> fields,
            @ForAll("bodies") byte[] body, @ForAll boolean crlf) throws IOException {
        String eol = crlf ? "\r\n" : "\n";
        StringBuilder head = new StringBuilder();
        List<String> others = new ArrayList<>();
        for (String f : fields) {
            head.append(f.replace("\n", eol)).append(eol);
            if (!f.toLowerCase(Locale.ROOT).startsWith("from:")) {
                others.add(f.replace("\n", eol));
            }
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes((head + eol).getBytes(StandardCharsets.UTF_8));
        message.writeBytes(body);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FromHeaderRewriter.copy(new ByteArrayInputStream(message.toByteArray()), out, NEW_FROM, false);

        byte[] result = out.toByteArray();
        String text = new String(result, StandardCharsets.UTF_8);
        int split = text.indexOf(eol + eol);
        assertThat(split).isNotNegative();
        List<String> outFields = unfold(text.substring(0, split + eol.length()), eol);
        assertThat(outFields.stream().filter(f -> f.toLowerCase(Locale.ROOT).startsWith("from:")))
                .containsExactly("From: " + NEW_FROM.address());
        assertThat(outFields.stream().filter(f -> !f.toLowerCase(Locale.ROOT).startsWith("from:")).toList())
                .isEqualTo(others);
        byte[] bodyOut = java.util.Arrays.copyOfRange(result, text.substring(0, split + 2 * eol.length())
                .getBytes(StandardCharsets.UTF_8).length, result.length);
        assertThat(bodyOut).isEqualTo(body);
    }

    private static final EmailAddress ALIAS = EmailAddress.parse("contact-general@mailer.domain1.com");

    /**
     * An alias's From with any phrase, hostile ones included (quotes, backslashes, parentheses, specials, CR, LF,
     * NUL, 8-bit bytes, folding): the output is the bare rewrite's, byte for byte, except for the one From field,
     * which is either the bare new address or one mailbox of the new address that Jakarta Mail's strict parser
     * reads as such, folded only with a line end and white space, showing bytes of the original field.
     */
    @Property(tries = 2000)
    void copyKeepingName_anyPhrase_onlyTheFromFieldDiffersFromTheBareRewrite(@ForAll("phrases") String phrase,
            @ForAll boolean angle, @ForAll boolean crlf) throws Exception {
        String eol = crlf ? "\r\n" : "\n";
        String value = angle ? phrase + " <" + ALIAS.address() + ">" : ALIAS.address() + " " + phrase;
        String original = "From: " + value.replace("\n", eol);
        byte[] message = ("To: x@example.com" + eol + original + eol + "Subject: s" + eol + eol + "body" + eol)
                .getBytes(StandardCharsets.ISO_8859_1);

        ByteArrayOutputStream bareOut = new ByteArrayOutputStream();
        FromHeaderRewriter.copy(new ByteArrayInputStream(message), bareOut, NEW_FROM, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FromHeaderRewriter.copyKeepingName(new ByteArrayInputStream(message), out, ALIAS, NEW_FROM);

        String bare = bareOut.toString(StandardCharsets.ISO_8859_1);
        String kept = out.toString(StandardCharsets.ISO_8859_1);
        if (longestLine(new String(message, StandardCharsets.ISO_8859_1)) <= 998) {
            assertThat(longestLine(kept)).as("longest line").isLessThanOrEqualTo(998); // no fold was joined
        }
        String bareFrom = "From: " + NEW_FROM.address() + eol;
        int at = bare.indexOf(bareFrom);
        assertThat(at).isNotNegative();
        String before = bare.substring(0, at);
        String after = bare.substring(at + bareFrom.length());
        assertThat(kept).startsWith(before).endsWith(after);
        String field = kept.substring(before.length(), kept.length() - after.length());
        assertThat(field).startsWith("From: ").endsWith(eol);
        String newValue = field.substring("From: ".length(), field.length() - eol.length());
        boolean nameKept = !newValue.equals(NEW_FROM.address());
        Statistics.label("name kept").collect(nameKept);
        if (nameKept) {
            assertThat(newValue.replace(eol + " ", "").replace(eol + "\t", "")).doesNotContain("\r", "\n", "\u0000");
            jakarta.mail.internet.InternetAddress[] parsed = jakarta.mail.internet.InternetAddress.parseHeader(
                    newValue.replace(eol, ""), true);
            assertThat(parsed).extracting(jakarta.mail.internet.InternetAddress::getAddress).containsExactly(NEW_FROM.address());
            String shown = angle ? newValue.substring(0, newValue.lastIndexOf(" <"))
                    : newValue.substring(NEW_FROM.address().length() + 1);
            assertThat(original).contains(shown);
        }
        // both outcomes are exercised: the valid phrases keep their name, the hostile ones fall back
        Statistics.label("name kept").coverage(c -> {
            c.check(true).percentage(p -> p > 20);
            c.check(false).percentage(p -> p > 20);
        });
    }

    /**
     * Display names: plain, quoted, commented, encoded, and hostile, some folded ("\n" then white space), some
     * with a line near 998 characters folded before or after the address.
     */
    @Provide
    Arbitrary<String> phrases() {
        Arbitrary<String> any = Arbitraries.strings().withChars("aZ. \"\\()<>,;:@\r\n\t\u0000\u00e9=?").ofMaxLength(20);
        Arbitrary<String> quoted = Arbitraries.strings().withChars("aB \\\"()<>,@\u00e9").ofMaxLength(12).map(t -> "\"" + t + "\"");
        Arbitrary<String> comment = Arbitraries.strings().withChars("aB \\()\"<>,").ofMaxLength(12).map(t -> "(" + t + ")");
        Arbitrary<String> folded = Combinators.combine(quoted, quoted).as((a, b) -> a + "\n " + b);
        Arbitrary<String> longLine = Combinators.combine(Arbitraries.strings().withChars("aZ.=? ").ofMinLength(900)
                .ofMaxLength(1000), Arbitraries.of("", "\n "), Arbitraries.of("", "\n", "\n\t"))
                .as((text, before, after) -> before + "(" + text.strip() + ")" + after);
        return Arbitraries.oneOf(any, quoted, comment, folded, longLine,
                Arbitraries.of("ACME Sales", "=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?=", "J. Doe", "\"a\\\"b\""));
    }

    /** Header fields, each possibly folded (a "\n" followed by white space), some of them From in any case. */
    @Provide
    Arbitrary<List<String>> fields() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("From", "FROM", "from", "To", "Subject",
                "Reply-To", "Resent-From", "X-Original-From", "DKIM-Signature", "Received"),
                Arbitraries.strings().withChars("abcXYZ-09").ofMinLength(1).ofMaxLength(12));
        Arbitrary<String> value = Arbitraries.strings().withChars("abc <>@.\"é,;:()").ofMaxLength(30);
        Arbitrary<String> folded = Combinators.combine(value, value.list().ofMaxSize(2))
                .as((first, more) -> first + String.join("", more.stream().map(m -> "\n\t" + m).toList()));
        return Combinators.combine(name, folded).as((n, v) -> n + ": " + v).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.of((byte) '\r', (byte) '\n', (byte) 'F', (byte) ':', (byte) ' ').array(byte[].class).ofMaxSize(200));
    }

    /** @return the length of the longest line, its line end not counted */
    private static int longestLine(String text) {
        return java.util.Arrays.stream(text.split("\r?\n", -1)).mapToInt(String::length).max().orElse(0);
    }

    /** Header lines joined with their continuation lines. */
    private static List<String> unfold(String block, String eol) {
        List<String> out = new ArrayList<>();
        for (String line : block.split(eol, -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + eol + line);
            } else {
                out.add(line);
            }
        }
        return out;
    }
}
