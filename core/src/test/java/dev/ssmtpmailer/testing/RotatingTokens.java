package dev.ssmtpmailer.testing;

import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.DomainConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TokenProvider} with one cached token: it hands out a stale token until {@link #invalidate}, then a
 * fresh one, and records each call ({@code "token"}, {@code "invalidate"}), so a test can tell whether the SMTP
 * client dropped a refused token and asked again.
 */
public final class RotatingTokens implements TokenProvider {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final String fresh;
    private volatile String token;

    /**
     * @param stale the token handed out until {@link #invalidate}
     * @param fresh the token handed out after it
     */
    public RotatingTokens(String stale, String fresh) {
        this.token = stale;
        this.fresh = fresh;
    }

    @Override
    public String accessToken(DomainConfig account) {
        calls.add("token");
        return token;
    }

    @Override
    public void invalidate(DomainConfig account) {
        calls.add("invalidate");
        token = fresh;
    }

    /** @return {@code "token"} for each request and {@code "invalidate"} for each invalidation, in order */
    public List<String> calls() {
        return List.copyOf(calls);
    }
}
