package dev.ssmtpmailer.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.OAuth2Settings;
import dev.ssmtpmailer.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static tokens are returned as configured (read on each call, so a rotated token file takes effect);
 * refreshed tokens live in a Caffeine cache keyed by account, each entry expiring {@link #EXPIRY_MARGIN}
 * before the token does (a lifetime above {@link #MAX_LIFETIME} counts as that). Caffeine's {@code get(key, loader)} runs one loader per key at a time, so any number
 * of concurrent callers cause one request to the token endpoint.
 */
final class CachingTokenProvider implements TokenProvider {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** A token is replaced this long before it expires, so it never expires in the middle of a session. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);
    /** Lifetime assumed when the endpoint does not say ({@code expires_in} is only RECOMMENDED by RFC 6749). */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    /**
     * Longest lifetime believed. Google's and Microsoft's tokens live an hour; an endpoint announcing years
     * (10^10 s overflowed the cache's nanosecond arithmetic) is wrong, and a token cached that long would
     * outlive its revocation.
     */
    static final Duration MAX_LIFETIME = Duration.ofDays(1);
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(CachingTokenProvider.class);

    /** Made at the first token request: building an {@code HttpClient} sets up TLS, which a relay without OAuth2 never needs. */
    private final Supplier<HttpClient> httpSource;
    private volatile HttpClient http;
    private final Duration requestTimeout;
    private final Cache<Key, Token> tokens;
    /** Refresh tokens the endpoint rotated, per account; used instead of the configured one while that is unchanged. */
    private final ConcurrentMap<Key, RotatedRefreshToken> rotated = new ConcurrentHashMap<>();

    CachingTokenProvider(Supplier<HttpClient> http, Duration requestTimeout, InstantSource clock) {
        this.httpSource = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.tokens = Caffeine.newBuilder()
                .ticker(() -> nanos(clock.instant()))
                .executor(Runnable::run)
                .maximumSize(10_000)
                .expireAfter(new Expiry<Key, Token>() {
                    @Override
                    public long expireAfterCreate(Key key, Token token, long currentTime) {
                        return token.cacheFor().toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Token token, long currentTime, long currentDuration) {
                        return token.cacheFor().toNanos();
                    }

                    @Override
                    public long expireAfterRead(Key key, Token token, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public String accessToken(DomainConfig account) {
        Objects.requireNonNull(account, "account");
        OAuth2Settings oauth = account.oauth2();
        if (oauth == null) {
            throw TokenException.misconfigured(account.name(), null, "the account has no oauth2 settings", null);
        }
        if (!oauth.usesRefreshGrant()) {
            if (oauth.accessToken() == null) {
                throw TokenException.misconfigured(account.name(), null,
                        "neither oauth2_access_token nor oauth2_token_endpoint is set", null);
            }
            return reveal(account.name(), null, oauth.accessToken(), "oauth2_access_token");
        }
        try {
            return tokens.get(Key.of(account), key -> refresh(key, oauth)).value();
        } catch (TokenException e) {
            throw e;
        } catch (RuntimeException e) {
            // a failure of the cache or of a bug here is still a token problem, reported as one (phase AUTH)
            throw TokenException.unanswered(account.name(), oauth.tokenEndpoint(),
                    "unexpected failure (" + e + ")", e);
        }
    }

    @Override
    public void invalidate(DomainConfig account) {
        Objects.requireNonNull(account, "account");
        if (account.oauth2() != null && account.oauth2().usesRefreshGrant()) {
            tokens.invalidate(Key.of(account));
            LOG.debug("forgot the access token of account {}", account.name());
        }
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = Objects.requireNonNull(httpSource.get(), "http");
                    http = client;
                }
            }
        }
        return client;
    }

    private Token refresh(Key key, OAuth2Settings oauth) {
        URI endpoint = oauth.tokenEndpoint();
        if (oauth.refreshToken() == null) {
            throw TokenException.misconfigured(key.account(), endpoint, "oauth2_refresh_token is not set", null);
        }
        String configured = reveal(key.account(), endpoint, oauth.refreshToken(), "oauth2_refresh_token");
        RotatedRefreshToken previous = rotated.get(key);
        String refreshToken = previous != null && previous.configured().equals(configured) ? previous.current() : configured;

        StringBuilder form = new StringBuilder("grant_type=refresh_token");
        if (oauth.clientId() != null) {
            form.append("&client_id=").append(encode(oauth.clientId()));
        }
        if (oauth.clientSecret() != null) {
            form.append("&client_secret=")
                    .append(encode(reveal(key.account(), endpoint, oauth.clientSecret(), "oauth2_client_secret")));
        }
        form.append("&refresh_token=").append(encode(refreshToken));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8))
                .build();

        int status;
        String body;
        try {
            HttpResponse<InputStream> response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (bytes.length > MAX_RESPONSE_BYTES) {
                    throw TokenException.malformed(key.account(), endpoint, status,
                            "the answer is larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                body = new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TokenException.unanswered(key.account(), endpoint, "interrupted", e);
        } catch (IOException | UncheckedIOException e) {
            throw TokenException.unanswered(key.account(), endpoint,
                    "no answer (" + e.getClass().getSimpleName() + ")", e);
        }

        Map<String, Object> fields;
        try {
            fields = JsonFields.parse(body);
        } catch (IllegalArgumentException e) {
            fields = null;
        }
        if (status != 200) {
            String error = fields == null ? null : errorCode(fields.get("error"));
            boolean temporary = status >= 500 || status == 429;
            String hint = "invalid_grant".equals(error) ? " (the refresh token was revoked or has expired: issue a new one)" : "";
            if (!temporary) {
                LOG.warn("token endpoint {} refused account {}: HTTP {}{}", TokenException.safe(endpoint), key.account(),
                        status, error == null ? "" : ", " + error);
            }
            throw TokenException.answered(key.account(), endpoint, new TokenException.Answer(status, error), temporary,
                    "HTTP " + status + (error == null ? "" : ", OAuth error " + error) + hint);
        }
        if (fields == null) {
            throw TokenException.malformed(key.account(), endpoint, status, "the answer is not a JSON object");
        }
        Object access = fields.get("access_token");
        if (!(access instanceof String accessToken) || accessToken.isEmpty()) {
            throw TokenException.malformed(key.account(), endpoint, status, "the answer has no access_token");
        }
        Duration lifetime = lifetime(key, endpoint, status, fields.get("expires_in"));
        if (fields.get("refresh_token") instanceof String next && !next.isEmpty() && !next.equals(refreshToken)) {
            rotated.put(key, new RotatedRefreshToken(configured, next));
            LOG.debug("token endpoint rotated the refresh token of account {}", key.account());
        }
        Duration cacheFor = lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0 ? lifetime.minus(EXPIRY_MARGIN)
                : lifetime.dividedBy(2);
        LOG.debug("obtained an access token for account {}, valid {} s, cached {} s", key.account(),
                lifetime.toSeconds(), cacheFor.toSeconds());
        return new Token(accessToken, cacheFor);
    }

    private static Duration lifetime(Key key, URI endpoint, int status, Object expiresIn) {
        if (expiresIn == null) {
            return DEFAULT_LIFETIME;
        }
        try {
            // A number per RFC 6749; some endpoints send it as a string.
            long seconds = new java.math.BigDecimal(expiresIn.toString()).longValueExact();
            if (seconds <= 0) {
                throw new ArithmeticException("not positive");
            }
            if (seconds > MAX_LIFETIME.toSeconds()) {
                LOG.debug("token endpoint {} gave account {} a token for {} s; believed for {}", TokenException.safe(endpoint),
                        key.account(), seconds, MAX_LIFETIME);
                return MAX_LIFETIME;
            }
            return Duration.ofSeconds(seconds);
        } catch (ArithmeticException | NumberFormatException e) {
            throw TokenException.malformed(key.account(), endpoint, status,
                    "expires_in is not a positive whole number");
        }
    }

    /** Keeps only a plausible error code: the text comes from the network and goes into messages and logs. */
    private static String errorCode(Object value) {
        if (!(value instanceof String s) || s.isEmpty() || s.length() > 64) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '-' && c != '.') {
                return null;
            }
        }
        return s;
    }

    private static String reveal(String account, URI endpoint, Secret secret, String key) {
        try {
            return secret.reveal();
        } catch (IllegalStateException | UncheckedIOException e) {
            throw TokenException.misconfigured(account, endpoint,
                    key + " cannot be read (" + secret.describe() + ")", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Identifies an account's token without holding a secret. */
    private record Key(String account, URI endpoint, String clientId) {
        static Key of(DomainConfig account) {
            return new Key(account.name(), account.oauth2().tokenEndpoint(), account.oauth2().clientId());
        }
    }

    private record Token(String value, Duration cacheFor) {
        @Override
        public String toString() {
            return "Token[" + Secret.MASK + ", cacheFor=" + cacheFor + "]";
        }
    }

    private record RotatedRefreshToken(String configured, String current) {
        @Override
        public String toString() {
            return "RotatedRefreshToken[" + Secret.MASK + "]";
        }
    }
}
