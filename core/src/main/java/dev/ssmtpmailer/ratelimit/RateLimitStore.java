package dev.ssmtpmailer.ratelimit;

import dev.ssmtpmailer.message.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where the token buckets of upstream accounts live: the state behind a {@link RateLimiter}. The default,
 * {@link #inMemory()}, keeps them in this process; a shared store (a database) lets several processes share
 * one account's limits, since Gmail counts per account, not per process.
 *
 * <h2>The model every store implements</h2>
 * An account has one bucket per {@link RateLimitWindow} whose limit is not 0. A bucket of capacity {@code N}
 * holds at most {@code N} tokens, starts full, and refills continuously at {@code N} tokens per
 * {@linkplain RateLimitWindow#period() period}: after {@code t} it holds
 * {@code min(N, level + t * N / period)}. The level may go below zero: a caller that reserves a token which is
 * due in the future takes it at once and waits before sending, so later callers queue behind it.
 * Levels are real numbers; a store may round them, but must grant a token when the level is within 1e-9 of 1.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Time is passed in ({@code now}); a store never reads a clock. For a shared store it is wall-clock
 *       time, so processes on different hosts need synchronised clocks (NTP); a {@code now} earlier than the
 *       bucket's last update never removes tokens and never moves the update time back.</li>
 *   <li>Limits are passed in with every call ({@link AccountLimits}); a store never reads the configuration.
 *       When they differ from the stored capacity, the bucket is first refilled at its old capacity up to
 *       {@code now}, then resized: its level is kept, capped at the new capacity. A bucket whose limit became 0
 *       is dropped; one whose limit was 0 starts full.</li>
 *   <li>{@link #take} and {@link #giveBack} are each <em>one atomic operation</em> over all buckets of the
 *       account: either every bucket gives a token or none does, and no concurrent caller, in this process or
 *       another, sees a state in between. A database does it in one statement or one transaction holding the
 *       account's row lock.</li>
 *   <li>Accounts are keyed by {@link AccountId#key()} (lower case).</li>
 *   <li>Methods are thread-safe, never block for longer than the store's own I/O, and never sleep; waiting is
 *       the {@link RateLimiter}'s job.</li>
 *   <li>A store that cannot be reached throws an unchecked exception (a subclass of
 *       {@link dev.ssmtpmailer.message.RelayException} is preferred); the caller then treats the message as not
 *       sent.</li>
 * </ul>
 */
public interface RateLimitStore {

    /**
     * Atomically refills the account's buckets to {@code now}, applies {@code limits}, and takes one token from
     * every bucket if each has one due within {@code maxWait}; otherwise takes nothing.
     *
     * @param account the account
     * @param limits its limits now; {@link AccountLimits#unlimited()} limits grant at once (and may drop the
     *        account's buckets)
     * @param now the current time
     * @param maxWait how far in the future a token may be due and still be taken (the caller then waits);
     *        {@link Duration#ZERO} takes only tokens that are there now
     * @return granted with the wait before sending (zero when the tokens were there), or refused with how long
     *         until they are due; the window is the one whose token is due last
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code maxWait} is negative
     */
    Reservation take(AccountId account, AccountLimits limits, Instant now, Duration maxWait);

    /**
     * Returns one token to every bucket of the account (never above its capacity): a caller that took a token
     * with a wait and was interrupted before sending gives it back.
     *
     * @param account the account
     * @param limits its limits now
     * @param now the current time
     * @throws NullPointerException if an argument is {@code null}
     */
    void giveBack(AccountId account, AccountLimits limits, Instant now);

    /**
     * Applies a new configuration: each listed account is refilled to {@code now} at its old capacity and then
     * resized to its new limits (levels kept, capped); accounts not listed may be forgotten. A shared store may
     * keep accounts it does not find here, since other processes may still use them.
     *
     * @param accounts every configured account and its limits
     * @param now the current time
     * @throws NullPointerException if an argument is {@code null}
     */
    void reconfigure(Map<AccountId, AccountLimits> accounts, Instant now);

    /**
     * @return a new store that keeps the buckets in this process (a lock per account, held only for the arithmetic)
     */
    static RateLimitStore inMemory() {
        return new InMemoryRateLimitStore();
    }
}
