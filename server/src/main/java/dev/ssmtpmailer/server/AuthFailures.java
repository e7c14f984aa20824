package dev.ssmtpmailer.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.ServerLimits;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Failed logins per client address across connections ({@link ServerLimits#authFailureLimit()} within
 * {@link ServerLimits#authFailureWindow()}): what keeps a password guesser that reconnects from trying more than
 * {@code limit} passwords in any window, and from burning a bcrypt check on each further try. Postfix's nearest is
 * {@code smtpd_client_auth_rate_limit} (anvil counts every {@code AUTH} there, per {@code anvil_rate_time_unit});
 * only failures count here, so an application that logs in for every message is never slowed down.
 *
 * <p>{@link #refused} tells at {@code AUTH} whether to refuse at once; it reserves nothing, so a client that sits
 * at the challenges holds no place. The password check itself {@linkplain #begin begins} an attempt, which counts
 * as in progress until it {@linkplain Attempt#failed fails} (then it is a failure for the window) or
 * {@linkplain Attempt#close ends} otherwise (a login): only for the time of the check. An attempt is refused while
 * the address's failures in the window and its checks in progress reach the limit, so parallel connections cannot
 * check more passwords than one connection. A success neither counts nor clears failures: a client with one good
 * password cannot reset the count while it guesses another user's. IPv6 clients count by their /64 network, the
 * block an ISP gives one site.
 *
 * <p>Memory is bounded: an address is forgotten when its last failure leaves the window, and at most
 * {@link #MAX_CLIENTS} are kept (Caffeine drops the least used first, so a flood from many addresses does not push
 * out a busy guesser); each keeps at most {@code limit} times. An address with a check in progress is neither
 * expired nor evicted (weight 0) until the check ends, so its count cannot restart meanwhile. Counts live in this
 * process only. Thread-safe.
 */
final class AuthFailures {
    /** Client addresses (IPv6: /64 networks) tracked at most: 3.5 MB of heap at the default limit, 10.5 MB at 100. */
    static final int MAX_CLIENTS = 10_000;
    /** Every attempt under a limit of 0: none is refused, nothing is kept. */
    private static final Attempt FREE = new Attempt(null, null);

    private final int limit;
    private final long window;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<Cidr, Failures> byClient;

    /**
     * @param limits {@link ServerLimits#authFailureLimit()} (0: never refuse) and its window
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; a test's own)
     */
    AuthFailures(ServerLimits limits, LongSupplier nanoTime) {
        this.limit = limits.authFailureLimit();
        this.window = limits.authFailureWindow().toNanos();
        this.nanoTime = nanoTime;
        if (limit == 0) {
            this.byClient = null;
        } else {
            Cache<Cidr, Failures> cache = Caffeine.newBuilder().maximumWeight(MAX_CLIENTS)
                    .weigher((Cidr k, Failures f) -> f.inProgress > 0 ? 0 : 1)
                    .expireAfter(new KeepWhileCounted(window))
                    .ticker(nanoTime::getAsLong)
                    .executor(Runnable::run) // upkeep in the caller's thread: no pool thread of ours, nothing late
                    .build();
            this.byClient = cache.asMap();
        }
    }

    /** @return the limit, in failures per window (0: none) */
    int limit() {
        return limit;
    }

    /** @return how long a failure counts */
    Duration window() {
        return Duration.ofNanos(window);
    }

    /**
     * Tells whether the client is refused now, reserving nothing: its {@code AUTH} is answered at once, before any
     * challenge.
     *
     * @param client the client's address
     * @return whether its failures in the window and its checks in progress have reached the limit
     */
    boolean refused(InetAddress client) {
        if (byClient == null) {
            return false;
        }
        long now = nanoTime.getAsLong();
        boolean[] full = {false};
        byClient.computeIfPresent(network(client), (k, failures) -> {
            failures.forgetOlderThan(now, window);
            full[0] = failures.full();
            return failures.isEmpty() ? null : failures;
        });
        return full[0];
    }

    /**
     * Reserves a password check for the client, just before it is made (not while the client answers challenges).
     *
     * @param client the client's address
     * @return the attempt, to {@linkplain Attempt#failed fail} or {@linkplain Attempt#close close}; {@code null}
     *         when the client's failures in the window and its checks in progress have reached the limit: refuse
     *         its {@code AUTH} without a check
     */
    Attempt begin(InetAddress client) {
        if (byClient == null) {
            return FREE;
        }
        Cidr key = network(client);
        long now = nanoTime.getAsLong();
        boolean[] reserved = {false};
        byClient.compute(key, (k, f) -> {
            Failures failures = f != null ? f : new Failures(limit);
            failures.forgetOlderThan(now, window);
            reserved[0] = !failures.full();
            if (reserved[0]) {
                failures.inProgress++;
            }
            return failures.isEmpty() ? null : failures;
        });
        return reserved[0] ? new Attempt(this, key) : null;
    }

    /** @return the addresses (IPv6: networks) tracked now; for tests */
    int tracked() {
        return byClient == null ? 0 : byClient.size();
    }

    /** @return the network a client is counted by: an IPv4 address alone, an IPv6 address's /64 */
    static Cidr network(InetAddress client) {
        return client instanceof Inet6Address ? Cidr.of(client, 64) : Cidr.of(client, 32);
    }

    /** One password check of a client, counted as in progress until it fails or closes. */
    static final class Attempt implements AutoCloseable {
        private final AuthFailures owner;
        private final Cidr key;
        private boolean done;

        private Attempt(AuthFailures owner, Cidr key) {
            this.owner = owner;
            this.key = key;
            this.done = owner == null;
        }

        /**
         * Counts the attempt as a failure for the window.
         *
         * @return whether this failure reached the limit: the client's next {@code AUTH} is refused (log it once)
         */
        boolean failed() {
            return end(true);
        }

        /** Ends an attempt that did not fail (a login): it does not count. */
        @Override
        public void close() {
            end(false);
        }

        private boolean end(boolean failed) {
            if (done) {
                return false;
            }
            done = true;
            long now = owner.nanoTime.getAsLong();
            boolean[] full = {false}; // the failures alone have reached the limit
            // the entry is still there: one with a check in progress neither expires nor is evicted (weight 0)
            owner.byClient.computeIfPresent(key, (k, failures) -> {
                failures.inProgress--;
                failures.forgetOlderThan(now, owner.window);
                if (failed) {
                    failures.add(now);
                }
                full[0] = failures.count == failures.times.length;
                return failures.isEmpty() ? null : failures;
            });
            return failed && full[0];
        }
    }

    /**
     * The failures of one address in its window (a ring of their times, oldest at {@code first}) and its checks
     * in progress, which never exceed the limit together. Changed only inside the map's {@code compute}, which
     * holds the entry's lock.
     */
    private static final class Failures {
        private final long[] times;
        private int first;
        private int count;
        private int inProgress;

        Failures(int limit) {
            this.times = new long[limit];
        }

        /** @return whether failures and checks in progress have reached the limit */
        boolean full() {
            return count + inProgress >= times.length;
        }

        /** @return whether nothing is left to keep */
        boolean isEmpty() {
            return count == 0 && inProgress == 0;
        }

        /** Adds a failure of an attempt that was in progress: there is room for it. */
        void add(long now) {
            times[(first + count) % times.length] = now;
            count++;
        }

        /**
         * @param now the time now
         * @param window how long a failure counts
         * @return how long to keep the address from now: while a check is in progress, for good; otherwise until
         *         its newest failure leaves the window
         */
        long keepFor(long now, long window) {
            if (inProgress > 0) {
                return Long.MAX_VALUE;
            }
            return count == 0 ? 0 : Math.max(0, window - (now - times[(first + count - 1) % times.length]));
        }

        void forgetOlderThan(long now, long window) {
            while (count > 0 && now - times[first] >= window) {
                first = (first + 1) % times.length;
                count--;
            }
        }
    }

    /**
     * Caffeine's expiry: an address is kept while anything of it counts (not a window after its last write, which
     * would forget a check in progress and let the client start over).
     */
    private record KeepWhileCounted(long window) implements Expiry<Cidr, Failures> {
        @Override
        public long expireAfterCreate(Cidr key, Failures failures, long currentTime) {
            return failures.keepFor(currentTime, window);
        }

        @Override
        public long expireAfterUpdate(Cidr key, Failures failures, long currentTime, long currentDuration) {
            return failures.keepFor(currentTime, window);
        }

        @Override
        public long expireAfterRead(Cidr key, Failures failures, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
