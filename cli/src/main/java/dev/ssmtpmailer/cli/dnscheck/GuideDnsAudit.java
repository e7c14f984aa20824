package dev.ssmtpmailer.cli.dnscheck;

import dev.ssmtpmailer.dns.DnsLookup;
import dev.ssmtpmailer.dns.DnsResult;
import dev.ssmtpmailer.dns.MxRecord;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.xbill.DNS.ReverseMap;

/** The guide's records, checked one by one; each method returns one {@link DnsCheck}. */
final class GuideDnsAudit implements DnsAudit {
    private static final String GOOGLE_SPF = "_spf.google.com";

    private final DnsLookup dns;

    GuideDnsAudit(DnsLookup dns) {
        this.dns = dns;
    }

    @Override
    public List<DnsCheck> audit(DnsTarget t) {
        List<DnsCheck> checks = new ArrayList<>();
        String d = t.domain();
        String m = t.mailerHost();
        checks.add(address(d, d, d + ". IN A YOUR_WEBSITE_IP"));
        checks.add(mx(d, d, d + ". IN MX 10 mail." + d + "."));
        checks.add(domainSpf(t));
        checks.add(dkim(t));
        checks.add(dmarc(t));
        checks.add(address(d, m, m + ". IN A YOUR_MAILER_SERVER_IP"));
        checks.add(mx(d, m, m + ". IN MX 10 " + m + "."));
        checks.add(mailerSpf(t));
        checks.addAll(ptr(t));
        return checks;
    }

    private DnsCheck address(String domain, String name, String fix) {
        DnsResult<InetAddress> r = dns.addresses(name);
        if (r.found()) {
            return DnsCheck.pass(domain, "A", name, addresses(r.records()));
        }
        return notFound(r, domain, "A", name, "no A/AAAA record", fix);
    }

    private DnsCheck mx(String domain, String name, String fix) {
        DnsResult<MxRecord> r = dns.mx(name);
        if (!r.found()) {
            return notFound(r, domain, "MX", name, "no MX record", fix);
        }
        List<String> shown = new ArrayList<>();
        for (MxRecord mx : r.records()) {
            if (mx.isNullMx()) {
                return DnsCheck.fail(domain, "MX", name, "null MX (0 .): the domain accepts no mail", fix);
            }
            DnsResult<InetAddress> target = dns.addresses(mx.host());
            if (target.failed()) {
                return DnsCheck.lookupFailed(domain, "MX", name, mx.host() + ": " + target.reason());
            }
            if (!target.found()) {
                DnsResult<String> cname = dns.cname(mx.host());
                String why = cname.found() ? "is a CNAME to " + cname.records().get(0) + " (MX must name a host)"
                        : missing(target, "has no address");
                return DnsCheck.fail(domain, "MX", name, mx.preference() + " " + mx.host() + " " + why,
                        fix + "  and  " + mx.host() + ". IN A <its address>");
            }
            shown.add(mx.preference() + " " + mx.host() + " (" + addresses(target.records()) + ")");
        }
        return DnsCheck.pass(domain, "MX", name, String.join(", ", shown));
    }

    private DnsCheck domainSpf(DnsTarget t) {
        String d = t.domain();
        String fix = d + ". IN TXT \"v=spf1 include:" + GOOGLE_SPF + " ~all\"";
        SpfLookup spf = spf(d);
        if (spf.lookupFailure != null) {
            return DnsCheck.lookupFailed(d, "SPF", d, spf.lookupFailure);
        }
        if (spf.problem != null) {
            return DnsCheck.fail(d, "SPF", d, spf.problem, fix);
        }
        if (t.gmail() && !Spf.includes(spf.record, GOOGLE_SPF)) {
            return DnsCheck.fail(d, "SPF", d, "\"" + spf.record + "\" does not include " + GOOGLE_SPF
                    + " (the account sends through Gmail)", fix);
        }
        return DnsCheck.pass(d, "SPF", d, "\"" + spf.record + "\"");
    }

    private DnsCheck mailerSpf(DnsTarget t) {
        String d = t.domain();
        String m = t.mailerHost();
        DnsResult<InetAddress> own = dns.addresses(m);
        String ip = own.found() ? own.records().get(0).getHostAddress() : "YOUR_MAILER_SERVER_IP";
        String fix = m + ". IN TXT \"v=spf1 " + (ip.contains(":") ? "ip6:" : "ip4:") + ip + " ~all\"";
        SpfLookup spf = spf(m);
        if (spf.lookupFailure != null || own.failed()) {
            return DnsCheck.lookupFailed(d, "SPF", m, spf.lookupFailure != null ? spf.lookupFailure : m + ": " + own.reason());
        }
        if (spf.problem != null) {
            return DnsCheck.fail(d, "SPF", m, spf.problem, fix);
        }
        if (!own.found()) {
            return DnsCheck.fail(d, "SPF", m, "\"" + spf.record + "\" but " + m + " has no address to authorise", fix);
        }
        List<InetAddress> mxAddresses = new ArrayList<>();
        DnsResult<MxRecord> mx = dns.mx(m);
        for (MxRecord r : mx.records()) {
            if (!r.isNullMx()) {
                mxAddresses.addAll(dns.addresses(r.host()).records());
            }
        }
        for (InetAddress a : own.records()) {
            String term = Spf.authorising(spf.record, a, own.records(), mxAddresses);
            if (term == null) {
                return DnsCheck.fail(d, "SPF", m, "\"" + spf.record + "\" does not authorise the mailer's address "
                        + a.getHostAddress(), fix);
            }
        }
        return DnsCheck.pass(d, "SPF", m, "\"" + spf.record + "\" authorises " + addresses(own.records()));
    }

    /** The one SPF record, or what is wrong with the name's SPF, or why the lookup failed. */
    private record SpfLookup(String record, String problem, String lookupFailure) {
    }

    private SpfLookup spf(String name) {
        DnsResult<String> txt = dns.txt(name);
        if (txt.failed()) {
            return new SpfLookup(null, null, txt.reason());
        }
        List<String> records = txt.records().stream().filter(Spf::isSpf).toList();
        if (records.isEmpty()) {
            return new SpfLookup(null, txt.found() ? "no v=spf1 record (TXT: " + quoted(txt.records()) + ")"
                    : missing(txt, "no v=spf1 record"), null);
        }
        if (records.size() > 1) {
            return new SpfLookup(null, records.size() + " v=spf1 records (" + quoted(records)
                    + "): SPF permerror, publish exactly one", null);
        }
        return new SpfLookup(records.get(0), null, null);
    }

    private DnsCheck dkim(DnsTarget t) {
        String d = t.domain();
        String name = t.dkimSelector() + "._domainkey." + d;
        String fix = name + ". IN TXT \"v=DKIM1; k=rsa; p=YOUR_DKIM_KEY\""
                + (t.gmail() ? " (the key from Google Admin > Apps > Gmail > Authenticate email)" : "");
        DnsResult<String> txt = dns.txt(name);
        if (!txt.found()) {
            return notFound(txt, d, "DKIM", name, "no DKIM record", fix);
        }
        List<String> keys = txt.records().stream()
                .filter(r -> r.strip().startsWith("v=DKIM1") || r.contains("p=")).toList();
        if (keys.size() != 1) {
            return DnsCheck.fail(d, "DKIM", name, keys.isEmpty() ? "no DKIM key record (TXT: " + quoted(txt.records()) + ")"
                    : keys.size() + " DKIM records: publish exactly one", fix);
        }
        try {
            return DnsCheck.pass(d, "DKIM", name, Dkim.check(keys.get(0)));
        } catch (IllegalArgumentException e) {
            return DnsCheck.fail(d, "DKIM", name, e.getMessage(), fix);
        }
    }

    private DnsCheck dmarc(DnsTarget t) {
        String d = t.domain();
        String name = "_dmarc." + d;
        String fix = name + ". IN TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@" + d + "\"";
        DnsResult<String> txt = dns.txt(name);
        if (!txt.found()) {
            return notFound(txt, d, "DMARC", name, "no DMARC record", fix);
        }
        List<String> records = txt.records().stream()
                .filter(r -> r.strip().toLowerCase(Locale.ROOT).startsWith("v=dmarc1")).toList();
        if (records.size() != 1) {
            return DnsCheck.fail(d, "DMARC", name, records.isEmpty()
                    ? "no v=DMARC1 record (TXT: " + quoted(txt.records()) + ")"
                    : records.size() + " DMARC records: receivers ignore them all, publish exactly one", fix);
        }
        try {
            return DnsCheck.pass(d, "DMARC", name, Dmarc.check(records.get(0)) + " \"" + records.get(0) + "\"");
        } catch (IllegalArgumentException e) {
            return DnsCheck.fail(d, "DMARC", name, "\"" + records.get(0) + "\": " + e.getMessage(), fix);
        }
    }

    private List<DnsCheck> ptr(DnsTarget t) {
        String d = t.domain();
        String m = t.mailerHost();
        DnsResult<InetAddress> own = dns.addresses(m);
        if (own.failed()) {
            return List.of(DnsCheck.lookupFailed(d, "PTR", m, m + ": " + own.reason()),
                    DnsCheck.lookupFailed(d, "PTR->A", m, m + ": " + own.reason()));
        }
        if (!own.found()) {
            String fix = "YOUR_MAILER_SERVER_IP IN PTR " + m + ". (at your hosting provider)";
            String why = "no address for " + m + ": " + missing(own, "no A/AAAA record");
            return List.of(DnsCheck.fail(d, "PTR", m, why, fix),
                    DnsCheck.fail(d, "PTR->A", m, why, m + ". IN A YOUR_MAILER_SERVER_IP"));
        }
        InetAddress ip = own.records().stream().filter(a -> a instanceof Inet4Address).findFirst()
                .orElse(own.records().get(0));
        String reverse = ReverseMap.fromAddress(ip).toString(true);
        String fix = reverse + ". IN PTR " + m + ". (at the owner of " + ip.getHostAddress() + ", your hosting provider)";
        DnsResult<String> ptr = dns.ptr(ip);
        if (ptr.failed()) {
            return List.of(DnsCheck.lookupFailed(d, "PTR", reverse, ptr.reason()),
                    DnsCheck.lookupFailed(d, "PTR->A", reverse, ptr.reason()));
        }
        if (!ptr.found()) {
            String why = missing(ptr, "no PTR record") + " for " + ip.getHostAddress();
            return List.of(DnsCheck.fail(d, "PTR", reverse, why, fix),
                    DnsCheck.fail(d, "PTR->A", reverse, "nothing to resolve back: " + why, fix));
        }
        List<String> names = ptr.records().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        DnsCheck named = names.contains(m)
                ? DnsCheck.pass(d, "PTR", reverse, ip.getHostAddress() + " -> " + m)
                : DnsCheck.fail(d, "PTR", reverse, ip.getHostAddress() + " -> " + String.join(", ", names)
                        + ", not " + m, fix);
        List<String> confirmed = new ArrayList<>();
        for (String n : names) {
            if (dns.addresses(n).records().contains(ip)) {
                confirmed.add(n);
            }
        }
        DnsCheck back = confirmed.isEmpty()
                ? DnsCheck.fail(d, "PTR->A", reverse, "no PTR name (" + String.join(", ", names) + ") resolves back to "
                        + ip.getHostAddress(), names.get(0) + ". IN A " + ip.getHostAddress())
                : DnsCheck.pass(d, "PTR->A", reverse, confirmed.get(0) + " -> " + ip.getHostAddress());
        return List.of(named, back);
    }

    /** A record that is not there: a failure with its fix; or, when the lookup itself failed, nothing known. */
    private static DnsCheck notFound(DnsResult<?> r, String domain, String check, String name, String absent, String fix) {
        return r.failed() ? DnsCheck.lookupFailed(domain, check, name, r.reason())
                : DnsCheck.fail(domain, check, name, missing(r, absent), fix);
    }

    private static String missing(DnsResult<?> r, String absent) {
        return switch (r.outcome()) {
            case NXDOMAIN -> absent + " (" + r.name() + " does not exist)";
            case NO_DATA -> absent;
            case FAILURE -> "lookup failed: " + r.reason();
            case FOUND -> throw new IllegalStateException("found is not missing");
        };
    }

    private static String addresses(List<InetAddress> list) {
        return list.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
    }

    private static String quoted(List<String> records) {
        return records.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(", "));
    }
}
