package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Maildirs;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients people point at a relay, against {@code serve} from the built jar: Debian's {@code msmtp} (the
 * sendmail of many small hosts, configured with {@code host}, {@code port}, {@code tls off}) and {@code swaks}
 * hand a message for an alias to it, and it reaches upstream-smtp's Maildir under the canonical address; a
 * refused recipient is what swaks reports and what {@code /metrics} counts.
 */
@RequiresPeer({Peer.UPSTREAM_SMTP, Peer.MSMTP, Peer.SWAKS})
class ServeClientsIT {
    private static final String ALIAS = "contact-sales@mailer.domain1.com";

    @TempDir
    static Path dir;
    private static Process serve;
    private static int smtpPort;
    private static int metricsPort;

    @BeforeAll
    static void startServe() throws IOException {
        smtpPort = Peers.freePort();
        metricsPort = Peers.freePort();
        Path tree = ServeIT.tree(dir, "metrics_listen = 127.0.0.1:" + metricsPort + "\n");
        serve = Jar.start(dir, "--config-dir", tree.toString(), "serve", "--listen", "127.0.0.1:" + smtpPort);
        String stdout = ServeIT.awaitLine(dir.resolve("stdout"), "metrics on");
        assertThat(stdout).as(Files.readString(dir.resolve("stderr"))).contains("metrics on");
    }

    @AfterAll
    static void stopServe() throws InterruptedException {
        if (serve != null) {
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void msmtp_messageToAlias_deliveredUpstreamToTheCanonicalAddress() throws Exception {
        Path config = dir.resolve("msmtprc");
        Files.writeString(config, "defaults\ntls off\nauth off\n\naccount relay\nhost 127.0.0.1\nport " + smtpPort
                + "\nfrom visitor@example.org\ndomain client.example.org\n\naccount default : relay\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        String subject = "msmtp " + System.nanoTime();

        Result r = run(List.of("msmtp", "-C", config.toString(), "-t"), "From: Visitor <visitor@example.org>\nTo: <"
                + ALIAS + ">\nSubject: " + subject + "\n\nsent by msmtp\n");

        assertThat(r.exit()).as(r.output()).isZero();
        String delivered = Maildirs.awaitMessage(Path.of(Jar.peer("MAILDIR_NEW")), "Subject: " + subject);
        assertThat(delivered).contains("Delivered-To: contact-sales@domain1.com", "Received: from client.example.org",
                "sent by msmtp");
    }

    @Test
    void swaks_messageToAlias_deliveredUpstreamToTheCanonicalAddress() throws Exception {
        String subject = "swaks " + System.nanoTime();

        Result r = swaks("--to", ALIAS, "--header", "Subject: " + subject, "--body", "sent by swaks");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("<-  250 2.0.0 Ok: queued as");
        String delivered = Maildirs.awaitMessage(Path.of(Jar.peer("MAILDIR_NEW")), "Subject: " + subject);
        assertThat(delivered).contains("Delivered-To: contact-sales@domain1.com", "sent by swaks");
    }

    @Test
    void swaks_unknownAlias_refused550AndCountedInMetrics() throws Exception {
        Result r = swaks("--to", "nobody@mailer.domain1.com");

        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("<** 550 5.1.1");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("ssmtp_mailer_inbound_refusals_total{reason=\"unknown_recipient\"} 1.0",
                "ssmtp_mailer_inbound_refusals_total{reason=\"relay_denied\"} 0.0");
    }

    private static Result swaks(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(smtpPort), "--helo", "client.example.org", "--from", "visitor@example.org"));
        command.addAll(List.of(args));
        return run(command, "");
    }

    /** A finished client: its exit status and its standard output and error, interleaved. */
    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), out.join());
    }
}
