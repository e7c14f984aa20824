package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.RejectException;

/**
 * {@code SIZE=} read with loops instead of a stream and a regex (issue 14, goal 3): the same sizes and refusals
 * as the regex it replaced, the reference here.
 */
class PathArgumentsProperties {

    @Property(tries = 3000)
    void size_anyValue_sameAsTheRegexReference(@ForAll("sizes") String value) throws RejectException {
        PathArguments a = new PathArguments("a@b.example", Map.of("SIZE", value));
        if (!value.matches("[0-9]*")) {
            assertThatThrownBy(a::size).isInstanceOf(RejectException.class)
                    .hasMessageContaining("5.5.4 Bad SIZE parameter: not a number");
            return;
        }
        String digits = value.replaceFirst("^0+(?=.)", "");
        assertThat(a.size()).isEqualTo(digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits));
    }

    @Provide
    Arbitrary<String> sizes() {
        return Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25),
                Arbitraries.strings().withChars("0").ofMinLength(1).ofMaxLength(22).map(z -> z + "7"),
                Arbitraries.strings().withChars("0").ofMinLength(1).ofMaxLength(22),
                Arbitraries.strings().withChars("0123456789x-+ ").ofMinLength(1).ofMaxLength(8));
    }

    @Test
    void parse_noParameters_emptyAndUnmodifiable() throws RejectException {
        PathArguments a = PathArguments.parse("MAIL FROM:<a@b.example>", "FROM:");

        assertThat(a.parameters()).isEmpty();
        assertThat(a.parameters()).isEqualTo(Map.of());
        assertThat(a.size()).isZero();
        assertThatThrownBy(() -> a.parameters().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void parse_parameters_keptInOrderAndUnmodifiable() throws RejectException {
        PathArguments a = PathArguments.parse("MAIL FROM:<a@b.example> size=0012 BODY=8BITMIME X-Y", "FROM:");

        assertThat(a.parameters()).containsExactly(entry("SIZE", "0012"), entry("BODY", "8BITMIME"),
                entry("X-Y", null));
        assertThat(a.size()).isEqualTo(12);
        assertThatThrownBy(() -> a.parameters().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
