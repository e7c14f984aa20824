package dev.ssmtpmailer.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.subethamail.smtp.RejectException;

/**
 * The arguments of {@code MAIL FROM:} and {@code RCPT TO:} (RFC 5321 section 4.1.2): the path between angle
 * brackets and the ESMTP parameters after it. Lenient where real clients are ({@code FROM: <a@b>} with a
 * space, a path without brackets), strict where a parameter could be misread.
 *
 * @param path what stood between the brackets, {@code ""} for {@code <>}
 * @param parameters keyword (upper case) to value ({@code null} for a keyword without {@code =})
 */
record PathArguments(String path, Map<String, String> parameters) {
    /** Longest path accepted (RFC 5321 section 4.5.3.1.3 says 256 octets). */
    static final int MAX_PATH = 256;
    private static final int MAX_PARAMETERS = 16;

    PathArguments {
        // values may be null; most commands have none, and each MAIL and RCPT makes one of these
        parameters = parameters.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * @param commandLine the whole command line, such as {@code MAIL FROM:<a@b> SIZE=10}
     * @param prefix {@code "FROM:"} or {@code "TO:"}
     * @return the path and parameters
     * @throws RejectException {@code 501 5.5.2} or {@code 501 5.5.4} naming what is wrong
     */
    static PathArguments parse(String commandLine, String prefix) throws RejectException {
        String verb = prefix.equals("FROM:") ? "MAIL FROM:<address>" : "RCPT TO:<address>";
        int space = commandLine.indexOf(' ');
        String rest = space < 0 ? "" : commandLine.substring(space + 1).stripLeading();
        if (!rest.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new RejectException(501, "5.5.2 Syntax: " + verb + " [parameters]");
        }
        rest = rest.substring(prefix.length()).stripLeading();
        String path;
        if (rest.startsWith("<")) {
            int close = rest.indexOf('>');
            if (close < 0) {
                throw new RejectException(501, "5.5.2 Syntax: " + verb + ", missing '>'");
            }
            path = rest.substring(1, close);
            rest = rest.substring(close + 1);
        } else {
            int end = rest.indexOf(' ');
            path = end < 0 ? rest : rest.substring(0, end);
            rest = end < 0 ? "" : rest.substring(end);
            if (path.isEmpty()) {
                throw new RejectException(501, "5.5.2 Syntax: " + verb);
            }
        }
        if (path.length() > MAX_PATH) {
            throw new RejectException(501, "5.5.4 Address too long");
        }
        if (!rest.isEmpty() && rest.charAt(0) != ' ') {
            throw new RejectException(501, "5.5.2 Syntax: " + verb + ", a space must follow the address");
        }
        return new PathArguments(path, parameters(rest.strip()));
    }

    /** {@code esmtp-param = esmtp-keyword ["=" esmtp-value]}, separated by spaces. */
    private static Map<String, String> parameters(String text) throws RejectException {
        if (text.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : text.split(" +")) {
            int eq = p.indexOf('=');
            String keyword = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? null : p.substring(eq + 1);
            if (!validKeyword(keyword) || value != null && !validValue(value)) {
                throw new RejectException(501, "5.5.4 Syntax error in parameters");
            }
            if (out.size() >= MAX_PARAMETERS || out.put(keyword.toUpperCase(Locale.ROOT), value) != null) {
                throw new RejectException(501, "5.5.4 Syntax error in parameters: too many or repeated");
            }
        }
        return out;
    }

    private static boolean validKeyword(String k) {
        if (k.isEmpty() || !isAlnum(k.charAt(0))) {
            return false;
        }
        for (int i = 1; i < k.length(); i++) {
            if (!isAlnum(k.charAt(i)) && k.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean validValue(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 33 || c > 126 || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /**
     * {@code SIZE=n}: the declared size, saturated at {@link Long#MAX_VALUE} (a client may declare any number
     * of digits; it is compared with the limit, never trusted).
     *
     * @return the declared size, 0 when not given
     * @throws RejectException {@code 501 5.5.4} if the value is not a number
     */
    long size() throws RejectException {
        if (!parameters.containsKey("SIZE")) {
            return 0;
        }
        String v = parameters.get("SIZE");
        if (v == null || !digits(v)) {
            throw new RejectException(501, "5.5.4 Bad SIZE parameter: not a number");
        }
        int zeros = 0; // leading zeros, all but the last digit (what replaceFirst("^0+(?=.)", "") removed)
        while (zeros < v.length() - 1 && v.charAt(zeros) == '0') {
            zeros++;
        }
        return v.length() - zeros > 18 ? Long.MAX_VALUE : Long.parseLong(v.substring(zeros));
    }

    /** A loop, not {@code chars().allMatch}: clients send SIZE with every MAIL FROM. */
    private static boolean digits(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
