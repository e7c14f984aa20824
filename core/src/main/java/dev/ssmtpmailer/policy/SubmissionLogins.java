package dev.ssmtpmailer.policy;

import dev.ssmtpmailer.address.AddressPattern;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import dev.ssmtpmailer.config.PasswordHash;
import dev.ssmtpmailer.config.UserConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may log in to the inbound server with {@code AUTH} (submission): every enabled {@code [user:ADDRESS]} with a
 * {@code password_hash}, under its address (any case). A client that logged in may submit mail as that address
 * ({@link PolicyRule#AUTHENTICATED_SUBMISSION}).
 *
 * <p>Checking a login costs the same whether the name is known or not: an unknown name is checked against a hash
 * that no password matches, of the highest cost among the users' hashes, so that the time a failure takes does
 * not tell which users exist. Immutable and thread-safe.
 */
public final class SubmissionLogins {
    /** The cost of the stand-in hash when no user has one (nothing to hide then: no login succeeds). */
    private static final int NO_USER_COST = 4;

    /** Checks a password against a hash: the inbound server's uses a bcrypt library. */
    @FunctionalInterface
    public interface Verifier {
        /**
         * @param password the password the client gave, UTF-8
         * @param hash the hash to check it against
         * @return whether the password matches; {@code false} for one the scheme cannot take (too long)
         */
        boolean matches(byte[] password, PasswordHash hash);
    }

    private record Login(EmailAddress user, PasswordHash hash) {
    }

    private final Map<String, Login> byName;
    private final PasswordHash unknownUser;

    private SubmissionLogins(Map<String, Login> byName) {
        this.byName = Map.copyOf(byName);
        this.unknownUser = PasswordHash.unmatchable(byName.values().stream().mapToInt(l -> l.hash().cost()).max()
                .orElse(NO_USER_COST));
    }

    /**
     * @param users the {@code [user:...]} sections of a validated configuration
     * @return the logins of the enabled, exact users with a {@code password_hash} (the first of two with one
     *         address, as the policy does)
     */
    static SubmissionLogins of(List<UserConfig> users) {
        Map<String, Login> byName = new HashMap<>();
        for (UserConfig u : users) {
            if (!u.enabled() || u.passwordHash() == null || u.templateAddress()) {
                continue;
            }
            try {
                AddressPattern p = AddressPattern.parse(u.address());
                if (!p.isWildcard()) {
                    EmailAddress address = new EmailAddress(p.localPart(), p.domain());
                    byName.putIfAbsent(key(address.address()), new Login(address, u.passwordHash()));
                }
            } catch (InvalidAddressException e) {
                // the policy refuses a configuration with such a user; it logs in as nobody here
            }
        }
        return new SubmissionLogins(byName);
    }

    /** @return whether no user can log in: the inbound server then offers no {@code AUTH} */
    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /**
     * @param user an address
     * @return whether a user with that address may log in
     */
    public boolean contains(EmailAddress user) {
        return byName.containsKey(key(Objects.requireNonNull(user, "user").address()));
    }

    /**
     * Checks a login; takes as long for an unknown name as for a known one (one check of a hash of the highest
     * cost in use).
     *
     * @param name the name the client gave: a user's address, any case
     * @param password the password the client gave, UTF-8
     * @param verifier checks a password against a hash
     * @return the user's address when the name is a user's and the password matches its hash, else empty
     */
    public Optional<EmailAddress> authenticate(String name, byte[] password, Verifier verifier) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(verifier, "verifier");
        Login login = byName.get(key(name));
        boolean matches = verifier.matches(password, login != null ? login.hash() : unknownUser);
        return matches && login != null ? Optional.of(login.user()) : Optional.empty();
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** @return the number of users that may log in, never their names or hashes */
    @Override
    public String toString() {
        return "SubmissionLogins[" + byName.size() + " users]";
    }
}
