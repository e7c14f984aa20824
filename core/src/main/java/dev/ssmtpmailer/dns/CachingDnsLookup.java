package dev.ssmtpmailer.dns;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * dnsjava queries behind a Caffeine cache keyed by (name, type). Each entry lives as long as the answer's
 * TTL says, capped; the cache itself stores dnsjava records and each method maps them to value types.
 */
final class CachingDnsLookup implements DnsLookup {
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    static final Duration MAX_TTL = Duration.ofHours(1);
    static final Duration MAX_NEGATIVE_TTL = Duration.ofMinutes(5);
    /** For negative answers without SOA (some servers omit it): short, so a fixed record shows up soon. */
    static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(CachingDnsLookup.class);

    private record Key(Name name, int type) {
    }

    private final Resolver udp;
    private final Resolver tcp;
    private final Duration maxTtl;
    private final Duration maxNegativeTtl;
    private final Cache<Key, DnsResult<Record>> cache;

    /** @return a lookup through the system's resolvers; see {@link DnsLookup#system()} */
    static DnsLookup system() {
        org.xbill.DNS.ExtendedResolver udp = new org.xbill.DNS.ExtendedResolver();
        udp.setTimeout(QUERY_TIMEOUT);
        org.xbill.DNS.ExtendedResolver tcp = new org.xbill.DNS.ExtendedResolver();
        tcp.setTCP(true);
        tcp.setTimeout(QUERY_TIMEOUT);
        return new CachingDnsLookup(udp, tcp);
    }

    /** @param resolver {@code host[:port]} @return a lookup through that server; see {@link DnsLookup#create(String)} */
    static DnsLookup using(String resolver) {
        java.net.InetSocketAddress address = parseResolver(resolver);
        org.xbill.DNS.SimpleResolver udp = new org.xbill.DNS.SimpleResolver(address);
        udp.setTimeout(QUERY_TIMEOUT);
        org.xbill.DNS.SimpleResolver tcp = new org.xbill.DNS.SimpleResolver(address);
        tcp.setTCP(true);
        tcp.setTimeout(QUERY_TIMEOUT);
        return new CachingDnsLookup(udp, tcp);
    }

    CachingDnsLookup(Resolver udp, Resolver tcp) {
        this(udp, tcp, Ticker.systemTicker(), MAX_TTL, MAX_NEGATIVE_TTL);
    }

    /**
     * @param udp the resolver for first attempts
     * @param tcp the resolver for truncated answers, or {@code null} to keep the truncated answer
     * @param ticker the time entries expire by
     * @param maxTtl the longest a positive answer is kept
     * @param maxNegativeTtl the longest a negative answer is kept
     */
    CachingDnsLookup(Resolver udp, Resolver tcp, Ticker ticker, Duration maxTtl, Duration maxNegativeTtl) {
        this.udp = Objects.requireNonNull(udp, "udp");
        this.tcp = tcp;
        this.maxTtl = maxTtl;
        this.maxNegativeTtl = maxNegativeTtl;
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumSize(10_000)
                .expireAfter(new Expiry<Key, DnsResult<Record>>() {
                    @Override
                    public long expireAfterCreate(Key key, DnsResult<Record> result, long currentTime) {
                        return result.ttl().toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, DnsResult<Record> result, long currentTime, long currentDuration) {
                        return result.ttl().toNanos();
                    }

                    @Override
                    public long expireAfterRead(Key key, DnsResult<Record> result, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public DnsResult<InetAddress> addresses(String name) {
        Name n = name(name);
        DnsResult<InetAddress> v4 = map(lookup(n, Type.A), r -> ((ARecord) r).getAddress());
        DnsResult<InetAddress> v6 = map(lookup(n, Type.AAAA), r -> ((AAAARecord) r).getAddress());
        if (v4.found() || v6.found()) {
            List<InetAddress> all = new ArrayList<>(v4.records());
            all.addAll(v6.records());
            Duration ttl = !v4.found() ? v6.ttl() : !v6.found() ? v4.ttl() : min(v4.ttl(), v6.ttl());
            return new DnsResult<>(v4.name(), DnsResult.Outcome.FOUND, all, ttl, "");
        }
        if (v4.failed()) {
            return v4;
        }
        return v6.failed() ? v6 : v4;
    }

    @Override
    public DnsResult<MxRecord> mx(String domain) {
        DnsResult<MxRecord> result = map(lookup(name(domain), Type.MX),
                r -> new MxRecord(((MXRecord) r).getPriority(), text(((MXRecord) r).getTarget())));
        if (!result.found()) {
            return result;
        }
        List<MxRecord> sorted = new ArrayList<>(result.records());
        sorted.sort(Comparator.comparingInt(MxRecord::preference));
        return new DnsResult<>(result.name(), result.outcome(), sorted, result.ttl(), result.reason());
    }

    @Override
    public DnsResult<String> txt(String name) {
        return map(lookup(name(name), Type.TXT), r -> {
            StringBuilder joined = new StringBuilder();
            for (byte[] part : ((TXTRecord) r).getStringsAsByteArrays()) {
                joined.append(new String(part, StandardCharsets.UTF_8));
            }
            return joined.toString();
        });
    }

    @Override
    public DnsResult<String> ptr(InetAddress address) {
        return map(lookup(ReverseMap.fromAddress(Objects.requireNonNull(address, "address")), Type.PTR),
                r -> text(((PTRRecord) r).getTarget()));
    }

    @Override
    public DnsResult<String> cname(String name) {
        return map(lookup(name(name), Type.CNAME), r -> text(((CNAMERecord) r).getTarget()));
    }

    private DnsResult<Record> lookup(Name name, int type) {
        return cache.get(new Key(name, type), key -> query(key.name(), key.type()));
    }

    /** @return why a query got no answer, in words: dnsjava's exceptions often carry no message */
    private static String why(IOException e) {
        if (e instanceof PortUnreachableException) {
            return "nothing listens on its port";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "the query failed" : e.getMessage();
    }

    private DnsResult<Record> query(Name name, int type) {
        String shown = text(name);
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        Message response;
        try {
            response = udp.send(query);
            if (response.getHeader().getFlag(Flags.TC) && tcp != null) {
                LOG.debug("truncated answer for {} {}, asking again over TCP", shown, Type.string(type));
                response = tcp.send(query);
            }
        } catch (IOException e) {
            String reason = "no answer from the resolver: " + why(e);
            LOG.debug("{} {}: {}", shown, Type.string(type), reason);
            return failure(shown, reason);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new DnsResult<>(shown, DnsResult.Outcome.NXDOMAIN, List.of(), negativeTtl(response), "");
        }
        if (rcode != Rcode.NOERROR) {
            String reason = Rcode.string(rcode) + " from the resolver";
            LOG.debug("{} {}: {}", shown, Type.string(type), reason);
            return failure(shown, reason);
        }
        List<Record> found = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : response.getSection(Section.ANSWER)) {
            // Also records at the end of a CNAME chain: their owner name differs from the question.
            if (r.getType() == type) {
                found.add(r);
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        if (found.isEmpty()) {
            return new DnsResult<>(shown, DnsResult.Outcome.NO_DATA, List.of(), negativeTtl(response), "");
        }
        return new DnsResult<>(shown, DnsResult.Outcome.FOUND, found, min(Duration.ofSeconds(ttl), maxTtl), "");
    }

    /** RFC 2308 section 5: a negative answer lives min(SOA TTL, SOA minimum). */
    private Duration negativeTtl(Message response) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return min(Duration.ofSeconds(Math.min(soa.getTTL(), soa.getMinimum())), maxNegativeTtl);
            }
        }
        return min(DEFAULT_NEGATIVE_TTL, maxNegativeTtl);
    }

    private static DnsResult<Record> failure(String name, String reason) {
        return new DnsResult<>(name, DnsResult.Outcome.FAILURE, List.of(), Duration.ZERO, reason);
    }

    private static <T> DnsResult<T> map(DnsResult<Record> result, Function<Record, T> mapper) {
        List<T> records = new ArrayList<>(result.records().size());
        for (Record r : result.records()) {
            records.add(mapper.apply(r));
        }
        return new DnsResult<>(result.name(), result.outcome(), records, result.ttl(), result.reason());
    }

    private static Name name(String text) {
        Objects.requireNonNull(text, "name");
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: '" + text.replace("\n", "\\n").replace("\r", "\\r") + "'", e);
        }
    }

    /** Lower case, without the trailing dot; the root stays {@code "."}. */
    private static String text(Name name) {
        return name.equals(Name.root) ? "." : name.toString(true).toLowerCase(Locale.ROOT);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static InetSocketAddress parseResolver(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("resolver address is empty");
        }
        String host = text.strip();
        int port = 53;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("resolver '" + text + "': missing ']'");
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("resolver '" + text + "': expected ':port' after ']'");
                }
                port = port(text, rest.substring(1));
            }
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            int colon = host.indexOf(':');
            port = port(text, host.substring(colon + 1));
            host = host.substring(0, colon);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("resolver '" + text + "': unknown host " + host, e);
        }
    }

    private static int port(String text, String digits) {
        try {
            int port = Integer.parseInt(digits);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("resolver '" + text + "': port must be 1-65535, was '" + digits + "'");
        }
    }
}
