package dev.ssmtpmailer.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class CachingDnsLookupTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    /** Answers from a function of the query and counts the queries. */
    private static final class StubResolver implements Resolver {
        final List<Message> queries = new ArrayList<>();
        private final Function<Message, Message> answer;

        StubResolver(Function<Message, Message> answer) {
            this.answer = answer;
        }

        @Override
        public Message send(Message query) throws IOException {
            queries.add(query);
            Message m = answer.apply(query);
            if (m == null) {
                throw new SocketTimeoutException("timed out");
            }
            return m;
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            try {
                return CompletableFuture.completedFuture(send(query));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void setPort(int port) {
        }

        @Override
        public void setTCP(boolean flag) {
        }

        @Override
        public void setIgnoreTruncation(boolean flag) {
        }

        @Override
        public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        }

        @Override
        public void setTSIGKey(TSIG key) {
        }

        @Override
        public void setTimeout(Duration timeout) {
        }
    }

    private static Name n(String s) {
        return Name.fromConstantString(s.endsWith(".") ? s : s + ".");
    }

    private static Message reply(Message query, int rcode, Record... answers) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(rcode);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        for (Record r : answers) {
            m.addRecord(r, r instanceof SOARecord ? Section.AUTHORITY : Section.ANSWER);
        }
        return m;
    }

    private static SOARecord soa(String zone, long ttl, long minimum) {
        return new SOARecord(n(zone), DClass.IN, ttl, n("ns1." + zone), n("hostmaster." + zone), 1, 3600, 600, 86400, minimum);
    }

    private CachingDnsLookup lookup(Resolver udp, Resolver tcp) {
        return new CachingDnsLookup(udp, tcp, nanos::get, Duration.ofHours(1), Duration.ofMinutes(5));
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void mx_cachedForItsTtl_thenAskedAgain() {
        StubResolver stub = new StubResolver(q -> reply(q, Rcode.NOERROR,
                new MXRecord(n("domain1.com"), DClass.IN, 300, 20, n("backup.domain1.com")),
                new MXRecord(n("domain1.com"), DClass.IN, 300, 10, n("Mail.Domain1.com"))));
        CachingDnsLookup dns = lookup(stub, null);

        DnsResult<MxRecord> first = dns.mx("domain1.com");
        assertThat(first.records()).containsExactly(new MxRecord(10, "mail.domain1.com"), new MxRecord(20, "backup.domain1.com"));
        assertThat(first.ttl()).isEqualTo(Duration.ofSeconds(300));
        advance(Duration.ofSeconds(299));
        dns.mx("domain1.com.");
        assertThat(stub.queries).hasSize(1);

        advance(Duration.ofSeconds(2));
        dns.mx("domain1.com");
        assertThat(stub.queries).hasSize(2);
    }

    @Test
    void txt_longTtl_isCappedAtMaxTtl() {
        StubResolver stub = new StubResolver(q -> reply(q, Rcode.NOERROR,
                new TXTRecord(n("domain1.com"), DClass.IN, 86400, "v=spf1 -all")));
        CachingDnsLookup dns = lookup(stub, null);

        assertThat(dns.txt("domain1.com").ttl()).isEqualTo(Duration.ofHours(1));
        advance(Duration.ofMinutes(59));
        dns.txt("domain1.com");
        assertThat(stub.queries).hasSize(1);
        advance(Duration.ofMinutes(2));
        dns.txt("domain1.com");
        assertThat(stub.queries).hasSize(2);
    }

    @Test
    void txt_multiStringRecords_joinedPerRecord() {
        StubResolver stub = new StubResolver(q -> reply(q, Rcode.NOERROR,
                new TXTRecord(n("k.domain1.com"), DClass.IN, 300, List.of("v=DKIM1; k=rsa; ", "p=AAAA", "BBBB")),
                new TXTRecord(n("k.domain1.com"), DClass.IN, 300, "second")));

        assertThat(lookup(stub, null).txt("k.domain1.com").records()).containsExactly("v=DKIM1; k=rsa; p=AAAABBBB", "second");
    }

    @Test
    void nxdomain_cachedForSoaMinimum() {
        StubResolver stub = new StubResolver(q -> reply(q, Rcode.NXDOMAIN, soa("domain2.com", 600, 120)));
        CachingDnsLookup dns = lookup(stub, null);

        DnsResult<String> result = dns.txt("nowhere.domain2.com");
        assertThat(result.outcome()).isEqualTo(DnsResult.Outcome.NXDOMAIN);
        assertThat(result.absent()).isTrue();
        assertThat(result.ttl()).isEqualTo(Duration.ofSeconds(120));
        advance(Duration.ofSeconds(119));
        dns.txt("nowhere.domain2.com");
        assertThat(stub.queries).hasSize(1);
        advance(Duration.ofSeconds(2));
        dns.txt("nowhere.domain2.com");
        assertThat(stub.queries).hasSize(2);
    }

    @Test
    void negativeTtl_isCappedAndDefaultsWithoutSoa() {
        StubResolver capped = new StubResolver(q -> reply(q, Rcode.NOERROR, soa("domain2.com", 86400, 86400)));
        StubResolver noSoa = new StubResolver(q -> reply(q, Rcode.NOERROR));

        DnsResult<MxRecord> cappedResult = lookup(capped, null).mx("domain2.com");
        assertThat(cappedResult.outcome()).isEqualTo(DnsResult.Outcome.NO_DATA);
        assertThat(cappedResult.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(lookup(noSoa, null).mx("domain2.com").ttl()).isEqualTo(CachingDnsLookup.DEFAULT_NEGATIVE_TTL);
    }

    @Test
    void servfail_isFailureWithReason_notCached() {
        StubResolver stub = new StubResolver(q -> reply(q, Rcode.SERVFAIL));
        CachingDnsLookup dns = lookup(stub, null);

        DnsResult<String> result = dns.txt("domain1.com");
        assertThat(result.failed()).isTrue();
        assertThat(result.reason()).contains("SERVFAIL");
        dns.txt("domain1.com");
        assertThat(stub.queries).hasSize(2);
    }

    @Test
    void refused_isFailureNotAbsence() {
        DnsResult<MxRecord> result = lookup(new StubResolver(q -> reply(q, Rcode.REFUSED)), null).mx("example.org");

        assertThat(result.outcome()).isEqualTo(DnsResult.Outcome.FAILURE);
        assertThat(result.absent()).isFalse();
        assertThat(result.reason()).contains("REFUSED");
    }

    @Test
    void timeout_isFailureWithReason() {
        DnsResult<String> result = lookup(new StubResolver(q -> null), null).cname("smtp.domain1.com");

        assertThat(result.failed()).isTrue();
        assertThat(result.reason()).isEqualTo("no answer from the resolver: timed out");
    }

    @Test
    void truncatedUdpAnswer_isAskedAgainOverTcp() {
        StubResolver udp = new StubResolver(q -> {
            Message m = reply(q, Rcode.NOERROR);
            m.getHeader().setFlag(Flags.TC);
            return m;
        });
        StubResolver tcp = new StubResolver(q -> reply(q, Rcode.NOERROR,
                new TXTRecord(n("big.domain1.com"), DClass.IN, 300, "complete")));

        assertThat(lookup(udp, tcp).txt("big.domain1.com").records()).containsExactly("complete");
        assertThat(tcp.queries).hasSize(1);
    }

    @Test
    void addresses_combineAAndAaaa() throws Exception {
        InetAddress v4 = InetAddress.getByName("192.0.2.1");
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        StubResolver stub = new StubResolver(q -> q.getQuestion().getType() == Type.A
                ? reply(q, Rcode.NOERROR, new ARecord(n("h.domain1.com"), DClass.IN, 300, v4))
                : reply(q, Rcode.NOERROR, new AAAARecord(n("h.domain1.com"), DClass.IN, 60, v6)));

        DnsResult<InetAddress> result = lookup(stub, null).addresses("h.domain1.com");
        assertThat(result.records()).containsExactly(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1"));
        assertThat(result.ttl()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void addresses_onlyAaaaFails_stillFoundFromA() throws Exception {
        InetAddress v4 = InetAddress.getByName("192.0.2.1");
        StubResolver stub = new StubResolver(q -> q.getQuestion().getType() == Type.A
                ? reply(q, Rcode.NOERROR, new ARecord(n("h.domain1.com"), DClass.IN, 300, v4))
                : reply(q, Rcode.SERVFAIL));

        assertThat(lookup(stub, null).addresses("h.domain1.com").found()).isTrue();
    }

    @Test
    void invalidName_isRefused() {
        CachingDnsLookup dns = lookup(new StubResolver(q -> reply(q, Rcode.NOERROR)), null);

        assertThatThrownBy(() -> dns.txt("a..b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a..b");
    }

    @Test
    void parseResolver_acceptsHostPortForms() {
        assertThat(CachingDnsLookup.parseResolver("127.0.0.1:5353").getPort()).isEqualTo(5353);
        assertThat(CachingDnsLookup.parseResolver("127.0.0.1").getPort()).isEqualTo(53);
        assertThat(CachingDnsLookup.parseResolver("[::1]:5353").getPort()).isEqualTo(5353);
        assertThat(CachingDnsLookup.parseResolver("::1").getPort()).isEqualTo(53);
        assertThatThrownBy(() -> CachingDnsLookup.parseResolver("127.0.0.1:99999")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CachingDnsLookup.parseResolver("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dnsResult_recordsOnlyWhenFound() {
        assertThatThrownBy(() -> new DnsResult<>("x", DnsResult.Outcome.NXDOMAIN, List.of("a"), Duration.ZERO, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
