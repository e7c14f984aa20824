package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import dev.ssmtpmailer.testing.TestCerts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submission with AUTH as an operator sets it up: {@code hash-password} from the jar, the hash in a user file,
 * {@code trusted_networks} empty (loopback no longer trusted), {@code serve}, and swaks logging in over STARTTLS;
 * past {@code server_auth_failure_limit} failures swaks gets {@code 450 4.7.1}, with the right password too.
 */
@RequiresPeer(Peer.SWAKS)
class SubmissionAuthIT {
    private static final String USER = "app@mailer.domain1.com";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    @Test
    void swaksWithAuthPlainOverTls_relaysToAForeignDomain_andWithoutAuthIsRefused() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream()) {
            Path tree = upstream.writeTree(dir.resolve("tree"), FakeUpstream.PASSWORD);
            int port = FakeUpstream.addServe(tree, dir.resolve("spool"));
            Path ssl = Files.createDirectories(tree.resolve("ssl"));
            Files.writeString(tree.resolve("ssmtp-mailer.conf"), "ssl_dir = " + ssl + "\ntrusted_networks =\n"
                    + "server_auth_failure_limit = 2\n", StandardOpenOption.APPEND);
            TestCerts.selfSigned("mailer.domain1.com").writePkcs12(ssl.resolve("server.p12"));
            Files.writeString(ssl.resolve("server.p12.password"), TestCerts.PASSWORD + "\n");

            Cli.Result hash = Jar.runWithInput(PASSWORD + "\n", "hash-password", "--cost", "4");
            assertThat(hash.status()).as(hash.err()).isZero();
            Path user = tree.resolve("users/" + USER + ".conf");
            Files.writeString(user, "[user:" + USER + "]\ncan_send_from = true\npassword_hash = " + hash.out());
            Files.setPosixFilePermissions(user, PosixFilePermissions.fromString("rw-------"));

            Process serve = Jar.start(dir, "--config-dir", tree.toString(), "serve");
            try {
                assertThat(ServeIT.awaitLine(dir.resolve("stdout"), "listening on"))
                        .as(Files.readString(dir.resolve("stderr"))).contains("STARTTLS offered");

                Swaks swaks = new Swaks(port);
                Cli.Result anonymous = swaks.run("--tls", "--from", USER, "--to", "customer@example.com");
                assertThat(anonymous.status()).isNotZero();
                assertThat(anonymous.out()).contains("554 5.7.1 <customer@example.com>: Relay access denied");

                Cli.Result wrong = swaks.run("--tls", "--auth", "PLAIN", "--auth-user", USER, "--auth-password", "guess",
                        "--from", USER, "--to", "customer@example.com");
                assertThat(wrong.status()).isNotZero();
                assertThat(wrong.out()).contains("535 5.7.8");

                Cli.Result ok = swaks.run("--tls", "--auth", "PLAIN", "--auth-user", USER, "--auth-password", PASSWORD,
                        "--from", USER, "--to", "customer@example.com", "--header", "Subject: submitted with AUTH");
                assertThat(ok.status()).as(ok.out()).isZero();
                assertThat(ok.out()).contains("235 2.7.0");

                Await.until("the message at the upstream", () -> upstream.received.stream()
                        .anyMatch(m -> m.startsWith(USER + " -> customer@example.com") && m.contains("submitted with AUTH")));

                Cli.Result second = swaks.run("--tls", "--auth", "PLAIN", "--auth-user", USER, "--auth-password",
                        "guess again", "--from", USER, "--to", "customer@example.com");
                assertThat(second.out()).as("the second failure of the address reaches the limit").contains("535 5.7.8");
                Cli.Result refused = swaks.run("--tls", "--auth", "PLAIN", "--auth-user", USER, "--auth-password",
                        PASSWORD, "--from", USER, "--to", "customer@example.com");
                assertThat(refused.status()).isNotZero();
                assertThat(refused.out()).as("the right password, unchecked")
                        .contains("450 4.7.1 Error: too many failed logins from 127.0.0.1, try again later");
            } finally {
                serve.destroy();
                assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            String log = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
            assertThat(log).contains("AUTH PLAIN logged in as " + USER, "AUTH PLAIN failed for user " + USER,
                    "127.0.0.1: 2 failed logins within 5m; AUTH refused").doesNotContain(PASSWORD).doesNotContain("guess");
        }
    }

    /** swaks against the server on 127.0.0.1:{@code port}, output and exit status. */
    private record Swaks(int port) {
        Cli.Result run(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port", String.valueOf(port),
                    "--helo", "client.example", "--timeout", "30"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("swaks finished").isTrue();
            return new Cli.Result(p.exitValue(), out, "");
        }
    }
}
