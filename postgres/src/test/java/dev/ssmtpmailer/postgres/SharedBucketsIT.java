package dev.ssmtpmailer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.ratelimit.RateLimitWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared token buckets on a real PostgreSQL, with the time given by the test (microseconds). */
class SharedBucketsIT {
    private static final long SECOND = 1_000_000L;
    private static final long T0 = 1_800_000_000L * SECOND;

    private TestDatabase test;
    private PostgresDatabase db;
    private SharedBuckets buckets;

    @BeforeEach
    void open() {
        test = TestDatabase.create();
        db = test.connect();
        buckets = new SharedBuckets(db);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        test.close();
    }

    @Test
    void reserve_fullBucket_grantsItsCapacityThenRefusesWithTheWaitForTheNextToken() {
        buckets.configure("acct", 3, 0, T0);

        for (int i = 0; i < 3; i++) {
            assertThat(buckets.reserve("acct", T0, 0).granted()).isTrue();
        }
        SharedBuckets.Reservation refused = buckets.reserve("acct", T0, 0);

        assertThat(refused.granted()).isFalse();
        assertThat(refused.window()).isEqualTo(RateLimitWindow.PER_MINUTE);
        assertThat(refused.limit()).isEqualTo(3);
        assertThat(Duration.ofNanos(refused.waitNanos())).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void reserve_afterOneRefillPeriod_grantsExactlyOneMore() {
        buckets.configure("acct", 3, 0, T0);
        for (int i = 0; i < 3; i++) {
            buckets.reserve("acct", T0, 0);
        }

        assertThat(buckets.reserve("acct", T0 + 20 * SECOND, 0).granted()).isTrue();
        assertThat(buckets.reserve("acct", T0 + 20 * SECOND, 0).granted()).isFalse();
    }

    @Test
    void reserve_dayLimitRefuses_takesNoMinuteTokenEither() {
        buckets.configure("acct", 3, 2, T0);
        buckets.reserve("acct", T0, 0);
        buckets.reserve("acct", T0, 0);

        SharedBuckets.Reservation refused = buckets.reserve("acct", T0, 0);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.window()).isEqualTo(RateLimitWindow.PER_DAY);
        assertThat(refused.limit()).isEqualTo(2);

        buckets.configure("acct", 3, 0, T0); // the day limit removed: the one minute token left is still there
        assertThat(buckets.reserve("acct", T0, 0).granted()).isTrue();
        assertThat(buckets.reserve("acct", T0, 0).granted()).isFalse();
    }

    @Test
    void reserve_withinMaxWait_reservesTheNextTokenSoTheNextCallerWaitsBehind() {
        buckets.configure("acct", 1, 0, T0);
        assertThat(buckets.reserve("acct", T0, 0).waitNanos()).isZero();

        SharedBuckets.Reservation waits = buckets.reserve("acct", T0, Duration.ofMinutes(1).toNanos());
        SharedBuckets.Reservation behind = buckets.reserve("acct", T0, Duration.ofMinutes(1).toNanos());

        assertThat(waits.granted()).isTrue();
        assertThat(Duration.ofNanos(waits.waitNanos())).isEqualTo(Duration.ofMinutes(1));
        assertThat(behind.granted()).isFalse();
        assertThat(Duration.ofNanos(behind.waitNanos())).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void giveBack_afterAnInterruptedWait_returnsTheReservedToken() {
        buckets.configure("acct", 1, 0, T0);
        buckets.reserve("acct", T0, 0);
        buckets.reserve("acct", T0, Duration.ofMinutes(1).toNanos());

        buckets.giveBack("acct");

        assertThat(Duration.ofNanos(buckets.reserve("acct", T0, 0).waitNanos())).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void configure_largerCapacity_keepsTheLevelInsteadOfFillingUp() {
        buckets.configure("acct", 10, 0, T0);
        for (int i = 0; i < 8; i++) {
            buckets.reserve("acct", T0, 0);
        }
        buckets.configure("acct", 100, 0, T0); // 2 left, not 100

        assertThat(granted("acct", T0, 5)).isEqualTo(2);
    }

    @Test
    void configure_smallerCapacity_capsTheLevel() {
        buckets.configure("acct", 10, 0, T0);
        buckets.reserve("acct", T0, 0);
        buckets.configure("acct", 5, 0, T0); // 9 left, capped at 5

        assertThat(granted("acct", T0, 10)).isEqualTo(5);
    }

    @Test
    void configure_sameLimitsAgain_keepsTheLevel() {
        buckets.configure("acct", 5, 0, T0);
        buckets.reserve("acct", T0, 0);
        buckets.configure("acct", 5, 0, T0 + SECOND); // another instance starting with the same configuration

        assertThat(granted("acct", T0 + SECOND, 10)).isEqualTo(4); // 5 - 1 + 1/12 refilled
    }

    @Test
    void reserve_accountWithoutLimits_isGranted() {
        buckets.configure("free", 0, 0, T0);

        SharedBuckets.Reservation r = buckets.reserve("free", T0, 0);

        assertThat(r.granted()).isTrue();
        assertThat(r.window()).isNull();
    }

    @Test
    void reserve_manyThreadsOfThreeInstancesAtOnce_grantExactlyTheCapacity() throws Exception {
        buckets.configure("acct", 60, 0, T0);
        List<PostgresDatabase> others = List.of(test.connect(), test.connect());
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            List<SharedBuckets> instances = List.of(buckets, new SharedBuckets(others.get(0)), new SharedBuckets(others.get(1)));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 9; t++) {
                SharedBuckets instance = instances.get(t % 3);
                Callable<Integer> offer = () -> {
                    start.await();
                    int granted = 0;
                    for (int i = 0; i < 10; i++) {
                        granted += instance.reserve("acct", T0, 0).granted() ? 1 : 0;
                    }
                    return granted;
                };
                results.add(pool.submit(offer));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }

            assertThat(total).isEqualTo(60);
        } finally {
            pool.shutdownNow();
            for (PostgresDatabase o : others) {
                o.close();
            }
        }
    }

    private int granted(String account, long nowMicros, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            granted += buckets.reserve(account, nowMicros, 0).granted() ? 1 : 0;
        }
        return granted;
    }
}
