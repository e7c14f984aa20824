package dev.ssmtpmailer.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.net.InetAddress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the NSD peer ({@code /work/shared/peers/dns.sh}); its zone table is in the peers README. */
@RequiresPeer(Peer.DNS)
class DnsLookupIT {
    private static DnsLookup dns;

    @BeforeAll
    static void connect() {
        dns = DnsLookup.create(System.getenv("DNS_HOST") + ":" + System.getenv("DNS_PORT"));
    }

    @Test
    void domain1_hasMxTxtAndA() throws Exception {
        assertThat(dns.mx("domain1.com").records()).containsExactly(new MxRecord(10, "mail.domain1.com"));
        assertThat(dns.txt("domain1.com").records()).containsExactly("v=spf1 include:_spf.google.com ~all");
        DnsResult<InetAddress> a = dns.addresses("domain1.com");
        assertThat(a.records()).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(a.ttl().toSeconds()).isEqualTo(300);
    }

    @Test
    void dkim_multiStringRecord_isJoined() {
        DnsResult<String> dkim = dns.txt("google._domainkey.domain1.com");

        assertThat(dkim.records()).hasSize(1);
        String record = dkim.records().get(0);
        assertThat(record).startsWith("v=DKIM1; k=rsa; p=MII").doesNotContain("\"").doesNotContain(" p=MII ");
        assertThat(record.length()).isGreaterThan(300);
        assertThat(record.substring(record.indexOf("p=") + 2)).matches("[A-Za-z0-9+/=]+");
    }

    @Test
    void ptr_ofLoopback_isMailer() throws Exception {
        assertThat(dns.ptr(InetAddress.getByName("127.0.0.1")).records()).containsExactly("mailer.domain1.com");
    }

    @Test
    void nowhere_isNxdomain_notFailure() {
        DnsResult<String> result = dns.txt("nowhere.domain2.com");

        assertThat(result.outcome()).isEqualTo(DnsResult.Outcome.NXDOMAIN);
        assertThat(result.ttl().toSeconds()).isEqualTo(300);
    }

    @Test
    void twospf_hasTwoTxtRecords() {
        assertThat(dns.txt("twospf.domain2.com").records())
                .containsExactlyInAnyOrder("v=spf1 ip4:127.0.0.1 -all", "v=spf1 include:_spf.google.com ~all");
    }

    @Test
    void cnameAndNullMxAndNoData() {
        assertThat(dns.cname("smtp.domain1.com").records()).containsExactly("smtp.gmail.com");
        assertThat(dns.mx("nullmx.domain2.com").records()).singleElement().matches(MxRecord::isNullMx);
        assertThat(dns.mx("mail.domain1.com").outcome()).isEqualTo(DnsResult.Outcome.NO_DATA);
    }

    @Test
    void foreignZone_isRefusedFailure() {
        DnsResult<MxRecord> result = dns.mx("example.org");

        assertThat(result.failed()).isTrue();
        assertThat(result.reason()).contains("REFUSED");
    }
}
