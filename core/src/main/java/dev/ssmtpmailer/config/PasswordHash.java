package dev.ssmtpmailer.config;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code password_hash} of a {@code [user:...]} section, which the inbound server checks a client's
 * {@code AUTH} against: a scheme prefix and the hash in that scheme's usual form, as
 * {@code ssmtp-mailer hash-password} prints it, e.g. {@code {bcrypt}$2a$12$} followed by 53 characters of salt
 * and hash. The one scheme is {@code bcrypt} (versions {@code 2a}, {@code 2b}, {@code 2y}, cost 4-31).
 *
 * <p>This class checks the form only; the inbound server verifies passwords with a bcrypt library. The text is
 * kept out of {@code toString}: a hash is not the password, but it lets whoever holds it guess passwords
 * offline, so it is handled like a secret.
 *
 * @param value the whole text, {@code {bcrypt}$2a$12$...}, as written in the configuration
 */
public record PasswordHash(String value) {
    /** The prefix of the one supported scheme. */
    public static final String BCRYPT = "{bcrypt}";
    private static final Pattern SCHEME = Pattern.compile("\\{([^{}]*)}(.*)", Pattern.DOTALL);
    private static final Pattern BCRYPT_HASH = Pattern.compile("\\$(2[aby])\\$(\\d\\d)\\$([./A-Za-z0-9]{53})");
    /** Salt and hash of {@link #unmatchable(int)}: random, so that no password is known to match it. */
    private static final String UNMATCHABLE = "1Jy5LRx5W6/BLZASo3KvfmHWAjWvgoYudBoHU6wGSf9ceRTSJ7NUe";

    /**
     * @throws IllegalArgumentException naming what is wrong (no scheme, an unknown scheme, a malformed hash),
     *         never repeating the value
     */
    public PasswordHash {
        bcrypt(Objects.requireNonNull(value, "value"));
    }

    /**
     * @param text {@code {bcrypt}$2a$12$...}, surrounding white space ignored
     * @return the hash
     * @throws IllegalArgumentException naming what is wrong, never repeating the text
     */
    public static PasswordHash parse(String text) {
        return new PasswordHash(Objects.requireNonNull(text, "text").strip());
    }

    /** The parts of a bcrypt hash with its scheme; what is wrong with it, without repeating it. */
    private static Matcher bcrypt(String t) {
        Matcher scheme = SCHEME.matcher(t);
        if (!scheme.matches()) {
            throw new IllegalArgumentException("must start with its scheme, " + BCRYPT + "$2a$...; make one with "
                    + "`ssmtp-mailer hash-password`");
        }
        if (!("{" + scheme.group(1) + "}").equals(BCRYPT)) {
            throw new IllegalArgumentException("has an unknown scheme {" + printable(scheme.group(1)) + "}; the supported "
                    + "one is " + BCRYPT + " (make a hash with `ssmtp-mailer hash-password`)");
        }
        Matcher m = BCRYPT_HASH.matcher(scheme.group(2));
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a bcrypt hash: after " + BCRYPT + " comes $2a$, $2b$ or $2y$, a "
                    + "two-digit cost, $ and 53 characters of salt and hash (./A-Za-z0-9)");
        }
        int cost = Integer.parseInt(m.group(2));
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("has bcrypt cost " + cost + "; it must be 4-31");
        }
        return m;
    }

    /**
     * @param bcrypt a bcrypt hash in modular crypt form, {@code $2a$12$...}, as a bcrypt library makes it
     * @return it, with its scheme prefix
     * @throws IllegalArgumentException if it is not one
     */
    public static PasswordHash ofBcrypt(String bcrypt) {
        return parse(BCRYPT + Objects.requireNonNull(bcrypt, "bcrypt"));
    }

    /**
     * A hash that costs as much to check as a real one of {@code cost}, and that no known password matches: what
     * a login for an unknown user is checked against, so that it takes as long as one for a known user.
     *
     * @param cost a bcrypt cost, 4-31
     * @return the hash
     * @throws IllegalArgumentException if the cost is outside 4-31
     */
    public static PasswordHash unmatchable(int cost) {
        return ofBcrypt(String.format("$2b$%02d$%s", cost, UNMATCHABLE));
    }

    /** @return the scheme, {@code bcrypt} */
    public String scheme() {
        return BCRYPT.substring(1, BCRYPT.length() - 1);
    }

    /** @return the bcrypt cost (the base-2 logarithm of the rounds) */
    public int cost() {
        return Integer.parseInt(bcrypt(value).group(2));
    }

    /** @return the hash without its scheme prefix, {@code $2a$12$...}, for the bcrypt library */
    public String hash() {
        return value.substring(BCRYPT.length());
    }

    /** @return {@code {bcrypt}******}: the scheme, never the hash */
    @Override
    public String toString() {
        return BCRYPT + Secret.MASK;
    }

    private static String printable(String s) {
        String cut = s.length() > 20 ? s.substring(0, 20) + "..." : s;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
