package dev.ssmtpmailer.ratelimit;

import static dev.ssmtpmailer.testing.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String ACCOUNT = "mail-relay@domain1.com";

    /** A clock that only moves when told to, and a sleeper that moves it (or only records, when frozen). */
    private static final class FakeClock {
        final AtomicLong nanos = new AtomicLong(987_654_321L); // an arbitrary origin, as System.nanoTime has
        final List<Long> sleeps = new CopyOnWriteArrayList<>();
        final boolean sleepingAdvances;

        FakeClock(boolean sleepingAdvances) {
            this.sleepingAdvances = sleepingAdvances;
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        InstantSource instants() {
            return () -> Instant.EPOCH.plusNanos(nanos.get());
        }

        RateLimiter.Sleeper sleeper() {
            return n -> {
                sleeps.add(n);
                if (sleepingAdvances) {
                    nanos.addAndGet(n);
                }
            };
        }
    }

    private final FakeClock clock = new FakeClock(true);

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

    private RateLimiter limiter(RelayConfig c) {
        return limiter(c, RateLimiter.DEFAULT_MAX_WAIT, clock);
    }

    private static RateLimiter limiter(RelayConfig c, Duration maxWait, FakeClock clock) {
        return RateLimiter.builder(c).maxWait(maxWait).clock(clock.instants()).sleeper(clock.sleeper()).build();
    }

    private static DomainConfig account(RelayConfig c) {
        return c.domain("domain1.com").orElseThrow();
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
        RelayConfig c = perMinute(60);
        RateLimiter l = limiter(c);

        assertThat(grants(l, account(c), 60)).isEqualTo(60);
        assertThat(l.tryAcquire(account(c))).isFalse();
    }

    @Test
    void tryAcquire_afterHalfAMinute_hasRefilledHalfTheBucket() {
        RelayConfig c = perMinute(60);
        RateLimiter l = limiter(c);
        grants(l, account(c), 60);

        clock.advance(Duration.ofSeconds(30));

        assertThat(grants(l, account(c), 100)).isEqualTo(30);
    }

    @Test
    void tryAcquire_at60PerMinute_refillsOneTokenPerSecond() {
        RelayConfig c = perMinute(60);
        RateLimiter l = limiter(c);
        grants(l, account(c), 60);

        clock.advance(Duration.ofMillis(999));
        assertThat(l.tryAcquire(account(c))).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(l.tryAcquire(account(c))).isTrue();
        assertThat(l.tryAcquire(account(c))).isFalse();
    }

    @Test
    void tryAcquire_afterLongIdle_neverHoldsMoreThanCapacity() {
        RelayConfig c = perMinute(60);
        RateLimiter l = limiter(c);
        grants(l, account(c), 60);

        clock.advance(Duration.ofHours(3));

        assertThat(grants(l, account(c), 200)).isEqualTo(60);
    }

    @Test
    void tryAcquire_tickerSteppingBack_addsNoTokens() {
        RelayConfig c = perMinute(2);
        RateLimiter l = limiter(c);
        grants(l, account(c), 2);

        clock.advance(Duration.ofSeconds(-120));

        assertThat(l.tryAcquire(account(c))).isFalse();
    }

    @Test
    void tryAcquire_dayCapReached_refusesAlthoughMinuteBucketHasTokens() {
        RelayConfig c = config(d -> d.rateLimitPerMinute(100).rateLimitPerDay(5), g -> g);
        RateLimiter l = limiter(c);

        assertThat(grants(l, account(c), 10)).isEqualTo(5);
        clock.advance(Duration.ofMinutes(10));
        assertThat(l.tryAcquire(account(c))).isFalse();
        clock.advance(Duration.ofHours(24).dividedBy(5).minusMinutes(10)); // one day token every 4.8 h
        assertThat(grants(l, account(c), 10)).isEqualTo(1);
    }

    @Test
    void tryAcquire_minuteBucketEmpty_refusesAlthoughDayBucketHasTokens() {
        RelayConfig c = config(d -> d.rateLimitPerMinute(3).rateLimitPerDay(2000), g -> g);
        RateLimiter l = limiter(c);

        assertThat(grants(l, account(c), 10)).isEqualTo(3);
    }

    @Test
    void tryAcquire_domainOverride_beatsGlobalValue() {
        RelayConfig c = config(d -> d.rateLimitPerMinute(2), g -> g.rateLimitPerMinute(100));
        RateLimiter l = limiter(c);

        assertThat(grants(l, account(c), 10)).isEqualTo(2);
        assertThat(grants(l, c.domain("domain2.com").orElseThrow(), 200)).isEqualTo(100);
    }

    @Test
    void tryAcquire_accountsHaveSeparateBuckets() {
        RelayConfig c = config(d -> d, g -> g.rateLimitPerMinute(1));
        RateLimiter l = limiter(c);

        assertThat(l.tryAcquire(account(c))).isTrue();
        assertThat(l.tryAcquire(account(c))).isFalse();
        assertThat(l.tryAcquire(c.domain("domain2.com").orElseThrow())).isTrue();
    }

    @Test
    void tryAcquire_limitsOfZero_meanNoLimit() {
        RelayConfig c = config(d -> d.rateLimitPerMinute(0), g -> g.rateLimitPerMinute(5).rateLimitPerDay(0));
        RateLimiter l = limiter(c);

        assertThat(grants(l, account(c), 10_000)).isEqualTo(10_000);
        assertThat(l.triggers(AccountId.of(ACCOUNT))).isZero();
    }

    @Test
    void tryAcquire_rateLimitingDisabled_alwaysGrantsAndCountsNothing() {
        RelayConfig c = config(d -> d.rateLimitPerMinute(1).rateLimitPerDay(1), g -> g.enableRateLimiting(false));
        RateLimiter l = limiter(c);

        assertThat(grants(l, account(c), 1000)).isEqualTo(1000);
        l.acquire(account(c));
        assertThat(l.triggers(AccountId.of(ACCOUNT))).isZero();
        assertThat(clock.sleeps).isEmpty();
    }

    // ---- acquire ----

    @Test
    void acquire_nextTokenWithinBound_waitsThenSucceeds() {
        RelayConfig c = perMinute(60);
        RateLimiter l = limiter(c);
        grants(l, account(c), 60);

        l.acquire(account(c));

        assertThat(clock.sleeps).containsExactly(SECOND);
        assertThat(l.triggers(AccountId.of(ACCOUNT))).isEqualTo(1);
        assertThat(l.tryAcquire(account(c))).isFalse(); // the awaited token was used, not left behind
    }

    @Test
    void acquire_tokenAvailable_doesNotWait() {
        RelayConfig c = perMinute(60);
        RateLimiter l = limiter(c);

        l.acquire(account(c));

        assertThat(clock.sleeps).isEmpty();
        assertThat(l.triggers(AccountId.of(ACCOUNT))).isZero();
    }

    @Test
    void acquire_severalWaiters_reserveTokensInOrder() {
        FakeClock frozen = new FakeClock(false);
        RelayConfig c = perMinute(60);
        RateLimiter l = limiter(c, RateLimiter.DEFAULT_MAX_WAIT, frozen);
        grants(l, account(c), 60);

        l.acquire(account(c));
        l.acquire(account(c));
        l.acquire(account(c));

        assertThat(frozen.sleeps).containsExactly(SECOND, 2 * SECOND, 3 * SECOND);
    }

    @Test
    void acquire_nextTokenBeyondBound_throwsWithRetryAfterAndTakesNothing() {
        RelayConfig c = perMinute(3); // one token every 20 s, the bound is 10 s
        RateLimiter l = limiter(c);
        grants(l, account(c), 3);

        assertThatThrownBy(() -> l.acquire(account(c)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(e.account()).isEqualTo(AccountId.of(ACCOUNT));
                    assertThat(e.window()).isEqualTo(RateLimitWindow.PER_MINUTE);
                    assertThat(e.limit()).isEqualTo(3);
                })
                .hasMessage("account mail-relay@domain1.com reached its limit of 3 messages per minute; retry after 20 s");
        assertThat(clock.sleeps).isEmpty();
        assertThat(l.triggers(AccountId.of(ACCOUNT))).isEqualTo(1);
        clock.advance(Duration.ofSeconds(20));
        assertThat(l.tryAcquire(account(c))).isTrue();
    }

    @Test
    void acquire_partlyRefilled_retryAfterIsTheRemainder() {
        RelayConfig c = perMinute(3);
        RateLimiter l = limiter(c);
        grants(l, account(c), 3);
        clock.advance(Duration.ofSeconds(5));

        assertThatThrownBy(() -> l.acquire(account(c))).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(15)));
    }

    @Test
    void acquire_dayCapReached_throwsPerDayWithRetryAfter() {
        RelayConfig c = config(d -> d.rateLimitPerMinute(100).rateLimitPerDay(2), g -> g);
        RateLimiter l = limiter(c);
        grants(l, account(c), 2);

        assertThatThrownBy(() -> l.acquire(account(c))).isInstanceOfSatisfying(RateLimitException.class, e -> {
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
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void acquire_interruptedWhileWaiting_givesTokenBackAndKeepsInterruptFlag() {
        RelayConfig c = perMinute(60);
        RateLimiter l = RateLimiter.builder(c).clock(clock.instants()).sleeper(n -> {
            throw new InterruptedException("shutdown");
        }).build();
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

        assertThatThrownBy(() -> RateLimiter.builder(c).maxWait(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    // ---- triggers ----

    @Test
    void triggers_countRefusalsPerAccountCaseInsensitively() {
        RelayConfig c = perMinute(1);
        RateLimiter l = limiter(c);

        grants(l, account(c), 4);

        assertThat(l.triggers(AccountId.of("MAIL-RELAY@domain1.com"))).isEqualTo(3);
        assertThat(l.triggers(AccountId.of("relay@domain2.com"))).isZero();
        assertThat(l.triggers(AccountId.of("unknown@example.com"))).isZero();
    }

    // ---- reconfigure ----

    @Test
    void reconfigure_smallerCapacity_capsTheCurrentLevel() {
        RelayConfig c = perMinute(10);
        RateLimiter l = limiter(c);
        grants(l, account(c), 3); // 7 left

        l.reconfigure(perMinute(5));

        assertThat(grants(l, account(c), 20)).isEqualTo(5);
    }

    @Test
    void reconfigure_largerCapacity_keepsTheCurrentLevel() {
        RelayConfig c = perMinute(10);
        RateLimiter l = limiter(c);
        grants(l, account(c), 3); // 7 left

        l.reconfigure(perMinute(20));

        assertThat(grants(l, account(c), 50)).isEqualTo(7);
        clock.advance(Duration.ofSeconds(3)); // refills at the new rate: 20 per minute
        assertThat(grants(l, account(c), 50)).isEqualTo(1);
    }

    @Test
    void reconfigure_limitWasZero_startsFull() {
        RelayConfig c = config(d -> d.rateLimitPerMinute(0), g -> g);
        RateLimiter l = limiter(c);
        grants(l, account(c), 500);

        l.reconfigure(perMinute(4));

        assertThat(grants(l, account(c), 10)).isEqualTo(4);
    }

    @Test
    void reconfigure_disablingAndReEnabling_startsFullAndKeepsTriggers() {
        RelayConfig c = perMinute(1);
        RateLimiter l = limiter(c);
        grants(l, account(c), 2);

        l.reconfigure(config(d -> d.rateLimitPerMinute(1), g -> g.enableRateLimiting(false)));
        assertThat(grants(l, account(c), 10)).isEqualTo(10);
        l.reconfigure(perMinute(1));

        // disabled means no limit, and a limit that was none starts full
        assertThat(grants(l, account(c), 5)).isEqualTo(1);
        assertThat(l.triggers(AccountId.of(ACCOUNT))).isEqualTo(1 + 4);
    }

    @Test
    void reconfigure_accountRemoved_isForgottenAndStartsFullWhenBack() {
        RelayConfig c = perMinute(2);
        RateLimiter l = limiter(c);
        grants(l, account(c), 2);

        l.reconfigure(RelayConfig.builder().domain(upstream("domain2.com", "relay@domain2.com")).build());
        l.reconfigure(c);

        assertThat(grants(l, account(c), 10)).isEqualTo(2);
    }

    // ---- threads ----

    @Test
    void tryAcquire_manyThreadsOnAFrozenClock_grantExactlyTheCapacity() throws Exception {
        RelayConfig c = perMinute(1000);
        FakeClock frozen = new FakeClock(false);
        RateLimiter l = limiter(c, Duration.ZERO, frozen);
        int threads = 8;
        int attempts = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
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
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(30, TimeUnit.SECONDS);
            }

            assertThat(total).isEqualTo(1000);
            assertThat(l.triggers(AccountId.of(ACCOUNT))).isEqualTo(2L * threads * attempts - 1000);
            assertThat(frozen.sleeps).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
