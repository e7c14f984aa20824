package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsCheckCommandTest {

    /** @return a UDP port on 127.0.0.1 where nothing listens (it was free a moment ago) */
    private static int closedUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void dnsCheck_resolverWithoutAnswer_saysTheLookupFailedProposesNothingAndExitsTemporary() throws IOException {
        Cli.Result r = Cli.run("dns-check", "--resolver", "127.0.0.1:" + closedUdpPort(), "domain1.com");

        assertThat(r.status()).isEqualTo(75);
        assertThat(r.out()).containsPattern("(?m)^ERR  +A +domain1.com +lookup failed: no answer from the resolver: ")
                .doesNotContain("PASS", "FAIL", "publish", "Exception")
                .contains("domain1.com: 0 passed, 0 failed, 10 not checked (the lookup failed)");
        assertThat(r.err()).startsWith("ssmtp-mailer: dns-check: 10 of 10 checks could not be made, first domain1.com: "
                + "lookup failed: no answer from the resolver: ").hasLineCount(1).doesNotContain("Exception");
    }

    @Test
    void dnsCheck_configurationWithPasswordEnvNotSetHere_warnsAndChecksItsAccounts(@TempDir Path dir) throws IOException {
        Path tree = FakeUpstream.treeWithUnsetPasswordVariable(dir);

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "dns-check", "--resolver", "127.0.0.1:" + closedUdpPort());

        assertThat(r.status()).as(r.err()).isEqualTo(75); // the lookups got no answer; the configuration is fine
        assertThat(r.out()).contains("domain1.com: 0 passed, 0 failed");
        assertThat(r.err()).contains("warning: domains/domain1.com.conf:8: [domain:domain1.com] password_env: environment variable "
                + FakeUpstream.UNSET_VARIABLE + " is not set here");
    }

    @Test
    void dnsCheck_json_givesEachCheckItsVerdict() throws IOException {
        Cli.Result r = Cli.run("dns-check", "--resolver", "127.0.0.1:" + closedUdpPort(), "--json", "domain1.com");

        assertThat(r.status()).isEqualTo(75);
        assertThat(r.out()).startsWith("{\"passed\":false,\"checks\":[")
                .contains("\"fix\":\"\",\"verdict\":\"lookup_failed\"}").doesNotContain("\"verdict\":\"failed\"");
    }
}
