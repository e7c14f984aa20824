package dev.ssmtpmailer.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.testing.Concurrently;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimitStore} must do (see its javadoc). A store's test extends this class and says how
 * to make a fresh, empty store; the in-memory store's is {@link InMemoryRateLimitStoreTest}.
 */
public abstract class RateLimitStoreContract {
    /** An arbitrary origin; every test moves time itself. */
    protected static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final AccountId ACCOUNT = AccountId.of("mail-relay@domain1.com");

    /** @return a new store without any account */
    protected abstract RateLimitStore newStore();

    private static AccountLimits perMinute(long n) {
        return new AccountLimits(n, 0);
    }

    private static int grantsNow(RateLimitStore store, AccountLimits limits, Instant now, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            if (store.take(ACCOUNT, limits, now, Duration.ZERO).granted()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void take_newAccount_startsFull() {
        RateLimitStore store = newStore();

        assertThat(store.take(ACCOUNT, perMinute(3), T0, Duration.ZERO)).isEqualTo(Reservation.NOW);
        assertThat(grantsNow(store, perMinute(3), T0, 10)).isEqualTo(2);
    }

    @Test
    void take_unlimited_grantsAtOnceAlways() {
        RateLimitStore store = newStore();

        assertThat(grantsNow(store, AccountLimits.NONE, T0, 1000)).isEqualTo(1000);
    }

    @Test
    void take_emptyBucket_refusedWithTheDelayAndTheWindow_takingNothing() {
        RateLimitStore store = newStore();
        grantsNow(store, perMinute(60), T0, 60);

        Reservation refused = store.take(ACCOUNT, perMinute(60), T0, Duration.ZERO);

        assertThat(refused.granted()).isFalse();
        assertThat(refused.delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(refused.window()).isEqualTo(RateLimitWindow.PER_MINUTE);
        assertThat(refused.limit()).isEqualTo(60);
        assertThat(grantsNow(store, perMinute(60), T0.plusSeconds(1), 5)).as("the refusal took nothing").isEqualTo(1);
    }

    @Test
    void take_tokenDueWithinMaxWait_reservedAtOnce_laterCallersQueueBehind() {
        RateLimitStore store = newStore();
        grantsNow(store, perMinute(60), T0, 60);

        Reservation first = store.take(ACCOUNT, perMinute(60), T0, Duration.ofSeconds(10));
        Reservation second = store.take(ACCOUNT, perMinute(60), T0, Duration.ofSeconds(10));

        assertThat(first.granted()).isTrue();
        assertThat(first.delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(second.granted()).isTrue();
        assertThat(second.delay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void take_refillsContinuouslyAtTheLimitPerPeriod() {
        RateLimitStore store = newStore();
        grantsNow(store, perMinute(60), T0, 60);

        assertThat(grantsNow(store, perMinute(60), T0.plusMillis(999), 5)).isZero();
        assertThat(grantsNow(store, perMinute(60), T0.plusSeconds(3), 5)).isEqualTo(3);
        assertThat(grantsNow(store, perMinute(60), T0.plusSeconds(3600), 100)).as("never above capacity").isEqualTo(60);
    }

    @Test
    void take_twoWindows_takesFromBothOrNeither() {
        RateLimitStore store = newStore();
        AccountLimits both = new AccountLimits(10, 2);
        assertThat(grantsNow(store, both, T0, 5)).isEqualTo(2);

        Reservation refused = store.take(ACCOUNT, both, T0, Duration.ZERO);
        assertThat(refused.window()).isEqualTo(RateLimitWindow.PER_DAY);
        assertThat(refused.delay()).isEqualTo(Duration.ofHours(12));
        // the day bucket refused: the minute bucket kept the 8 tokens the refusals did not take
        assertThat(grantsNow(store, perMinute(10), T0, 20)).isEqualTo(8);
    }

    @Test
    void take_largerLimit_keepsTheLevelAndRefillsAtTheNewRate() {
        RateLimitStore store = newStore();
        grantsNow(store, perMinute(10), T0, 3);

        assertThat(grantsNow(store, perMinute(20), T0, 50)).isEqualTo(7);
        assertThat(grantsNow(store, perMinute(20), T0.plusSeconds(3), 50)).isEqualTo(1);
    }

    @Test
    void take_smallerLimit_capsTheLevel() {
        RateLimitStore store = newStore();

        assertThat(grantsNow(store, perMinute(2), T0, 50)).isEqualTo(2);
        assertThat(grantsNow(store, perMinute(50), T0, 50)).as("a grown limit does not refill what was taken").isZero();
    }

    @Test
    void take_timeGoingBack_addsNoToken() {
        RateLimitStore store = newStore();
        grantsNow(store, perMinute(60), T0.plusSeconds(10), 60);

        assertThat(grantsNow(store, perMinute(60), T0, 5)).isZero();
        assertThat(grantsNow(store, perMinute(60), T0.plusSeconds(11), 5)).isEqualTo(1);
    }

    @Test
    void giveBack_returnsTheReservedToken() {
        RateLimitStore store = newStore();
        grantsNow(store, perMinute(60), T0, 60);
        assertThat(store.take(ACCOUNT, perMinute(60), T0, Duration.ofSeconds(10)).granted()).isTrue();

        store.giveBack(ACCOUNT, perMinute(60), T0);

        assertThat(store.take(ACCOUNT, perMinute(60), T0, Duration.ofSeconds(10)).delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void accounts_areIndependentAndComparedIgnoringCase() {
        RateLimitStore store = newStore();
        grantsNow(store, perMinute(1), T0, 1);

        assertThat(store.take(AccountId.of("MAIL-RELAY@DOMAIN1.COM"), perMinute(1), T0, Duration.ZERO).granted()).isFalse();
        assertThat(store.take(AccountId.of("relay@domain2.com"), perMinute(1), T0, Duration.ZERO).granted()).isTrue();
    }

    @Test
    void reconfigure_refillsAtTheOldRateThenResizes() {
        RateLimitStore store = newStore();
        grantsNow(store, perMinute(60), T0, 60);

        store.reconfigure(Map.of(ACCOUNT, perMinute(6)), T0.plusSeconds(2));

        // 2 tokens earned at 60/min before the change, then 6/min: one more every 10 s
        assertThat(grantsNow(store, perMinute(6), T0.plusSeconds(2), 10)).isEqualTo(2);
        assertThat(grantsNow(store, perMinute(6), T0.plusSeconds(12), 10)).isEqualTo(1);
    }

    @Test
    void take_concurrentCallers_neverGrantMoreThanTheBucketHolds() throws Exception {
        RateLimitStore store = newStore();

        int granted = Concurrently.sum(8, t -> () -> grantsNow(store, perMinute(100), T0, 50));

        assertThat(granted).isEqualTo(100);
    }
}
