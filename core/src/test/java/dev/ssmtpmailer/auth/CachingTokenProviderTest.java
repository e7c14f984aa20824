package dev.ssmtpmailer.auth;

import dev.ssmtpmailer.testing.FakeClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.OAuth2Settings;
import dev.ssmtpmailer.config.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CachingTokenProviderTest {
    /** One scripted answer of the fake token endpoint. */
    private record Answer(int status, String body) {
    }

    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Map<String, String>> requests = Collections.synchronizedList(new ArrayList<>());
    private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private HttpServer server;
    private TokenProvider provider;
    private DomainConfig account;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            Map<String, String> form = new HashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            form.put("method", exchange.getRequestMethod());
            form.put("content-type", exchange.getRequestHeaders().getFirst("Content-Type"));
            requests.add(form);
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Answer answer = answers.poll();
            if (answer == null) {
                answer = new Answer(500, "{\"error\":\"no_answer_scripted\"}");
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
        account = DomainConfig.builder("domain1.com").relayAccount("mail-relay@domain1.com").authMethod(AuthMethod.XOAUTH2)
                .oauth2(OAuth2Settings.refreshGrant(endpoint, "client-1", Secret.of("s3cret-client"), Secret.of("rt-1")))
                .build();
        provider = TokenProvider.create(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                Duration.ofSeconds(10), clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Answer token(String access, long expiresIn) {
        return new Answer(200, "{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
                + ",\"scope\":[\"https://mail.google.com/\"]}");
    }

    @Test
    void accessToken_firstCallRefreshes_secondIsCached() {
        answers.add(token("at-1", 3600));

        assertThat(provider.accessToken(account)).isEqualTo("at-1");
        assertThat(provider.accessToken(account)).isEqualTo("at-1");
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).containsEntry("method", "POST").containsEntry("grant_type", "refresh_token")
                .containsEntry("client_id", "client-1").containsEntry("client_secret", "s3cret-client")
                .containsEntry("refresh_token", "rt-1").containsEntry("content-type", "application/x-www-form-urlencoded");
    }

    @Test
    void accessToken_sixtySecondsBeforeExpiry_refreshesAgain() {
        answers.add(token("at-1", 3600));
        answers.add(token("at-2", 3600));
        provider.accessToken(account);

        clock.advance(Duration.ofSeconds(3600 - 61));
        assertThat(provider.accessToken(account)).isEqualTo("at-1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(provider.accessToken(account)).isEqualTo("at-2");
        assertThat(requests).hasSize(2);
    }

    @Test
    void accessToken_absurdLifetime_believedForADay() {
        answers.add(token("at-1", 10_000_000_000L));
        answers.add(token("at-2", 3600));

        assertThat(provider.accessToken(account)).isEqualTo("at-1");
        clock.advance(Duration.ofDays(1).minusSeconds(61));
        assertThat(provider.accessToken(account)).isEqualTo("at-1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(provider.accessToken(account)).isEqualTo("at-2");
        assertThat(requests).hasSize(2);
    }

    @Test
    void accessToken_twentyConcurrentCallers_oneRequest() throws Exception {
        answers.add(token("at-1", 3600));
        hold = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch ready = new CountDownLatch(20);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    return provider.accessToken(account);
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            hold.countDown();
            for (Future<String> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("at-1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests).hasSize(1);
    }

    @Test
    void accessToken_rotatedRefreshToken_isUsedNextTime() {
        answers.add(new Answer(200, "{\"access_token\":\"at-1\",\"expires_in\":\"3600\",\"refresh_token\":\"rt-2\"}"));
        answers.add(token("at-2", 3600));
        provider.accessToken(account);

        provider.invalidate(account);
        assertThat(provider.accessToken(account)).isEqualTo("at-2");
        assertThat(requests).extracting(r -> r.get("refresh_token")).containsExactly("rt-1", "rt-2");
    }

    @Test
    void accessToken_invalidGrant_clearErrorWithoutSecrets() {
        answers.add(new Answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}"));

        assertThatThrownBy(() -> provider.accessToken(account)).isInstanceOfSatisfying(TokenException.class, e -> {
            assertThat(e.account()).isEqualTo("domain1.com");
            assertThat(e.getMessage()).contains("account domain1.com", "/token", "HTTP 400", "invalid_grant")
                    .doesNotContain("rt-1", "s3cret-client");
            assertThat(e.answer()).contains(new TokenException.Answer(400, "invalid_grant"));
            assertThat(e.isTemporary()).isFalse();
        });
    }

    @Test
    void accessToken_serverError_isTemporaryAndNotCached() {
        answers.add(new Answer(503, "<html>unavailable</html>"));
        answers.add(token("at-1", 3600));

        assertThatThrownBy(() -> provider.accessToken(account)).isInstanceOfSatisfying(TokenException.class, e -> {
            assertThat(e.isTemporary()).isTrue();
            assertThat(e.getMessage()).contains("HTTP 503");
        });
        assertThat(provider.accessToken(account)).isEqualTo("at-1");
    }

    static Stream<Arguments> malformedAnswers() {
        return Stream.of(
                Arguments.of("access_token=at-1&expires_in=3600", "the answer is not a JSON object"),
                Arguments.of("{\"expires_in\":3600}", "the answer has no access_token"),
                Arguments.of("{\"access_token\":\"at-1\",\"expires_in\":-5}", "expires_in is not a positive whole number"),
                Arguments.of("{\"access_token\":\"at-1\",\"expires_in\":\"soon\"}", "expires_in is not a positive whole number"),
                Arguments.of("{\"access_token\":\"" + "x".repeat(64 * 1024) + "\"}", "the answer is larger than 65536 bytes"));
    }

    @ParameterizedTest
    @MethodSource("malformedAnswers")
    void accessToken_malformedAnswer_isRefusedAsTemporaryWithoutTheToken(String body, String reason) {
        answers.add(new Answer(200, body));

        assertThatThrownBy(() -> provider.accessToken(account)).isInstanceOfSatisfying(TokenException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("cannot obtain an OAuth2 access token for account domain1.com from "
                    + "http://127.0.0.1:" + server.getAddress().getPort() + "/token: " + reason);
            assertThat(e.answer()).contains(new TokenException.Answer(200, null));
            assertThat(e.isTemporary()).isTrue();
        });
    }

    @Test
    void invalidate_forgetsTheAccessToken() {
        answers.add(token("at-1", 3600));
        answers.add(token("at-2", 3600));
        provider.accessToken(account);

        provider.invalidate(account);

        assertThat(provider.accessToken(account)).isEqualTo("at-2");
    }

    @Test
    void accessToken_unreachableEndpoint_temporaryError() {
        server.stop(0);

        assertThatThrownBy(() -> provider.accessToken(account)).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.isTemporary()).isTrue());
    }

    @Test
    void accessToken_staticToken_noRequest() {
        DomainConfig staticAccount = DomainConfig.builder("static").username("u@domain1.com").authMethod(AuthMethod.XOAUTH2)
                .oauth2(OAuth2Settings.staticToken(Secret.of("static-token"))).build();

        assertThat(provider.accessToken(staticAccount)).isEqualTo("static-token");
        assertThat(requests).isEmpty();
    }

    @Test
    void accessToken_noOauthSettings_isRefused() {
        DomainConfig plain = DomainConfig.builder("plain").username("u@domain1.com").build();

        assertThatThrownBy(() -> provider.accessToken(plain)).isInstanceOf(TokenException.class)
                .hasMessageContaining("plain").hasMessageContaining("no oauth2 settings");
    }
}
