package dev.ssmtpmailer.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The constructor builds the whole address only for an error (issue 14, goal 3: cheaper while the JIT has not
 * compiled it); its verdicts and messages are those of the checks it had before, written here as regular
 * expressions in the order the checks ran: the reference.
 */
class EmailAddressReferenceProperties {
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x20\\x7f]");
    private static final Pattern NOT_ATEXT = Pattern.compile("[^A-Za-z0-9.!#$%&'*+\\-/=?^_`{|}~]");
    private static final Pattern NOT_LDH = Pattern.compile("[^A-Za-z0-9-]");

    @Property(tries = 4000)
    void constructor_anyParts_sameVerdictAndMessageAsTheRegexReference(@ForAll("parts") String local,
            @ForAll("parts") String domain) {
        String reason = reference(local, domain);
        if (reason == null) {
            assertThat(new EmailAddress(local, domain).address()).isEqualTo(local + "@" + domain.toLowerCase(Locale.ROOT));
        } else {
            assertThatThrownBy(() -> new EmailAddress(local, domain)).isInstanceOf(InvalidAddressException.class)
                    .hasMessage(new InvalidAddressException(local + "@" + domain, reason).getMessage());
        }
    }

    @Provide
    Arbitrary<String> parts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ09.-_\"[]!~ \t\r\n\u0000\u007f\u00e9").ofMaxLength(12),
                Arbitraries.strings().withChars("ab.-").ofMinLength(60).ofMaxLength(260),
                Arbitraries.strings().withChars("ab.-").ofMaxLength(70).map(s -> s + "."),
                Arbitraries.of("", ".", "..", "a..", "-a", "a-", "x.example", "X.Example.", "[1.2.3.4]", "\"q\"")
                        .injectNull(0.05));
    }

    /** @return why the old checks refused {@code local@domain}, or {@code null}: the first reason, in their order */
    private static String reference(String local, String domain) {
        String first = emptyOrControls(local, "empty local part");
        if (first != null) {
            return first;
        }
        first = firstOf(local.length() > 64 ? "local part longer than 64 characters" : null,
                local.startsWith("\"") ? "quoted local parts are not accepted" : null,
                local.matches("^\\..*|.*\\.$|.*\\.\\..*") ? "local part has a leading, trailing or double dot" : null,
                badCharacter(NOT_ATEXT, local, "a local part"), emptyOrControls(domain, "empty domain"));
        if (first != null) {
            return first;
        }
        String d = domain.replaceFirst("\\.$", "");
        first = firstOf(domain.startsWith("[") ? "IP-literal domains are not accepted" : null,
                domain.length() > 253 ? "domain longer than 253 characters" : null, d.isEmpty() ? "empty domain" : null);
        for (String label : d.split("\\.", -1)) {
            first = firstOf(first, label.isEmpty() || label.length() > 63 ? "domain label empty or longer than 63 characters" : null,
                    label.matches("^-.*|.*-$") ? "domain label starts or ends with '-'" : null,
                    badCharacter(NOT_LDH, label, "a domain"));
        }
        return first;
    }

    private static String firstOf(String... reasons) {
        for (String r : reasons) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static String badCharacter(Pattern notAllowed, String s, String where) {
        Matcher m = notAllowed.matcher(s);
        return m.find() ? "character '" + m.group() + "' is not allowed in " + where : null;
    }

    private static String emptyOrControls(String s, String empty) {
        if (s == null || s.isEmpty()) {
            return empty;
        }
        Matcher m = CONTROL.matcher(s);
        if (!m.find()) {
            return null;
        }
        char c = m.group().charAt(0);
        return c == '\r' || c == '\n' ? "CR or LF is not allowed in an address"
                : c == ' ' ? "whitespace is not allowed in an address" // a tab is a control character first
                : "control characters are not allowed in an address";
    }
}
