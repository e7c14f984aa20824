package dev.ssmtpmailer.ratelimit;

import static dev.ssmtpmailer.testing.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.testing.FakeClock;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.testing.Concurrently;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String ACCOUNT = "mail-relay@domain1.com";


    private final FakeClock clock = new FakeClock();

    private static RelayConfig config(UnaryOperator<DomainConfig.Builder> domain,
                                      UnaryOperator<dev.ssmtpmailer.config.GlobalSettings.Builder> global) {
        return RelayConfig.builder().global(global)
                .domain(domain.apply(upstream("domain1.com", ACCOUNT).toBuilder()).build())
                .domain(upstream("domain2.com", "relay@domain2.com"))
                .build();
    }

    private static RelayConfig perMinute(int n) {
        return config(d -> d.rateLimitPerMinute(n), g -> g);
    }

    /** The configuration of the limiter under test. */
    private RelayConfig config;
    /** The limiter under test: on this test's clock, with the default bound. */
    private RateLimiter limiter;

    /**
     * @param c the configuration to limit by
     * @param used how many messages of the first account to try before the test starts
     */
    private void start(RelayConfig c, int used) {
        config = c;
        limiter = limiter(c, RateLimiter.DEFAULT_MAX_WAIT, clock);
        grants(used);
    }

    private static RateLimiter limiter(RelayConfig c, Duration maxWait, FakeClock clock) {
        return new TokenBucketRateLimiter(c, RateLimitStore.inMemory(), maxWait, clock, clock::sleep);
    }

    private static DomainConfig account(RelayConfig c) {
        return c.domain("domain1.com").orElseThrow();
    }

    /** @return the first account of the configuration under test */
    private DomainConfig account() {
        return account(config);
    }

    /** @return how many of that many tries of the first account the limiter under test granted */
    private int grants(int attempts) {
        return grants(limiter, account(), attempts);
    }

    private static int grants(RateLimiter l, DomainConfig d, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            if (l.tryAcquire(d)) {
                n++;
            }
        }
        return n;
    }

    // ---- refill math ----

    @Test
    void tryAcquire_fullMinuteBucket_grantsCapacityThenRefuses() {
        start(perMinute(60), 0);

        assertThat(grants(60)).isEqualTo(60);
        assertThat(limiter.tryAcquire(account())).isFalse();
    }

    @Test
    void tryAcquire_at60PerMinute_refillsOneTokenPerSecond() {
        start(perMinute(60), 60);

        clock.advance(Duration.ofMillis(999));
        assertThat(limiter.tryAcquire(account())).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(account())).isTrue();
        assertThat(limiter.tryAcquire(account())).isFalse();
    }

    /** Half a minute refills half the bucket; a long idle never more than it holds; a clock stepping back, nothing. */
    @ParameterizedTest(name = "idle {0}: {1} granted")
    @CsvSource({"PT30S, 30", "PT3H, 60", "PT-2M, 0"})
    void tryAcquire_afterIdle_refillsInProportionUpToCapacity(Duration idle, int refilled) {
        start(perMinute(60), 60);

        clock.advance(idle);

        assertThat(grants(200)).isEqualTo(refilled);
    }

    @Test
    void tryAcquire_dayCapReached_refusesAlthoughMinuteBucketHasTokens() {
        start(config(d -> d.rateLimitPerMinute(100).rateLimitPerDay(5), g -> g), 0);

        assertThat(grants(10)).isEqualTo(5);
        clock.advance(Duration.ofMinutes(10));
        assertThat(limiter.tryAcquire(account())).isFalse();
        clock.advance(Duration.ofHours(24).dividedBy(5).minusMinutes(10)); // one day token every 4.8 h
        assertThat(grants(10)).isEqualTo(1);
    }

    @Test
    void tryAcquire_minuteBucketEmpty_refusesAlthoughDayBucketHasTokens() {
        start(config(d -> d.rateLimitPerMinute(3).rateLimitPerDay(2000), g -> g), 0);

        assertThat(grants(10)).isEqualTo(3);
    }

    @Test
    void tryAcquire_domainOverride_beatsGlobalValue() {
        start(config(d -> d.rateLimitPerMinute(2), g -> g.rateLimitPerMinute(100)), 0);

        assertThat(grants(10)).isEqualTo(2);
        assertThat(grants(limiter, config.domain("domain2.com").orElseThrow(), 200)).isEqualTo(100);
    }

    @Test
    void tryAcquire_accountsHaveSeparateBuckets() {
        start(config(d -> d, g -> g.rateLimitPerMinute(1)), 0);

        assertThat(limiter.tryAcquire(account())).isTrue();
        assertThat(limiter.tryAcquire(account())).isFalse();
        assertThat(limiter.tryAcquire(config.domain("domain2.com").orElseThrow())).isTrue();
    }

    @Test
    void tryAcquire_limitsOfZero_meanNoLimit() {
        start(config(d -> d.rateLimitPerMinute(0), g -> g.rateLimitPerMinute(5).rateLimitPerDay(0)), 0);

        assertThat(grants(10_000)).isEqualTo(10_000);
        assertThat(limiter.triggers(AccountId.of(ACCOUNT))).isZero();
    }

    @Test
    void tryAcquire_rateLimitingDisabled_alwaysGrantsAndCountsNothing() {
        start(config(d -> d.rateLimitPerMinute(1).rateLimitPerDay(1), g -> g.enableRateLimiting(false)), 0);

        assertThat(grants(1000)).isEqualTo(1000);
        limiter.acquire(account());
        assertThat(limiter.triggers(AccountId.of(ACCOUNT))).isZero();
        assertThat(clock.sleeps()).isEmpty();
    }

    // ---- acquire ----

    @Test
    void acquire_nextTokenWithinBound_waitsThenSucceeds() {
        start(perMinute(60), 60);

        limiter.acquire(account());

        assertThat(clock.sleeps()).containsExactly(SECOND);
        assertThat(limiter.triggers(AccountId.of(ACCOUNT))).isEqualTo(1);
        assertThat(limiter.tryAcquire(account())).isFalse(); // the awaited token was used, not left behind
    }

    @Test
    void acquire_tokenAvailable_doesNotWait() {
        start(perMinute(60), 0);

        limiter.acquire(account());

        assertThat(clock.sleeps()).isEmpty();
        assertThat(limiter.triggers(AccountId.of(ACCOUNT))).isZero();
    }

    @Test
    void acquire_severalWaiters_reserveTokensInOrder() {
        FakeClock frozen = FakeClock.frozen();
        RelayConfig c = perMinute(60);
        RateLimiter l = limiter(c, RateLimiter.DEFAULT_MAX_WAIT, frozen);
        grants(l, account(c), 60);

        l.acquire(account(c));
        l.acquire(account(c));
        l.acquire(account(c));

        assertThat(frozen.sleeps()).containsExactly(SECOND, 2 * SECOND, 3 * SECOND);
    }

    @Test
    void acquire_nextTokenBeyondBound_throwsWithRetryAfterAndTakesNothing() {
        start(perMinute(3), 3); // one token every 20 s, the bound is 10 s

        assertThatThrownBy(() -> limiter.acquire(account()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(e.account()).isEqualTo(AccountId.of(ACCOUNT));
                    assertThat(e.window()).isEqualTo(RateLimitWindow.PER_MINUTE);
                    assertThat(e.limit()).isEqualTo(3);
                })
                .hasMessage("account mail-relay@domain1.com reached its limit of 3 messages per minute; retry after 20 s");
        assertThat(clock.sleeps()).isEmpty();
        assertThat(limiter.triggers(AccountId.of(ACCOUNT))).isEqualTo(1);
        clock.advance(Duration.ofSeconds(20));
        assertThat(limiter.tryAcquire(account())).isTrue();
    }

    @Test
    void rateLimitException_reservationWithoutWait_isRefused() {
        assertThatThrownBy(() -> new RateLimitException(AccountId.of(ACCOUNT), Reservation.NOW, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("how long until a token is due");
    }

    @Test
    void acquire_partlyRefilled_retryAfterIsTheRemainder() {
        start(perMinute(3), 3);
        clock.advance(Duration.ofSeconds(5));

        assertThatThrownBy(() -> limiter.acquire(account())).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(15)));
    }

    @Test
    void acquire_dayCapReached_throwsPerDayWithRetryAfter() {
        start(config(d -> d.rateLimitPerMinute(100).rateLimitPerDay(2), g -> g), 2);

        assertThatThrownBy(() -> limiter.acquire(account())).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.window()).isEqualTo(RateLimitWindow.PER_DAY);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(12));
            assertThat(e.limit()).isEqualTo(2);
        });
    }

    @Test
    void acquire_customBound_isHonoured() {
        RelayConfig c = perMinute(60);
        RateLimiter noWait = limiter(c, Duration.ZERO, clock);
        grants(noWait, account(c), 60);

        assertThatThrownBy(() -> noWait.acquire(account(c))).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void acquire_interruptedWhileWaiting_givesTokenBackAndKeepsInterruptFlag() {
        RelayConfig c = perMinute(60);
        RateLimiter l = new TokenBucketRateLimiter(c, RateLimitStore.inMemory(), RateLimiter.DEFAULT_MAX_WAIT, clock, n -> {
            throw new InterruptedException("shutdown");
        });
        grants(l, account(c), 60);

        try {
            assertThatThrownBy(() -> l.acquire(account(c)))
                    .isInstanceOf(RateLimitException.class)
                    .hasCauseInstanceOf(InterruptedException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted(); // clear, so that the flag cannot leak into other tests
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(grants(l, account(c), 5)).isEqualTo(1);
    }

    @Test
    void create_negativeMaxWait_isRefused() {
        RelayConfig c = perMinute(60);

        assertThatThrownBy(() -> RateLimiter.create(c, RateLimitStore.inMemory(), Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    // ---- triggers ----

    @Test
    void triggers_countRefusalsPerAccountCaseInsensitively() {
        start(perMinute(1), 0);

        grants(4);

        assertThat(limiter.triggers(AccountId.of("MAIL-RELAY@domain1.com"))).isEqualTo(3);
        assertThat(limiter.triggers(AccountId.of("relay@domain2.com"))).isZero();
        assertThat(limiter.triggers(AccountId.of("unknown@example.com"))).isZero();
    }

    // ---- reconfigure ----

    @Test
    void reconfigure_smallerCapacity_capsTheCurrentLevel() {
        start(perMinute(10), 3); // 7 left

        limiter.reconfigure(perMinute(5));

        assertThat(grants(20)).isEqualTo(5);
    }

    @Test
    void reconfigure_largerCapacity_keepsTheCurrentLevel() {
        start(perMinute(10), 3); // 7 left

        limiter.reconfigure(perMinute(20));

        assertThat(grants(50)).isEqualTo(7);
        clock.advance(Duration.ofSeconds(3)); // refills at the new rate: 20 per minute
        assertThat(grants(50)).isEqualTo(1);
    }

    @Test
    void reconfigure_limitWasZero_startsFull() {
        start(config(d -> d.rateLimitPerMinute(0), g -> g), 500);

        limiter.reconfigure(perMinute(4));

        assertThat(grants(10)).isEqualTo(4);
    }

    @Test
    void reconfigure_disablingAndReEnabling_startsFullAndKeepsTriggers() {
        start(perMinute(1), 2);

        limiter.reconfigure(config(d -> d.rateLimitPerMinute(1), g -> g.enableRateLimiting(false)));
        assertThat(grants(10)).isEqualTo(10);
        limiter.reconfigure(perMinute(1));

        // disabled means no limit, and a limit that was none starts full
        assertThat(grants(5)).isEqualTo(1);
        assertThat(limiter.triggers(AccountId.of(ACCOUNT))).isEqualTo(1 + 4);
    }

    @Test
    void reconfigure_accountRemoved_isForgottenAndStartsFullWhenBack() {
        start(perMinute(2), 2);

        limiter.reconfigure(RelayConfig.builder().domain(upstream("domain2.com", "relay@domain2.com")).build());
        limiter.reconfigure(config);

        assertThat(grants(10)).isEqualTo(2);
    }

    // ---- threads ----

    @Test
    void tryAcquire_manyThreadsOnAFrozenClock_grantExactlyTheCapacity() throws Exception {
        RelayConfig c = perMinute(1000);
        FakeClock frozen = FakeClock.frozen();
        RateLimiter l = limiter(c, Duration.ZERO, frozen);
        int threads = 8;
        int attempts = 500;

        int total = Concurrently.sum(threads, t -> () -> {
            int n = 0;
            for (int i = 0; i < attempts; i++) {
                n += l.tryAcquire(account(c)) ? 1 : 0;
                try {
                    l.acquire(account(c));
                    n++;
                } catch (RateLimitException e) {
                    // expected once the bucket is empty
                }
            }
            return n;
        });

        assertThat(total).isEqualTo(1000);
        assertThat(l.triggers(AccountId.of(ACCOUNT))).isEqualTo(2L * threads * attempts - 1000);
        assertThat(frozen.sleeps()).isEmpty();
    }
}
