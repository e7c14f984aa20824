package dev.ssmtpmailer.cli.dnscheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpfTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void isSpf_onlyVersionOneRecords() {
        assertThat(Spf.isSpf("v=spf1 -all")).isTrue();
        assertThat(Spf.isSpf("V=SPF1")).isTrue();
        assertThat(Spf.isSpf("v=spf10 -all")).isFalse();
        assertThat(Spf.isSpf("google-site-verification=x")).isFalse();
    }

    @Test
    void authorising_cidrRanges() throws Exception {
        String record = "v=spf1 ip4:192.0.2.0/25 ip6:2001:db8::/32 -all";

        assertThat(Spf.authorising(record, ip("192.0.2.100"), List.of(), List.of())).isEqualTo("ip4:192.0.2.0/25");
        assertThat(Spf.authorising(record, ip("192.0.2.200"), List.of(), List.of())).isNull();
        assertThat(Spf.authorising(record, ip("2001:db8::1"), List.of(), List.of())).isEqualTo("ip6:2001:db8::/32");
    }

    @Test
    void authorising_failQualifiedTermDoesNotAuthorise() throws Exception {
        assertThat(Spf.authorising("v=spf1 -ip4:192.0.2.1 ~all", ip("192.0.2.1"), List.of(), List.of())).isNull();
    }

    @Test
    void authorising_hostNameInRangeIsNeverLookedUp() throws Exception {
        assertThat(Spf.authorising("v=spf1 ip4:example.com -all", ip("192.0.2.1"), List.of(), List.of())).isNull();
    }

    @Test
    void includes_matchesTheDomainOnly() {
        assertThat(Spf.includes("v=spf1 include:_spf.google.com ~all", "_spf.google.com")).isTrue();
        assertThat(Spf.includes("v=spf1 include:_spf.google.com.evil ~all", "_spf.google.com")).isFalse();
    }
}
