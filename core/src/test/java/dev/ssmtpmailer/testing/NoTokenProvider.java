package dev.ssmtpmailer.testing;

import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.message.RelayException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TokenProvider} without tokens: it records which accounts asked and fails with {@link #REASON}, so a
 * test can tell that this provider, and no other, was asked (the SMTP client asks before it connects).
 */
public final class NoTokenProvider implements TokenProvider {
    /** The failure every request gets; the SMTP client puts it in the AUTH failure's reply. */
    public static final String REASON = "the test's provider has no token";

    private final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public String accessToken(DomainConfig account) {
        asked.add(account.displayName());
        throw new RelayException(REASON);
    }

    @Override
    public void invalidate(DomainConfig account) {
        // nothing cached
    }

    /** @return the names of the accounts that asked for a token, in order */
    public List<String> asked() {
        return List.copyOf(asked);
    }
}
