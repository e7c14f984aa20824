package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.RelayMessage;
import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.queue.QueueId;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * SubEthaSMTP on 127.0.0.1 requiring AUTH (no TLS), and a config tree whose domain1.com points at it. As a field
 * with {@code @RegisterExtension} it is closed after each test.
 */
final class FakeUpstream implements AutoCloseable, AfterEachCallback {
    static final String LOGIN = "mail-relay@domain1.com";
    static final String PASSWORD = "app-password-1234";

    private final SMTPServer server;
    /** "from -> to" then the message, one entry per recipient. */
    final List<String> received = new CopyOnWriteArrayList<>();
    /** When set, the reply code every RCPT TO gets instead of 250 (e.g. 450, 550). */
    volatile int refuseRecipientsWith;
    /**
     * When set, each message's reply to the end of data waits until it is counted down: the client has sent every
     * byte and waits for the {@code 250}. The message is recorded when the wait ends (the upstream took it, whether
     * or not the client is still there to read the reply).
     */
    volatile CountDownLatch holdData;
    /** How many messages wait in {@link #holdData} now. */
    final AtomicInteger held = new AtomicInteger();

    FakeUpstream() {
        EasyAuthenticationHandlerFactory auth = new EasyAuthenticationHandlerFactory((user, password, ctx) -> {
            if (!LOGIN.equals(user) || !PASSWORD.equals(password)) {
                throw new LoginFailedException();
            }
        });
        server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("upstream.test")
                .authenticationHandlerFactory(auth).requireAuth()
                .messageHandlerFactory(ctx -> new Recorder())
                .build();
        server.start();
    }

    /** Records one entry per recipient (SubEtha's basic listener would only see the last one). */
    private final class Recorder implements MessageHandler {
        private String from;
        private final List<String> to = new ArrayList<>();

        @Override
        public void from(String address) {
            from = address;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            int code = refuseRecipientsWith;
            if (code != 0) {
                throw new RejectException(code, (code < 500 ? "4.2.1" : "5.1.1") + " <" + recipient + ">: refused by the test");
            }
            to.add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException {
            String text = new String(data.readAllBytes(), StandardCharsets.UTF_8);
            CountDownLatch hold = holdData;
            if (hold != null) {
                held.incrementAndGet();
                try {
                    hold.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    held.decrementAndGet();
                }
            }
            for (String r : to) {
                received.add(from + " -> " + r + "\n" + text);
            }
            return null;
        }

        @Override
        public void done() {
            // nothing held
        }
    }

    int port() {
        return server.getPortAllocated();
    }

    /**
     * Writes a tree: the guide's global section and mappings, domain1.com on this server without TLS.
     *
     * @return {@code dir}
     */
    Path writeTree(Path dir, String password) throws IOException {
        for (String d : new String[] {"domains", "users", "mappings"}) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(dir.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\n");
        Path domain = dir.resolve("domains/domain1.com.conf");
        Files.writeString(domain, "[domain:domain1.com]\nenabled = true\nsmtp_server = 127.0.0.1\nsmtp_port = " + port()
                + "\nauth_method = LOGIN\nrelay_account = " + LOGIN + "\nusername = " + LOGIN + "\npassword = " + password
                + "\nuse_ssl = false\nuse_starttls = false\n");
        Files.setPosixFilePermissions(domain, PosixFilePermissions.fromString("rw-------"));
        Files.copy(ConfigCommandTest.GUIDE_TREE.resolve("mappings/relay-mappings.conf"), dir.resolve("mappings/relay-mappings.conf"));
        return dir;
    }

    /**
     * Makes {@code tree} (from {@link #writeTree}) one that {@code serve} runs on: a spool in {@code spool}, and the
     * local domain mailer.domain1.com listening on 127.0.0.1 at a free port.
     *
     * @return the port the local domain listens on
     */
    static int addServe(Path tree, Path spool) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(tree.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\nspool_dir = "
                + spool + "\nconnection_timeout = 1\n");
        Files.writeString(tree.resolve("domains/mailer.domain1.com.conf"), "[domain:mailer.domain1.com]\nenabled = true\n"
                + "smtp_server = localhost\nsmtp_port = 25\nlisten_address = 127.0.0.1\nlisten_port = " + port
                + "\nauth_method = NONE\nrelay_account = mail-relay@mailer.domain1.com\nuse_ssl = false\nuse_starttls = false\n");
        return port;
    }

    /** A variable that no test sets: the environment the CLI runs in outside the systemd unit. */
    static final String UNSET_VARIABLE = "SSMTP_MAILER_TEST_UNSET_PASSWORD";

    /**
     * Makes the account of {@code tree} (from {@link #writeTree}) read its password from {@link #UNSET_VARIABLE}, as
     * the guide's {@code password_env} with the variable given by the unit's {@code EnvironmentFile} only.
     */
    static void passwordFromUnsetVariable(Path tree) throws IOException {
        Path domain = tree.resolve("domains/domain1.com.conf");
        Files.writeString(domain, Files.readString(domain).replace("password = " + PASSWORD, "password_env = " + UNSET_VARIABLE));
        if (System.getenv(UNSET_VARIABLE) != null) {
            throw new IllegalStateException(UNSET_VARIABLE + " is set");
        }
    }

    /**
     * @return a tree (as {@link #writeTree}, its upstream gone) in {@code dir}, whose password comes from
     *         {@link #UNSET_VARIABLE}
     */
    static Path treeWithUnsetPasswordVariable(Path dir) throws IOException {
        Path tree;
        try (FakeUpstream unused = new FakeUpstream()) {
            tree = unused.writeTree(dir.resolve("tree"), PASSWORD);
        }
        passwordFromUnsetVariable(tree);
        return tree;
    }

    /** Spools one message (contact-sales@mailer.domain1.com to buyer@example.com) with the relay of {@code tree}. */
    static QueueId submitOne(Path tree) {
        try (Relay relay = Relay.create(IniConfig.load(tree))) {
            return relay.submit(RelayMessage.builder().from("contact-sales@mailer.domain1.com").to("buyer@example.com")
                    .subject("queued").text("body").build());
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }
}
