package dev.ssmtpmailer.cli.dnscheck;

import dev.ssmtpmailer.dns.DnsLookup;
import java.util.List;
import java.util.Objects;

/**
 * Checks a domain's published DNS against the guide's records.
 *
 * <pre>{@code
 * DnsAudit audit = DnsAudit.create(DnsLookup.create("127.0.0.1:5353"));
 * for (DnsCheck c : audit.audit(DnsTarget.guide("domain1.com"))) { ... }
 * }</pre>
 */
public interface DnsAudit {

    /**
     * Runs every check for one domain; DNS trouble (timeouts, SERVFAIL) makes the affected checks fail with
     * the reason, it is never thrown.
     *
     * @param target the domain and its mailer host
     * @return one result per check, in the guide's order: the domain's A, MX, SPF, DKIM, DMARC, then the mailer
     *         host's A, MX, SPF, then PTR and PTR-&gt;A
     */
    List<DnsCheck> audit(DnsTarget target);

    /**
     * @param lookup the (cached) DNS lookups to use
     * @return an audit
     */
    static DnsAudit create(DnsLookup lookup) {
        return new GuideDnsAudit(Objects.requireNonNull(lookup, "lookup"));
    }
}
