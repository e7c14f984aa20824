package dev.ssmtpmailer.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** EmailAddress over any text: a clean address or InvalidAddressException, and parsing is stable. */
class EmailAddressProperties {

    @Property(tries = 3000)
    void parse_anyText_givesASafeAddressOrInvalidAddressException(@ForAll("texts") String text) {
        EmailAddress a;
        try {
            a = EmailAddress.parse(text);
        } catch (InvalidAddressException refused) {
            return;
        }
        String s = a.address();
        assertThat(s.chars()).as("printable ASCII only: no CR, LF, space or control").allMatch(c -> c > 0x20 && c < 0x7f);
        assertThat(s.chars().filter(c -> c == '@').count()).isEqualTo(1);
        assertThat(a.domain()).isEqualTo(a.domain().toLowerCase(Locale.ROOT)).doesNotStartWith("[");
        assertThat(a.localPart()).doesNotStartWith("\"").doesNotStartWith(".").doesNotEndWith(".").doesNotContain("..");
        assertThat(EmailAddress.parse(s)).isEqualTo(a);
        assertThat(EmailAddress.parse(s).address()).isEqualTo(s);
    }

    @Property(tries = 2000)
    void parse_wellFormedAddress_keepsTheLocalPartAndLowersTheDomain(@ForAll("locals") String local,
            @ForAll("domains") String domain) {
        EmailAddress a = EmailAddress.parse("<" + local + "@" + domain + ">");

        assertThat(a.localPart()).isEqualTo(local);
        assertThat(a.domain()).isEqualTo(domain.toLowerCase(Locale.ROOT));
        assertThat(a).isEqualTo(EmailAddress.parse(local.toUpperCase(Locale.ROOT) + "@" + domain.toUpperCase(Locale.ROOT)));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("aZ09.-_@<>\"[]:;, \t\r\n\u0000\u00e9%!+").ofMaxLength(40),
                Combinators.combine(locals(), Arbitraries.of("@", "@@", "", "@."), domains())
                        .as((l, at, d) -> l + at + d));
    }

    @Provide
    Arbitrary<String> locals() {
        Arbitrary<String> atom = Arbitraries.strings().withChars("abcXYZ019!#$%&'*+-/=?^_`{|}~").ofMinLength(1).ofMaxLength(10);
        return atom.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l)).filter(s -> s.length() <= 64);
    }

    @Provide
    Arbitrary<String> domains() {
        Arbitrary<String> label = Combinators.combine(Arbitraries.strings().withChars("aZ09").ofLength(1),
                Arbitraries.strings().withChars("aBz09-").ofMaxLength(8), Arbitraries.strings().withChars("aZ9").ofLength(1))
                .as((a, b, c) -> a + b + c);
        return label.list().ofMinSize(1).ofMaxSize(5).map((List<String> l) -> String.join(".", l));
    }
}
