package dev.ssmtpmailer.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one DNS question. {@link Outcome} tells apart a name that does not exist, a name without
 * records of the asked type, and a lookup that failed (where the real answer is unknown, so a check must not
 * conclude "missing" from it).
 *
 * @param name the name that was asked for, without trailing dot
 * @param outcome what the resolver said
 * @param records the records when {@link Outcome#FOUND}, else empty
 * @param ttl how long the answer may be cached: the smallest record TTL, or for a negative answer the
 *        zone's SOA minimum; zero for failures
 * @param reason for {@link Outcome#FAILURE} why (SERVFAIL, REFUSED, timeout), else empty
 * @param <T> the record type
 */
public record DnsResult<T>(String name, Outcome outcome, List<T> records, Duration ttl, String reason) {

    /** What the resolver answered. */
    public enum Outcome {
        /** At least one record of the asked type. */
        FOUND,
        /** NXDOMAIN: the name does not exist at all. */
        NXDOMAIN,
        /** The name exists but has no records of this type (NOERROR with an empty answer). */
        NO_DATA,
        /** No usable answer: timeout, SERVFAIL, REFUSED or another error; see {@link DnsResult#reason()}. */
        FAILURE
    }

    /** Checks that records come only with {@link Outcome#FOUND} and copies them. */
    public DnsResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        records = List.copyOf(records);
        ttl = ttl == null ? Duration.ZERO : ttl;
        reason = reason == null ? "" : reason;
        if ((outcome == Outcome.FOUND) == records.isEmpty()) {
            throw new IllegalArgumentException(outcome + " with " + records.size() + " record(s)");
        }
    }

    /** @return whether records were found */
    public boolean found() {
        return outcome == Outcome.FOUND;
    }

    /** @return whether the answer says for sure that there are no such records (NXDOMAIN or no data) */
    public boolean absent() {
        return outcome == Outcome.NXDOMAIN || outcome == Outcome.NO_DATA;
    }

    /** @return whether the lookup failed, so nothing is known */
    public boolean failed() {
        return outcome == Outcome.FAILURE;
    }
}
