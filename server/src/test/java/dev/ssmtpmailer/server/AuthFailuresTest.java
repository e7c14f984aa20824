package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.testing.FakeClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failed-login limit across connections, on a fake clock: no sleeping, no timing assertions. */
class AuthFailuresTest {
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private final FakeClock clock = new FakeClock();

    private AuthFailures failures(int limit) {
        return new AuthFailures(ServerLimits.builder().authFailureLimit(limit).authFailureWindow(WINDOW).build(),
                clock::nanoTime);
    }

    private static InetAddress ip(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    /** A password check that fails; @return whether it reached the limit */
    private static boolean fail(AuthFailures f, InetAddress client) {
        AuthFailures.Attempt a = f.begin(client);
        assertThat(a).as("an attempt of " + client).isNotNull();
        try (a) {
            return a.failed();
        }
    }

    @Test
    void begin_afterLimitFailures_refuses_andTheLastFailureSaysSo() throws Exception {
        AuthFailures f = failures(3);
        InetAddress guesser = ip("192.0.2.7");

        assertThat(fail(f, guesser)).isFalse();
        assertThat(fail(f, guesser)).isFalse();
        assertThat(fail(f, guesser)).as("the third failure reaches the limit").isTrue();

        assertThat(f.begin(guesser)).isNull();
        assertThat(f.begin(guesser)).as("refusals do not count, and keep refusing").isNull();
    }

    @Test
    void successesAndAbortedAttempts_neitherCountNorClearFailures() throws Exception {
        AuthFailures f = failures(2);
        InetAddress client = ip("192.0.2.7");

        for (int i = 0; i < 10; i++) {
            f.begin(client).close(); // a login, a cancelled exchange, a client gone
        }
        assertThat(fail(f, client)).isFalse();
        f.begin(client).close();
        assertThat(fail(f, client)).as("the success in between cleared nothing").isTrue();
        assertThat(f.begin(client)).isNull();
    }

    @Test
    void window_slides_eachFailureCountsForTheWindowFromItsOwnTime() throws Exception {
        AuthFailures f = failures(2);
        InetAddress client = ip("192.0.2.7");

        fail(f, client);
        clock.advance(Duration.ofMinutes(2));
        fail(f, client);
        assertThat(f.begin(client)).isNull();

        clock.advance(Duration.ofMinutes(3).minusNanos(1));
        assertThat(f.begin(client)).as("the first failure is still in the window").isNull();
        clock.advance(Duration.ofNanos(1));
        assertThat(fail(f, client)).as("the first aged out: one more check, which fills the window again").isTrue();
        assertThat(f.begin(client)).isNull();

        clock.advance(WINDOW);
        assertThat(fail(f, client)).isFalse();
        clock.advance(Duration.ofMinutes(4));
        assertThat(fail(f, client)).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(fail(f, client)).as("the failure of minute 4 still counts at minute 6: the address is kept a "
                + "window after its last failure, not its first").isTrue();
    }

    @Test
    void attemptsInProgress_countTowardTheLimit_soParallelConnectionsCheckNoMorePasswords() throws Exception {
        AuthFailures f = failures(3);
        InetAddress client = ip("192.0.2.7");

        List<AuthFailures.Attempt> parallel = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parallel.add(f.begin(client));
        }
        assertThat(parallel).doesNotContainNull();
        assertThat(f.begin(client)).as("three checks in progress").isNull();

        parallel.get(0).close();
        AuthFailures.Attempt next = f.begin(client);
        assertThat(next).as("one ended without failing: its place is free").isNotNull();
        parallel.get(1).failed();
        parallel.get(2).failed();
        assertThat(next.failed()).isTrue();
        next.close();
        assertThat(f.begin(client)).isNull();
    }

    @Test
    void attempt_endedTwice_countsOnce() throws Exception {
        AuthFailures f = failures(2);
        InetAddress client = ip("192.0.2.7");

        AuthFailures.Attempt a = f.begin(client);
        a.failed();
        a.failed();
        a.close();

        assertThat(fail(f, client)).as("the second failure, not the third").isTrue();
    }

    @Test
    void otherAddresses_areCountedApart() throws Exception {
        AuthFailures f = failures(1);
        fail(f, ip("192.0.2.7"));

        assertThat(f.begin(ip("192.0.2.7"))).isNull();
        assertThat(f.begin(ip("192.0.2.8"))).isNotNull();
        assertThat(f.begin(ip("2001:db8:1:2::7"))).isNotNull();
    }

    @Test
    void ipv6_countsByItsSlash64() throws Exception {
        AuthFailures f = failures(2);
        fail(f, ip("2001:db8:1:2::7"));
        fail(f, ip("2001:db8:1:2:ffff:1:2:3"));

        assertThat(f.begin(ip("2001:db8:1:2::99"))).as("the same /64").isNull();
        assertThat(f.begin(ip("2001:db8:1:3::7"))).as("the next /64").isNotNull();
        assertThat(AuthFailures.network(ip("2001:db8:1:2:ffff:1:2:3"))).isEqualTo(ip("2001:db8:1:2::"));
        assertThat(AuthFailures.network(ip("192.0.2.7"))).isEqualTo(ip("192.0.2.7"));
    }

    @Test
    void limitZero_neverRefuses_andKeepsNothing() throws Exception {
        AuthFailures f = failures(0);
        InetAddress client = ip("192.0.2.7");

        for (int i = 0; i < 1000; i++) {
            assertThat(fail(f, client)).isFalse();
        }
        assertThat(f.begin(client)).isNotNull();
        assertThat(f.tracked()).isZero();
    }

    @Test
    void memory_isBounded_aFloodFromManyAddressesKeepsAtMostMaxClients() throws Exception {
        AuthFailures f = failures(10);
        byte[] a = {10, 0, 0, 0};
        for (int i = 0; i < AuthFailures.MAX_CLIENTS * 3; i++) {
            a[1] = (byte) (i >> 16);
            a[2] = (byte) (i >> 8);
            a[3] = (byte) i;
            fail(f, InetAddress.getByAddress(a));
        }

        assertThat(f.tracked()).isLessThanOrEqualTo(AuthFailures.MAX_CLIENTS);
    }

    @Test
    void addresses_areForgottenAWindowAfterTheirLastAttempt() throws Exception {
        AuthFailures f = failures(10);
        fail(f, ip("192.0.2.7"));
        fail(f, ip("192.0.2.8"));
        assertThat(f.tracked()).isEqualTo(2);

        clock.advance(WINDOW);
        fail(f, ip("192.0.2.9")); // Caffeine's upkeep runs on a write

        assertThat(f.tracked()).isEqualTo(1);
    }
}
