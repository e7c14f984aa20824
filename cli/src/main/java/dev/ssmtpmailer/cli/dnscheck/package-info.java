/**
 * The DNS audit behind {@code ssmtp-mailer dns-check}. Start here: {@link dev.ssmtpmailer.cli.dnscheck.DnsAudit}.
 *
 * <p>For a relayed domain ({@code domain1.com}) and its mailer host ({@code mailer.domain1.com}) it checks the
 * records the guide asks for: A and MX of both, SPF of both (exactly one record; the domain includes
 * {@code _spf.google.com} when its account is Gmail; the mailer host authorises its own address), the DKIM key
 * ({@code google._domainkey}, an RSA key of at least 1024 bits), DMARC (one record, valid tags, a policy) and
 * the PTR of the mailer's address, which must name the mailer host and resolve back. Each check is a
 * {@link dev.ssmtpmailer.cli.dnscheck.DnsCheck}: pass or fail, what was found, and for a failure the record the
 * guide says to publish. Lookups go through core's cached {@link dev.ssmtpmailer.dns.DnsLookup}, so a name asked
 * twice (the mailer's A record for MX, SPF and PTR) is queried once.
 */
package dev.ssmtpmailer.cli.dnscheck;
