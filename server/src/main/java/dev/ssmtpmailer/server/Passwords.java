package dev.ssmtpmailer.server;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.ssmtpmailer.config.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Makes and checks the {@code password_hash} of {@code [user:...]} sections with bcrypt (at.favre.lib:bcrypt),
 * for submission with {@code AUTH}: {@code ssmtp-mailer hash-password} makes them, the inbound server checks a
 * client's password against them.
 *
 * <p>bcrypt reads at most 72 bytes of a password: a longer one is refused when hashing, and never matches when
 * checking (it is not cut to 72 bytes, so that two passwords that differ after byte 72 are not the same).
 */
public final class Passwords {
    /** The bcrypt cost {@code hash-password} uses: 2^12 rounds, a few hundred milliseconds of one core per check. */
    public static final int DEFAULT_COST = 12;
    /** The longest password bcrypt reads, in UTF-8 bytes. */
    public static final int MAX_BYTES = 72;

    private Passwords() {
    }

    /**
     * @param password the password, UTF-8; the caller should clear the array afterwards
     * @param cost the bcrypt cost, 4-31; each step doubles the time of every check
     * @return its hash with a new random salt, {@code {bcrypt}$2a$COST$...}
     * @throws IllegalArgumentException if the password is empty or longer than {@value #MAX_BYTES} bytes, or the
     *         cost is outside 4-31
     */
    public static PasswordHash hash(byte[] password, int cost) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (password.length > MAX_BYTES) {
            throw new IllegalArgumentException("the password is longer than " + MAX_BYTES + " bytes (UTF-8), which is "
                    + "all bcrypt reads; use a shorter one");
        }
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("the bcrypt cost must be 4-31, was " + cost);
        }
        return PasswordHash.ofBcrypt(new String(BCrypt.withDefaults().hash(cost, password), StandardCharsets.US_ASCII));
    }

    /**
     * The check the inbound server makes ({@link dev.ssmtpmailer.policy.SubmissionLogins.Verifier}).
     *
     * @param password the password a client gave, UTF-8
     * @param hash a {@code password_hash}
     * @return whether the password is the one hashed; {@code false} for an empty one and one longer than
     *         {@value #MAX_BYTES} bytes
     */
    public static boolean matches(byte[] password, PasswordHash hash) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0 || password.length > MAX_BYTES) {
            return false;
        }
        return BCrypt.verifyer().verify(password, hash.hash().getBytes(StandardCharsets.US_ASCII)).verified;
    }
}
