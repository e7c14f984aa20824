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
