/**
 * Cached DNS lookups for the relay's checks (SPF, DKIM, DMARC, MX, PTR). Start here:
 * {@link dev.ssmtpmailer.dns.DnsLookup#system()} or {@link dev.ssmtpmailer.dns.DnsLookup#create(String)} with
 * a resolver such as {@code 127.0.0.1:5353}.
 *
 * <p>Every answer is a {@link dev.ssmtpmailer.dns.DnsResult}: found records, NXDOMAIN, no data, or a failure
 * with its reason, so a check can tell "the record is missing" from "the lookup did not work". Records are
 * value types ({@link dev.ssmtpmailer.dns.MxRecord}, {@link java.net.InetAddress}, strings); dnsjava and the
 * Caffeine cache stay inside the package.
 *
 * <p>Caching: a positive answer for its smallest record TTL (capped at one hour); NXDOMAIN and no-data answers
 * for min(SOA TTL, SOA minimum) (RFC 2308, capped at five minutes, one minute without SOA); failures are not
 * cached. Queries time out after five seconds and are repeated over TCP when the UDP answer is truncated.
 */
package dev.ssmtpmailer.dns;
