package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.ini.IniConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast start reads the hand-over's settings without loading the tree ({@code IniConfig.readSubmission}); where
 * it answers, its settings are the full load's, serve's address included ({@code RelayServer.configuredAddress}).
 */
class SendmailSettingsTest {
    @TempDir
    Path dir;

    private Path tree() throws IOException {
        try (FakeUpstream upstream = new FakeUpstream()) {
            return upstream.writeTree(dir.resolve("tree"), FakeUpstream.PASSWORD);
        }
    }

    private static void assertSameAsFullLoad(Path tree) {
        Sendmail.Settings fast = Sendmail.Settings.of(IniConfig.readSubmission(tree).orElseThrow());

        assertThat(fast).isEqualTo(Sendmail.Settings.of(IniConfig.load(tree)));
    }

    @Test
    void guideTree_localDomainFromItsSmtpKeys() {
        assertSameAsFullLoad(ConfigCommandTest.GUIDE_TREE);
    }

    @Test
    void serveTree_localDomainFromItsListenKeys() throws IOException {
        Path tree = tree();
        FakeUpstream.addServe(tree, dir.resolve("spool"));

        assertSameAsFullLoad(tree);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the first local domain with listen keys wins, wherever it is; a wildcard address as written
        "[domain:mailer.domain1.com]\nsmtp_server = localhost\nsmtp_port = 25\n[domain:inbound.example]\ninbound = yes\n"
                + "smtp_server = mx.example\nlisten_address = 0.0.0.0\nlisten_port = 2600\n",
        // a disabled local domain is passed over; local by default_hostname, any case
        "[domain:mailer.domain1.com]\nenabled = false\nsmtp_server = localhost\nsmtp_port = 25\n"
                + "[domain:MAILER.example]\nsmtp_server = 127.0.0.1\nsmtp_port = 2601\n",
        // local by a mapping's from_pattern, default port
        "[domain:mailer.domain1.com]\nsmtp_server = localhost\nsmtp_port = 25\n[domain:mapped.example]\nsmtp_server = ::1\n"
                + "listen_port = 2602\n[mapping:m]\nfrom_pattern = *@Mapped.Example\nto_pattern = *@domain1.com\n"
                + "smtp_account = mail-relay@domain1.com\n",
    })
    void localDomainRules_giveTheAddressTheFullLoadGives(String sections) throws IOException {
        Path tree = tree();
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.example\n"
                + "default_from = contact-general@mailer.domain1.com\nmax_message_size = 2m\n");
        // local domains without AUTH, as a local domain is
        Files.writeString(tree.resolve("domains/mailer.domain1.com.conf"), sections.replaceAll("(\\[domain:[^]]+]\n)", "$1auth_method = NONE\n"));

        assertSameAsFullLoad(tree);
    }
}
