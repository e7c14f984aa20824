package dev.ssmtpmailer.server;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.server.SSLSocketCreator;

/**
 * The server's STARTTLS certificate in use. {@link #reload} swaps in a renewed one (certbot, then
 * {@code systemctl reload}) for the sessions that start TLS afterwards: each {@code STARTTLS} makes its socket
 * from the context in use at that moment, so sessions already encrypted keep theirs and none is cut.
 */
final class ServerCertificate {
    private final AtomicReference<SSLContext> context;
    /** Given in code ({@link RelayServer.Builder#sslContext}): nothing on disk to read again. */
    private final boolean given;
    private volatile String fingerprint;

    private ServerCertificate(SSLContext context, boolean given, String fingerprint) {
        this.context = new AtomicReference<>(context);
        this.given = given;
        this.fingerprint = fingerprint;
    }

    /** @return a certificate that is never read again */
    static ServerCertificate given(SSLContext context) {
        return new ServerCertificate(context, true, "");
    }

    /**
     * @param sslDir {@code ssl_dir}, or {@code null}
     * @return its certificate, or empty when it holds none
     * @throws ServerException if the files are incomplete or unreadable
     */
    static Optional<ServerCertificate> load(Path sslDir) {
        String now = ServerTls.fingerprint(sslDir);
        return ServerTls.load(sslDir).map(c -> new ServerCertificate(c, false, now));
    }

    /** @return what {@code STARTTLS} wraps a connection with: the certificate in use at that moment */
    SSLSocketCreator socketCreator() {
        return ServerTls.socketCreator(context::get);
    }

    /**
     * Reads {@code ssl_dir} again when its files changed. Files that cannot be read, or are gone, leave the
     * certificate in use as it is (WARN); so does a certificate given in code.
     *
     * @param sslDir {@code ssl_dir} of the configuration in force
     * @return whether a new certificate is in use
     */
    boolean reload(Path sslDir) {
        String now = ServerTls.fingerprint(sslDir);
        if (given || now.equals(fingerprint)) {
            return false;
        }
        Optional<SSLContext> fresh;
        try {
            fresh = ServerTls.load(sslDir);
        } catch (ServerException e) {
            RelayServer.LOG.warn("{}; STARTTLS keeps the certificate in use", e.getMessage());
            return false;
        }
        if (fresh.isEmpty()) {
            RelayServer.LOG.warn("ssl_dir {} holds no server certificate now; STARTTLS keeps the one in use until a restart",
                    sslDir);
            return false;
        }
        context.set(fresh.get());
        fingerprint = now;
        RelayServer.LOG.info("the server certificate in ssl_dir {} changed: the next STARTTLS sessions get the new one", sslDir);
        return true;
    }
}
