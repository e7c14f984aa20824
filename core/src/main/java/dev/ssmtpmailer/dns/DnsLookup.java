package dev.ssmtpmailer.dns;

import java.net.InetAddress;

/**
 * Cached DNS lookups for the checks of SPF, DKIM, DMARC, MX and PTR. Every method answers with a
 * {@link DnsResult} and never throws for DNS trouble: a failure is a result with
 * {@link DnsResult.Outcome#FAILURE} and its reason.
 *
 * <p>Answers are cached for their TTL (at most one hour), negative answers (NXDOMAIN, no data) for the zone's
 * SOA minimum (at most five minutes; one minute when the answer carries no SOA), failures not at all. Queries
 * go over UDP and are repeated over TCP when the answer is truncated.
 */
public interface DnsLookup {

    /**
     * @param name a host name
     * @return its IPv4 and IPv6 addresses (A and AAAA together)
     * @throws IllegalArgumentException if {@code name} is not a valid DNS name
     */
    DnsResult<InetAddress> addresses(String name);

    /**
     * @param domain a domain
     * @return its MX records, lowest preference first
     * @throws IllegalArgumentException if {@code domain} is not a valid DNS name
     */
    DnsResult<MxRecord> mx(String domain);

    /**
     * @param name a name ({@code domain1.com}, {@code google._domainkey.domain1.com})
     * @return one string per TXT record, the record's character strings joined without separator (as SPF,
     *         DKIM and DMARC read them)
     * @throws IllegalArgumentException if {@code name} is not a valid DNS name
     */
    DnsResult<String> txt(String name);

    /**
     * @param address an IPv4 or IPv6 address
     * @return the host names its reverse zone names (PTR), without trailing dot
     */
    DnsResult<String> ptr(InetAddress address);

    /**
     * @param name a name
     * @return the target of its CNAME record, without trailing dot (not followed further)
     * @throws IllegalArgumentException if {@code name} is not a valid DNS name
     */
    DnsResult<String> cname(String name);

    /**
     * Uses the resolvers the system is configured with ({@code /etc/resolv.conf} and the like).
     *
     * @return a lookup with its own cache
     */
    static DnsLookup system() {
        return CachingDnsLookup.system();
    }

    /**
     * Uses one resolver (or authoritative server), as the CLI's {@code dns-check --resolver} does.
     *
     * @param resolver {@code host}, {@code host:port}, {@code [v6-address]:port} or a bare IPv6 address;
     *        port 53 when not given
     * @return a lookup with its own cache
     * @throws IllegalArgumentException if the text is not of that form or the host cannot be resolved
     */
    static DnsLookup create(String resolver) {
        return CachingDnsLookup.using(resolver);
    }
}
