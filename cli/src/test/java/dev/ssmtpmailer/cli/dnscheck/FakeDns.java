package dev.ssmtpmailer.cli.dnscheck;

import dev.ssmtpmailer.dns.DnsLookup;
import dev.ssmtpmailer.dns.DnsResult;
import dev.ssmtpmailer.dns.MxRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Zone data in maps; a name with no record of any type is NXDOMAIN, one with other types is NO_DATA. */
final class FakeDns implements DnsLookup {
    private final Map<String, List<InetAddress>> a = new HashMap<>();
    private final Map<String, List<MxRecord>> mx = new HashMap<>();
    private final Map<String, List<String>> txt = new HashMap<>();
    private final Map<String, List<String>> ptr = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    final List<String> queries = new ArrayList<>();

    FakeDns a(String name, String ip) {
        try {
            a.computeIfAbsent(name, k -> new ArrayList<>()).add(InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        names.add(name);
        return this;
    }

    FakeDns mx(String name, int pref, String host) {
        mx.computeIfAbsent(name, k -> new ArrayList<>()).add(new MxRecord(pref, host));
        names.add(name);
        return this;
    }

    FakeDns txt(String name, String value) {
        txt.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        names.add(name);
        return this;
    }

    FakeDns ptr(String ip, String host) {
        ptr.computeIfAbsent(ip, k -> new ArrayList<>()).add(host);
        return this;
    }

    /** The guide's zone for domain1.com, as the peer's NSD serves it, with {@code dkimKey} as p=. */
    static FakeDns guide(String dkimKey) {
        return new FakeDns().a("domain1.com", "127.0.0.1").mx("domain1.com", 10, "mail.domain1.com")
                .a("mail.domain1.com", "127.0.0.1")
                .txt("domain1.com", "v=spf1 include:_spf.google.com ~all")
                .txt("google._domainkey.domain1.com", "v=DKIM1; k=rsa; p=" + dkimKey)
                .txt("_dmarc.domain1.com", "v=DMARC1; p=quarantine; rua=mailto:dmarc@domain1.com")
                .a("mailer.domain1.com", "127.0.0.1").mx("mailer.domain1.com", 10, "mailer.domain1.com")
                .txt("mailer.domain1.com", "v=spf1 ip4:127.0.0.1 ~all")
                .ptr("127.0.0.1", "mailer.domain1.com");
    }

    private <T> DnsResult<T> answer(String name, Map<String, List<T>> zone) {
        queries.add(name);
        List<T> records = zone.get(name);
        if (records != null) {
            return new DnsResult<>(name, DnsResult.Outcome.FOUND, records, Duration.ofMinutes(5), "");
        }
        return new DnsResult<>(name, names.contains(name) ? DnsResult.Outcome.NO_DATA : DnsResult.Outcome.NXDOMAIN,
                List.of(), Duration.ofMinutes(5), "");
    }

    @Override
    public DnsResult<InetAddress> addresses(String name) {
        return answer(name, a);
    }

    @Override
    public DnsResult<MxRecord> mx(String domain) {
        return answer(domain, mx);
    }

    @Override
    public DnsResult<String> txt(String name) {
        return answer(name, txt);
    }

    @Override
    public DnsResult<String> ptr(InetAddress address) {
        String ip = address.getHostAddress();
        List<String> r = ptr.get(ip);
        return r == null ? new DnsResult<>(ip, DnsResult.Outcome.NXDOMAIN, List.of(), Duration.ZERO, "")
                : new DnsResult<>(ip, DnsResult.Outcome.FOUND, r, Duration.ofMinutes(5), "");
    }

    @Override
    public DnsResult<String> cname(String name) {
        return new DnsResult<>(name, DnsResult.Outcome.NO_DATA, List.of(), Duration.ZERO, "");
    }
}
