package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import static dev.ssmtpmailer.testing.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.ratelimit.AccountLimits;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.ratelimit.Reservation;
import dev.ssmtpmailer.testing.FakeClock;
import dev.ssmtpmailer.testing.Concurrently;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only a shared store has to do, on a real PostgreSQL: several instances draw from one bucket. The model
 * itself is {@link PgRateLimitStoreContractIT} (core's contract).
 */
@RequiresPeer(Peer.POSTGRES)
class PgRateLimitStoreIT extends SchemaPerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final AccountId ACCT = AccountId.of("Mail-Relay@domain1.com");

    private PgRateLimitStore store;

    @BeforeEach
    void open() {
        store = new PgRateLimitStore(db);
    }

    private static AccountLimits perMinute(long n) {
        return new AccountLimits(n, 0);
    }

    @Test
    void take_secondInstanceWithTheSameLimits_sharesTheLevel() {
        store.take(ACCT, perMinute(5), T0, Duration.ZERO);
        PgRateLimitStore other = new PgRateLimitStore(db); // a process that starts later, same configuration

        assertThat(granted(other, perMinute(5), T0.plusSeconds(1), 10)).isEqualTo(4); // 5 - 1 + 1/12 refilled
    }

    @Test
    void take_unlimited_isGrantedAndDropsTheBuckets() throws Exception {
        store.take(ACCT, perMinute(1), T0, Duration.ZERO);

        assertThat(store.take(ACCT, AccountLimits.NONE, T0, Duration.ZERO)).isEqualTo(Reservation.NOW);
        assertThat(test.count("SELECT count(*) FROM " + test.schema + ".rate_bucket")).isZero();
    }

    @Test
    void take_bucketsDroppedByAnotherInstance_startFullAgain() {
        store.take(ACCT, perMinute(1), T0, Duration.ZERO);
        new PgRateLimitStore(db).take(ACCT, AccountLimits.NONE, T0, Duration.ZERO);

        assertThat(store.take(ACCT, perMinute(1), T0, Duration.ZERO)).isEqualTo(Reservation.NOW);
        assertThat(store.take(ACCT, perMinute(1), T0, Duration.ZERO).granted()).isFalse();
    }

    @Test
    void take_manyThreadsOfThreeInstancesAtOnce_grantExactlyTheCapacity() throws Exception {
        List<PostgresDatabase> others = List.of(test.connect(), test.connect());
        try {
            List<PgRateLimitStore> instances = List.of(store, new PgRateLimitStore(others.get(0)),
                    new PgRateLimitStore(others.get(1)));

            int total = Concurrently.sum(9, t -> () -> granted(instances.get(t % 3), perMinute(60), T0, 10));

            assertThat(total).isEqualTo(60);
        } finally {
            for (PostgresDatabase o : others) {
                o.close();
            }
        }
    }

    @Test
    void rateLimiter_threeProcessesOnTheStore_shareTheAccountsPerMinuteLimit() {
        RelayConfig config = RelayConfig.builder()
                .domain(upstream("domain1.com", "mail-relay@domain1.com").toBuilder().rateLimitPerMinute(60).build())
                .build();
        DomainConfig account = config.domain("domain1.com").orElseThrow();
        FakeClock clock = new FakeClock(T0);
        List<RateLimiter> limiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            limiters.add(RateLimiter.create(config, new PgRateLimitStore(db), RateLimiter.DEFAULT_MAX_WAIT, clock));
        }

        int sent = 0;
        for (int i = 0; i < 90; i++) {
            sent += limiters.get(i % 3).tryAcquire(account) ? 1 : 0;
        }
        assertThat(sent).isEqualTo(60);
        assertThat(limiters.get(0).triggers(AccountId.of("mail-relay@domain1.com"))).isEqualTo(10);

        clock.advance(Duration.ofSeconds(10));
        int later = 0;
        for (int i = 0; i < 30; i++) {
            later += limiters.get(i % 3).tryAcquire(account) ? 1 : 0;
        }
        assertThat(later).isEqualTo(10);
    }

    private static int granted(PgRateLimitStore s, AccountLimits limits, Instant now, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            granted += s.take(ACCT, limits, now, Duration.ZERO).granted() ? 1 : 0;
        }
        return granted;
    }
}
