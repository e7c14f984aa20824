package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
    @TempDir
    Path dir;
    private FakeUpstream upstream;

    @BeforeEach
    void start() {
        upstream = new FakeUpstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void test_workingAccount_everyStepOkAndNothingSent() throws IOException {
        Path tree = upstream.writeTree(dir, FakeUpstream.PASSWORD);

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "test");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("domain1.com +resolve +ok +127.0.0.1")
                .containsPattern("domain1.com +connect +ok +220")
                .containsPattern("domain1.com +tls +ok +none")
                .containsPattern("domain1.com +auth +ok +LOGIN as mail-relay@domain1.com: 235");
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void test_wrongPassword_failsNamingAuthWithoutThePassword() throws IOException {
        Path tree = upstream.writeTree(dir, "wrong-secret");

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "test");

        assertThat(r.status()).isEqualTo(69);
        assertThat(r.out()).containsPattern("domain1.com +auth +FAIL +authentication failed");
        assertThat(r.err()).hasLineCount(1).contains("domain1.com at AUTH: authentication failed")
                .doesNotContain("wrong-secret");
    }

    @Test
    void test_verbose_tracesTheSessionWithCredentialsMasked() throws IOException {
        Path tree = upstream.writeTree(dir, FakeUpstream.PASSWORD);

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "test", "--verbose");

        assertThat(r.err()).contains("C: EHLO mailer.domain1.com", "C: AUTH LOGIN", "C: ******", "S: 235")
                .doesNotContain(FakeUpstream.PASSWORD)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(FakeUpstream.PASSWORD.getBytes()));
    }

    @Test
    void test_serverDown_failsNamingConnect() throws IOException {
        Path tree = upstream.writeTree(dir, FakeUpstream.PASSWORD);
        upstream.close();

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "test", "--domain", "domain1.com");

        assertThat(r.status()).isEqualTo(69);
        assertThat(r.err()).contains("at CONNECT: cannot connect");
    }

    @Test
    void test_unknownDomain_failsNamingIt() throws IOException {
        Path tree = upstream.writeTree(dir, FakeUpstream.PASSWORD);

        Cli.Result r = Cli.run("--config-dir", tree.toString(), "test", "--domain", "nowhere.example");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.err()).contains("no [domain:nowhere.example]");
    }
}
