package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void contains_ipv4Network() throws Exception {
        Cidr c = Cidr.parse("127.0.0.0/8");
        assertThat(c.contains(InetAddress.getByName("127.1.2.3"))).isTrue();
        assertThat(c.contains(InetAddress.getByName("128.0.0.1"))).isFalse();
        assertThat(c.contains(InetAddress.getByName("::1"))).isFalse();
    }

    @Test
    void contains_ipv4MappedIpv6Client_countsAsIpv4() throws Exception {
        assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("::ffff:10.1.1.1"))).isTrue();
    }

    @Test
    void parse_clearsHostBits_andBareAddressIsOneHost() throws Exception {
        assertThat(Cidr.parse("192.168.1.77/24")).hasToString("192.168.1.0/24");
        Cidr host = Cidr.parse("::1");
        assertThat(host.prefixLength()).isEqualTo(128);
        assertThat(host.contains(InetAddress.getByName("::1"))).isTrue();
    }

    @Test
    void of_anAddressAndALength_isTheNetworkHoldingIt() throws Exception {
        assertThat(Cidr.of(InetAddress.getByName("2001:db8:1:2:ffff:1:2:3"), 64))
                .isEqualTo(Cidr.parse("2001:db8:1:2::/64"));
        assertThat(Cidr.of(InetAddress.getByName("192.0.2.7"), 32)).isEqualTo(Cidr.parse("192.0.2.7"));
        assertThatThrownBy(() -> Cidr.of(InetAddress.getByName("192.0.2.7"), 33))
                .hasMessageContaining("between 0 and 32");
    }

    @Test
    void parse_hostNameOrBadPrefix_isRefusedWithoutLookup() {
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("not a numeric network address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length must be between 0 and 32");
    }
}
