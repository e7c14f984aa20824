package dev.ssmtpmailer.delivery;

/** How a {@link DeliveryPipeline#attempt} treats an account that has no rate-limit token now. */
public enum RateLimitWait {
    /**
     * Wait for a token due within the rate limiter's maximum wait; a later one throws
     * {@link dev.ssmtpmailer.ratelimit.RateLimitException} (with {@code retryAfter}), nothing is sent and the
     * listeners hear {@link RelayListener#rateLimited}. For a
     * caller that is waiting for the answer ({@code Relay.send}).
     */
    BOUNDED,
    /**
     * Never wait: return {@link Attempt.RateLimited} at once. For a caller that can hold the message and come
     * back later (the spool's workers). The message is held back, not refused: the rate limiter counts a
     * trigger, but no {@link RelayListener#rateLimited} is told.
     */
    NONE
}
