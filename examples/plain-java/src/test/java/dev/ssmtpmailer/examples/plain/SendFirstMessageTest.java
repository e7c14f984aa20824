package dev.ssmtpmailer.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.ini.IniConfigWatcher;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's programs, run for real: the guide's tree from {@code examples/config}, with the Gmail account
 * pointed at a GreenMail SMTP server in this JVM that requires AUTH LOGIN as {@code mail-relay@domain1.com}.
 */
class SendFirstMessageTest {
    /** The guide's configuration tree, as shipped beside this example. */
    static final Path GUIDE_TREE = Path.of("..", "config", "etc", "ssmtp-mailer");

    @RegisterExtension
    static final GreenMailExtension gmail = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                    .withUser("mail-relay@domain1.com", "mail-relay@domain1.com", "app-password"));

    @TempDir
    Path dir;

    private Path tree;

    /** The guide's tree, owner-only as an operator installs it, with domain1.com pointed at GreenMail. */
    @BeforeEach
    void copyGuideTree() throws IOException {
        tree = dir.resolve("ssmtp-mailer");
        try (Stream<Path> files = Files.walk(GUIDE_TREE)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = tree.resolve(GUIDE_TREE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
        Path domain = tree.resolve("domains/domain1.com.conf");
        Files.writeString(domain, Files.readString(domain)
                .replace("smtp_server = smtp.gmail.com", "smtp_server = 127.0.0.1")
                .replace("smtp_port = 587", "smtp_port = " + gmail.getSmtp().getPort())
                .replace("password = your_gmail_app_password_here", "password = app-password")
                .replace("use_starttls = true", "use_starttls = false"));
    }

    @Test
    void main_guideTree_sendsAsTheCanonicalAddressThroughTheMappedAccount() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            SendFirstMessage.main(new String[] {tree.toString()});
        } finally {
            System.setOut(stdout);
        }

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("contact-general@domain1.com via mail-relay@domain1.com" + System.lineSeparator());
        MimeMessage[] received = gmail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getHeader("Return-Path", null)).isEqualTo("<contact-general@domain1.com>");
        assertThat(received[0].getFrom()[0].toString()).isEqualTo("contact-general@domain1.com");
        assertThat(received[0].getSubject()).isEqualTo("Test Email");
        assertThat(GreenMailUtil.getBody(received[0])).contains("This is a test email from the relay system");
    }

    @Test
    void watcher_readmeSnippet_appliesANewMappingWithoutARestart() throws Exception {
        Path dir = tree;
        RelayConfig config = IniConfig.load(dir);
        try (Relay relay = Relay.create(config)) {
            IniConfigWatcher watcher = IniConfigWatcher.builder(dir).initial(relay.config())
                    .onChange(relay::reconfigure).build().start();   // an invalid tree is logged and ignored
            try (watcher) {
                Path jobs = dir.resolve("mappings/jobs.conf");
                Files.writeString(jobs, "[mapping:contact-jobs]\nfrom_pattern = contact-jobs@mailer.domain1.com\n"
                        + "to_pattern = contact-jobs@domain1.com\nsmtp_account = mail-relay@domain1.com\n");
                Files.setPosixFilePermissions(jobs, PosixFilePermissions.fromString("rw-------"));

                awaitMapping(relay, "contact-jobs");
            }
        }
    }

    private static void awaitMapping(Relay relay, String name) throws InterruptedException {
        // Bounded wait for the watcher's reload; how long it takes is not what this test checks.
        for (int i = 0; i < 600; i++) {
            if (relay.config().mappings().stream().map(MappingConfig::name).anyMatch(name::equals)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("mapping " + name + " never appeared in " + relay.config().mappings());
    }
}
