package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar against the peers of /work/shared/peers, as a user types it. */
class CliIT {
    @TempDir
    Path dir;

    /** The guide's tree with domain1.com pointed at upstream-smtp (STARTTLS, AUTH LOGIN, its certificate as ca_file). */
    private Path upstreamTree(String password) throws IOException {
        String host = Jar.peer("SMTP_HOST");
        String port = Jar.peer("SMTP_PORT");
        String user = Jar.peer("SMTP_USER");
        String cert = Jar.peer("SMTP_TLS_CERT");
        Path tree = dir.resolve("etc");
        for (String d : new String[] {"domains", "users", "mappings", "ssl"}) {
            Files.createDirectories(tree.resolve(d));
        }
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\n"
                + "default_from = noreply@mailer.domain1.com\nlog_level = INFO\n");
        Path domain = tree.resolve("domains/domain1.com.conf");
        Files.writeString(domain, "[domain:domain1.com]\nenabled = true\nsmtp_server = " + host + "\nsmtp_port = " + port
                + "\nauth_method = LOGIN\nrelay_account = " + user + "\nusername = " + user + "\npassword = " + password
                + "\nuse_ssl = false\nuse_starttls = true\nca_file = " + cert + "\n");
        Files.setPosixFilePermissions(domain, PosixFilePermissions.fromString("rw-------"));
        Files.copy(ConfigCommandTest.GUIDE_TREE.resolve("mappings/relay-mappings.conf"), tree.resolve("mappings/relay-mappings.conf"));
        return tree;
    }

    @Test
    @RequiresPeer(Peer.UPSTREAM_SMTP)
    void send_guideExampleThroughUpstreamSmtp_landsInMaildirAsCanonicalSender() throws Exception {
        Path tree = upstreamTree(Jar.peer("SMTP_PASSWORD"));
        Path maildir = Path.of(Jar.peer("MAILDIR_NEW"));
        String subject = "Test Email " + System.nanoTime();

        Cli.Result r = Jar.run("--config-dir", tree.toString(), "send", "--from", "contact-general@mailer.domain1.com",
                "--to", "test@example.com", "--subject", subject, "--body", "This is a test email from the relay system");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("as contact-general@domain1.com via mail-relay@domain1.com")
                .containsPattern("test@example.com +delivered \\(250 2.0.0 Ok: queued as");
        assertThat(findDelivered(maildir, subject)).contains("From: contact-general@domain1.com", "with ESMTPSA");
    }

    private static String findDelivered(Path maildir, String subject) throws IOException, InterruptedException {
        // Postfix writes the file just after answering 250: look a bounded number of times (not a timing assertion)
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Stream<Path> files = Files.list(maildir)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f);
                    if (text.contains("Subject: " + subject)) {
                        return text;
                    }
                }
            }
            Thread.sleep(50);
        }
        return "";
    }

    @Test
    @RequiresPeer(Peer.UPSTREAM_SMTP)
    void send_verbose_tracesTheDialogueWithoutSecretsOrContent() throws Exception {
        String password = Jar.peer("SMTP_PASSWORD");
        Path tree = upstreamTree(password);

        Cli.Result r = Jar.run("--config-dir", tree.toString(), "--verbose", "send", "--from", "contact-sales@mailer.domain1.com",
                "--to", "test@example.com", "--subject", "traced", "--body", "SECRET-BODY-TEXT");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("STARTTLS", "MAIL FROM:<contact-sales@domain1.com>", "RCPT TO:<test@example.com>",
                        "lines of message content, not traced", "250 2.0.0 Ok: queued as")
                .doesNotContain("SECRET-BODY-TEXT", password,
                        java.util.Base64.getEncoder().encodeToString(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    @RequiresPeer(Peer.UPSTREAM_SMTP)
    void test_upstreamSmtp_everyStepOkWithTlsDetails() throws Exception {
        Path tree = upstreamTree(Jar.peer("SMTP_PASSWORD"));

        Cli.Result r = Jar.run("--config-dir", tree.toString(), "test");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("domain1.com +greeting +ok +\\d+ ms +220 .*ESMTP")
                .containsPattern("domain1.com +ehlo +ok +\\d+ ms +250-.* -- offers .*STARTTLS")
                .containsPattern("domain1.com +starttls +ok +\\d+ ms +220 2.0.0 Ready to start TLS")
                .containsPattern("domain1.com +tls +ok +\\d+ ms +TLSv1\\.[23] \\S+, certificate CN=smtp.domain1.com, expires 20.*, verified")
                .containsPattern("domain1.com +ehlo +ok +\\d+ ms +250-.* -- offers .*AUTH PLAIN LOGIN")
                .containsPattern("domain1.com +auth +ok +\\d+ ms +235 2.7.0 Authentication successful -- LOGIN as mail-relay@domain1.com")
                .containsPattern("domain1.com +overall +ok");
    }

    @Test
    @RequiresPeer(Peer.UPSTREAM_SMTP)
    void test_verboseAfterTheCommand_tracesTheSessionWithCredentialsMasked() throws Exception {
        String password = Jar.peer("SMTP_PASSWORD");
        Path tree = upstreamTree(password);

        Cli.Result r = Jar.run("test", "--config-dir", tree.toString(), "-v");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("EHLO mailer.domain1.com", "STARTTLS", "220 2.0.0 Ready to start TLS", "AUTH LOGIN")
                .doesNotContain(password, java.util.Base64.getEncoder().encodeToString(
                        password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    @RequiresPeer(Peer.UPSTREAM_SMTP)
    void test_wrongPassword_failsNamingAuth() throws Exception {
        Path tree = upstreamTree("not-the-password");

        Cli.Result r = Jar.run("--config-dir", tree.toString(), "test");

        assertThat(r.status()).isEqualTo(69);
        assertThat(r.out()).containsPattern("domain1.com +auth +FAIL +\\d+ ms +authentication failed for account mail-relay@domain1.com: 535");
        assertThat(r.err()).isEqualTo("ssmtp-mailer: test: 1 of 1 upstream accounts failed; domain1.com at AUTH: "
                + "authentication failed for account mail-relay@domain1.com: 535 5.7.8 Error: authentication failed: authentication failure\n");
    }

    @Test
    @RequiresPeer(Peer.DNS)
    void dnsCheck_domain1_everyCheckPasses() throws Exception {
        String resolver = Jar.peer("DNS_HOST") + ":" + Jar.peer("DNS_PORT");

        Cli.Result r = Jar.run("dns-check", "--resolver", resolver, "domain1.com");

        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("domain1.com: 10 passed, 0 failed")
                .containsPattern("PASS +DKIM +google._domainkey.domain1.com +RSA 2048 bits")
                .containsPattern("PASS +PTR +1.0.0.127.in-addr.arpa +127.0.0.1 -> mailer.domain1.com");
    }

    @Test
    @RequiresPeer(Peer.DNS)
    void dnsCheck_noDomainGiven_auditsTheConfiguredUpstreamDomains() throws Exception {
        String resolver = Jar.peer("DNS_HOST") + ":" + Jar.peer("DNS_PORT");

        Cli.Result r = Jar.run("--config-dir", ConfigCommandTest.GUIDE_TREE.toString(), "dns-check", "--resolver", resolver);

        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("PASS +SPF +mailer.domain1.com").endsWith("domain1.com: 10 passed, 0 failed\n");
    }

    @Test
    @RequiresPeer(Peer.DNS)
    void dnsCheck_domain2_failsWithTheGuideRecords() throws Exception {
        String resolver = Jar.peer("DNS_HOST") + ":" + Jar.peer("DNS_PORT");

        Cli.Result r = Jar.run("dns-check", "--resolver", resolver, "domain2.com");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.out())
                .containsPattern("PASS +A +domain2.com +127.0.0.1")
                .containsPattern("FAIL +SPF +domain2.com +no v=spf1 record .* -- publish: domain2.com. IN TXT \"v=spf1 include:_spf.google.com ~all\"")
                .containsPattern("FAIL +DKIM +google._domainkey.domain2.com +p= is not valid base64")
                .containsPattern("FAIL +DMARC +_dmarc.domain2.com +.*separated by ';'.* -- publish: _dmarc.domain2.com. IN TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@domain2.com\"")
                .containsPattern("FAIL +A +mailer.domain2.com +no A/AAAA record")
                .contains("domain2.com: 2 passed, 8 failed");
        assertThat(r.err()).isEqualTo("ssmtp-mailer: dns-check: 8 of 10 checks failed\n");
    }

    @Test
    @RequiresPeer(Peer.DNS)
    void dnsCheck_twoSpfRecords_failsAsPermerror() throws Exception {
        String resolver = Jar.peer("DNS_HOST") + ":" + Jar.peer("DNS_PORT");

        Cli.Result r = Jar.run("dns-check", "--resolver", resolver, "--json", "twospf.domain2.com");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.out()).startsWith("{\"passed\":false,\"checks\":[")
                .contains("{\"domain\":\"twospf.domain2.com\",\"check\":\"SPF\",\"name\":\"twospf.domain2.com\",\"passed\":false,\"detail\":\"2 v=spf1 records");
    }

    @Test
    @RequiresPeer(Peer.SMTP_SINK)
    void bench_smtpSink_endsWithMsgsPerSecond() throws Exception {
        String port = Jar.peer("SINK_PORT");

        Cli.Result r = Jar.run("bench", "--host", Jar.peer("SINK_HOST"), "--port", port, "--messages", "500",
                "--connections", "5", "--size", "10240");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("accepted: 500, refused: 0").containsPattern("(?m)^msgs/s: [0-9]+\\.[0-9]\\n\\z");
    }

    @Test
    void demo_noSetup_exitsZeroAndPrintsTheTable() throws Exception {
        Cli.Result r = Jar.run("demo");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("MESSAGE", "ALIAS", "CANONICAL ADDRESS", "ACCOUNT", "UPSTREAM REPLY")
                .containsPattern("forward +contact-sales@mailer.domain1.com +-> contact-sales@domain1.com +mail-relay@domain1.com +250")
                .containsPattern("send +contact-general@mailer.domain1.com +as contact-general@domain1.com")
                .contains("upstream accepted 6 of 6 messages");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void config_secretReadableByOthers_warnsInASentenceWithoutAClassName() throws Exception {
        Path tree = dir.resolve("readable");
        for (String d : new String[] {"domains", "users", "mappings"}) {
            Files.createDirectories(tree.resolve(d));
        }
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\n");
        Path domain = Files.writeString(tree.resolve("domains/domain1.com.conf"), "[domain:domain1.com]\nsmtp_server = 127.0.0.1\n"
                + "smtp_port = 2587\nauth_method = LOGIN\nusername = mail-relay@domain1.com\npassword = a-password\n");
        Files.setPosixFilePermissions(domain, PosixFilePermissions.fromString("rw-r--r--"));

        Cli.Result r = Jar.run("config", "--config-dir", tree.toString(), "--validate");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("WARN domains/domain1.com.conf holds a secret").doesNotContain("TreeLoader");
    }

    @Test
    void help_jarRunsWithEveryDependencyInside() throws Exception {
        Cli.Result r = Jar.run("--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: ssmtp-mailer");
    }
}
