/**
 * Rate limiting per upstream account: {@code rate_limit_per_minute} and {@code rate_limit_per_day} as token
 * buckets. Start with {@link dev.ssmtpmailer.ratelimit.RateLimiter}.
 *
 * <pre>{@code
 * RateLimiter limits = RateLimiter.create(config);     // waits at most RateLimiter.DEFAULT_MAX_WAIT (10 s)
 * if (limits.tryAcquire(account)) { ... }              // never waits, never throws
 * limits.acquire(account);                             // waits for a near token, else RateLimitException(retryAfter)
 * limits.triggers("mail-relay@domain1.com");           // refusals and waits, for metrics
 * limits.reconfigure(newConfig);                       // keeps levels of accounts that remain
 * }</pre>
 *
 * <p>State and policy are apart: the buckets live in a {@link dev.ssmtpmailer.ratelimit.RateLimitStore} (in memory
 * by default; a database when several processes share the accounts), which takes tokens atomically with the
 * time and the limits passed in; the limiter decides the limits, the waiting and the trigger counts.
 *
 * <p>Time is injected: {@link dev.ssmtpmailer.ratelimit.RateLimiter#create(dev.ssmtpmailer.config.RelayConfig,
 * RateLimitStore, java.time.Duration, java.time.InstantSource)} takes a clock, so tests drive a fake clock; this
 * package's own tests also hand the limiter a sleeper that advances it, and never sleep. Refusals and waits are logged at
 * DEBUG on {@code dev.ssmtpmailer.ratelimit.RateLimiter}; a {@link dev.ssmtpmailer.ratelimit.RateLimitException}
 * says which account, which limit and when to retry.
 */
package dev.ssmtpmailer.ratelimit;
