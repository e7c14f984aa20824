package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.Cidr;
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
        assertThat(AuthFailures.network(ip("2001:db8:1:2:ffff:1:2:3"))).isEqualTo(Cidr.parse("2001:db8:1:2::/64"));
        assertThat(AuthFailures.network(ip("192.0.2.7"))).isEqualTo(Cidr.parse("192.0.2.7"));
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

    /** {@code n} failures from {@code n} addresses 10.x.y.z, one each; {@code meanwhile} after every 100. */
    private static void flood(AuthFailures f, int n, Runnable meanwhile) throws Exception {
        byte[] a = {10, 0, 0, 0};
        for (int i = 0; i < n; i++) {
            if (i % 100 == 0) {
                meanwhile.run();
            }
            a[1] = (byte) (i >> 16);
            a[2] = (byte) (i >> 8);
            a[3] = (byte) i;
            fail(f, InetAddress.getByAddress(a));
        }
    }

    @Test
    void memory_isBounded_aFloodFromManyAddressesKeepsAtMostMaxClients_andAGuesserTryingOnStaysCounted()
            throws Exception {
        AuthFailures f = failures(10);
        InetAddress guesser = ip("192.0.2.7");
        for (int i = 0; i < 10; i++) {
            fail(f, guesser);
        }

        flood(f, AuthFailures.MAX_CLIENTS * 3, () -> assertThat(f.refused(guesser)).as("still refused").isTrue());

        assertThat(f.tracked()).isLessThanOrEqualTo(AuthFailures.MAX_CLIENTS);
        assertThat(f.refused(guesser)).as("the guesser, trying on, was not pushed out by the flood").isTrue();
        assertThat(f.begin(guesser)).isNull();
    }

    @Test
    void checkInProgress_outlivesTheWindow_soASlowClientGetsNoFreshCount() throws Exception {
        AuthFailures f = failures(2);
        InetAddress client = ip("192.0.2.7");
        List<AuthFailures.Attempt> slow = List.of(f.begin(client), f.begin(client));

        clock.advance(WINDOW.plusMinutes(1));
        assertThat(f.begin(client)).as("two checks still in progress: the address was not forgotten").isNull();
        assertThat(slow.get(0).failed()).isFalse();
        assertThat(slow.get(1).failed()).isTrue();
        assertThat(f.begin(client)).as("two failures in the window").isNull();

        clock.advance(WINDOW);
        assertThat(f.begin(client)).as("both aged out").isNotNull();
    }

    @Test
    void checkInProgress_isNotEvictedByAFlood_soItsFailureStillCounts() throws Exception {
        AuthFailures f = failures(3);
        InetAddress client = ip("192.0.2.7");
        fail(f, client);
        AuthFailures.Attempt a = f.begin(client);
        AuthFailures.Attempt b = f.begin(client);

        flood(f, AuthFailures.MAX_CLIENTS * 3, () -> { });

        assertThat(f.begin(client)).as("one failure and two checks in progress, after the flood").isNull();
        assertThat(a.failed()).isFalse();
        assertThat(b.failed()).isTrue();
        assertThat(f.begin(client)).isNull();
    }

    @Test
    void refused_reservesNothing_soClientsAtTheChallengesHoldNoPlace() throws Exception {
        AuthFailures f = failures(2);
        InetAddress client = ip("192.0.2.7");

        for (int i = 0; i < 100; i++) {
            assertThat(f.refused(client)).isFalse();
        }
        assertThat(f.tracked()).as("asking keeps nothing").isZero();
        fail(f, client);
        assertThat(f.refused(client)).isFalse();
        AuthFailures.Attempt inProgress = f.begin(client);
        assertThat(f.refused(client)).as("one failure and one check in progress").isTrue();
        inProgress.close();
        assertThat(f.refused(client)).isFalse();
        fail(f, client);
        assertThat(f.refused(client)).isTrue();
    }

    @Test
    void login_withNothingCounted_leavesNothingBehind() throws Exception {
        AuthFailures f = failures(10);
        for (int i = 1; i <= 100; i++) {
            f.begin(ip("192.0.2." + i)).close();
        }

        assertThat(f.tracked()).as("an address is kept only while something of it counts").isZero();
    }

    @Test
    void addresses_areForgottenWhenTheirLastFailureLeavesTheWindow() throws Exception {
        AuthFailures f = failures(10);
        fail(f, ip("192.0.2.7"));
        fail(f, ip("192.0.2.8"));
        assertThat(f.tracked()).isEqualTo(2);

        clock.advance(WINDOW);
        fail(f, ip("192.0.2.9")); // Caffeine's upkeep runs on a write

        assertThat(f.tracked()).isEqualTo(1);
    }
}
