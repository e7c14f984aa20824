package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final FakeUpstream upstream = new FakeUpstream();

    /** How stderr begins when the only account, domain1.com, fails; the step and the reason follow. */
    private static final String UNAVAILABLE = "ssmtp-mailer: test: 1 of 1 upstream accounts failed; domain1.com at ";

    /** @return the outcome of {@code ssmtp-mailer --config-dir TREE test ARGS} */
    private static Cli.Result test(Path tree, String... args) {
        return Cli.run(Cli.onTree(tree, "test", args));
    }

    @Test
    void test_workingAccount_everyStepOkAndNothingSent() throws IOException {
        Path tree = upstream.writeTree(dir, FakeUpstream.PASSWORD);

        Cli.Result r = test(tree);

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("domain1.com +resolve +ok +\\d+ ms +127.0.0.1\n")
                .containsPattern("domain1.com +connect +ok +\\d+ ms +connected to 127.0.0.1:" + upstream.port())
                .containsPattern("domain1.com +greeting +ok +\\d+ ms +220 upstream.test")
                .containsPattern("domain1.com +ehlo +ok +\\d+ ms +250-upstream.test -- offers .*AUTH")
                .containsPattern("domain1.com +tls +skip +- +use_ssl = false, use_starttls = false")
                .containsPattern("domain1.com +auth +ok +\\d+ ms +235 .* -- LOGIN as mail-relay@domain1.com")
                .containsPattern("domain1.com +overall +ok +mail-relay@domain1.com via 127.0.0.1:" + upstream.port());
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void test_wrongPassword_failsNamingAuthWithoutThePassword() throws IOException {
        Path tree = upstream.writeTree(dir, "wrong-secret");

        Cli.Result r = test(tree);

        assertThat(r.status()).isEqualTo(69);
        assertThat(r.out()).containsPattern("domain1.com +auth +FAIL +\\d+ ms +authentication failed for account mail-relay@domain1.com: 535");
        assertThat(r.err()).hasLineCount(1)
                .startsWith(UNAVAILABLE + "AUTH: authentication failed for account mail-relay@domain1.com: 535")
                .doesNotContain("wrong-secret");
    }

    @Test
    void test_unresolvableServer_failsAtResolveSayingSo() throws IOException {
        Path tree = upstream.writeTree(dir, FakeUpstream.PASSWORD);
        Path domain = tree.resolve("domains/domain1.com.conf");
        Files.writeString(domain, Files.readString(domain).replace("smtp_server = 127.0.0.1", "smtp_server = nowhere.invalid"));

        Cli.Result r = test(tree);

        assertThat(r.status()).isEqualTo(69);
        assertThat(r.out()).containsPattern("domain1.com +resolve +FAIL +\\d+ ms +cannot resolve nowhere.invalid \\(DNS lookup failed\\)");
        assertThat(r.err()).isEqualTo(UNAVAILABLE + "RESOLVE: cannot resolve nowhere.invalid (DNS lookup failed)\n");
    }

    @Test
    void test_serverDown_failsNamingConnect() throws IOException {
        Path tree = upstream.writeTree(dir, FakeUpstream.PASSWORD);
        upstream.close();

        Cli.Result r = test(tree, "--domain", "domain1.com");

        assertThat(r.status()).isEqualTo(69);
        assertThat(r.err()).contains("domain1.com at CONNECT: ");
    }

    @Test
    void test_unknownDomain_failsNamingIt() throws IOException {
        Path tree = upstream.writeTree(dir, FakeUpstream.PASSWORD);

        Cli.Result r = test(tree, "--domain", "nowhere.example");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.err()).contains("no [domain:nowhere.example]");
    }
}
