package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.CRC32C;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s start pre-touches, in a background thread beside the rest of the start, what the first message
 * would otherwise set up (issue 14, goal 3): in a fresh JVM each of these costs its first caller 10-60 ms of class
 * loading and one-time initialisation (measured in a fresh JVM, docs/performance.md), and the first message paid
 * all of them while the other clients' first messages waited. Nothing goes upstream and nothing into the spool:
 *
 * <ul>
 *   <li>a Jakarta Mail session (its providers, read from the jars), an SMTP transport (not connected) and a message:
 *       the real account's session is then made in a few milliseconds;</li>
 *   <li>the {@code Received:} header's date format (the JDK's calendar names for {@code Locale.US});</li>
 *   <li>the spool directory's file store (the free-space check at {@code MAIL FROM}) and the journal's CRC32C;</li>
 *   <li>the proxy selector a connect asks, and when an account uses TLS, a client hello from the JDK's default TLS
 *       context into a buffer (its trust store, key shares, cipher suites).</li>
 * </ul>
 *
 * Not the upstream hosts' addresses: when DNS is down at start, the JDK would keep the failure (10 s of negative
 * cache), and messages in that window would fail without a lookup of their own and wait a whole retry backoff.
 *
 * Each step that fails is skipped (DEBUG): the first message then does it, as without the pre-touch.
 */
final class PreTouch {
    /** Made when first used: {@code serve} has configured logging by then. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(PreTouch.class);
    }

    private PreTouch() {
    }

    /**
     * Starts the pre-touch in a daemon thread, {@code ssmtp-mailer-pre-touch}; nobody waits for it.
     *
     * @param config the configuration {@code serve} starts with
     * @return the thread, started
     */
    static Thread inBackground(RelayConfig config) {
        Thread t = new Thread(() -> run(config), "ssmtp-mailer-pre-touch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** @param config the configuration {@code serve} starts with */
    static void run(RelayConfig config) {
        long t0 = System.nanoTime();
        step("mail session", () -> {
            Session session = Session.getInstance(new Properties());
            session.getTransport("smtp");
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("pre-touch@" + WarmUp.DOMAIN));
        });
        // the pattern of server's ReceivedHeader.DATE, which is package-private there (as is FreeSpace below): a
        // public hook in server for a start-time nicety would widen its API; a changed pattern only costs the pre-touch
        step("date format", () -> DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US)
                .withZone(ZoneOffset.UTC).format(Instant.now()));
        step("spool file store", () -> {
            // server's FreeSpace.usable() walk: the spool may not exist yet (it is made beside this), and its
            // nearest existing parent has the same classes to load
            Path p = config.global().spoolDir() == null ? null : config.global().spoolDir().toAbsolutePath();
            while (p != null && !Files.isDirectory(p)) {
                p = p.getParent();
            }
            if (p != null) {
                Files.getFileStore(p).getUsableSpace();
            }
            new CRC32C().update(new byte[1]);
        });
        if (config.upstreamAccounts().stream().anyMatch(d -> d.tls() != TlsMode.NONE)) {
            step("TLS client hello", PreTouch::clientHello);
        }
        step("proxy selector", () -> ProxySelector.getDefault().select(URI.create("socket://pre-touch." + WarmUp.DOMAIN + ":25")));
        Log.LOG.debug("pre-touch done in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /** A client hello of the default TLS context, into a buffer: the handshake's classes and the trust store. */
    private static void clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("pre-touch." + WarmUp.DOMAIN, 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
        engine.closeOutbound();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(String what, Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            Log.LOG.debug("pre-touch: {} skipped: {}", what, e.toString());
        }
    }
}
