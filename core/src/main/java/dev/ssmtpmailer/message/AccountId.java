package dev.ssmtpmailer.message;

import java.util.Locale;
import java.util.Objects;

/**
 * The identity of one upstream account, as reports, rate limits, pools, metrics and the spool name it:
 * {@code relay_account}, else {@code username}, else the {@code [domain:...]} section name
 * ({@code DomainConfig.id()} picks it). Two ids are equal when their names are equal ignoring case
 * ({@code Mail-Relay@Domain1.com} and {@code mail-relay@domain1.com} are one account); {@link #name()} keeps
 * the spelling of the configuration, for people.
 */
public final class AccountId implements Comparable<AccountId> {
    private final String name;
    private final String key;

    private AccountId(String name) {
        this.name = name;
        this.key = name.toLowerCase(Locale.ROOT);
    }

    /**
     * @param name the account's name; surrounding white space is removed
     * @return the id
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank or holds a control character (CR, LF, ...)
     */
    public static AccountId of(String name) {
        String n = Objects.requireNonNull(name, "account name").strip();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("account name must not be blank");
        }
        if (hasControl(n)) {
            throw new IllegalArgumentException("account name must not contain control characters: " + n.replaceAll("\\p{Cntrl}", "?"));
        }
        return new AccountId(n);
    }

    /** A loop, not {@code chars().anyMatch}: every spooled recipient's account name passes here on each attempt. */
    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** @return the name as the configuration spells it */
    public String name() {
        return name;
    }

    /**
     * @return the name in lower case: the form a store keys the account by (equal ids have equal keys)
     */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountId other && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public int compareTo(AccountId o) {
        return key.compareTo(o.key);
    }

    /** @return {@link #name()} */
    @Override
    public String toString() {
        return name;
    }
}
