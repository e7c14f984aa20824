package dev.ssmtpmailer.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.server.SSLSocketCreator;

/**
 * The server's STARTTLS certificate in use. {@link #reload} swaps in a renewed one (certbot, then
 * {@code systemctl reload}) for the sessions that start TLS afterwards: each {@code STARTTLS} makes its socket
 * from the context in use at that moment, so sessions already encrypted keep theirs and none is cut.
 */
final class ServerCertificate {
    /** Given in code ({@link RelayServer.Builder#sslContext}): nothing on disk to read again. */
    private final boolean given;
    /** The context and the fingerprint of the files it was read from, swapped together. */
    private volatile ServerTls.Material inUse;

    private ServerCertificate(ServerTls.Material inUse, boolean given) {
        this.inUse = inUse;
        this.given = given;
    }

    /** @return a certificate that is never read again */
    static ServerCertificate given(SSLContext context) {
        return new ServerCertificate(new ServerTls.Material(context, "", null, null), true);
    }

    /**
     * @param sslDir {@code ssl_dir}, or {@code null}
     * @return its certificate, or empty when it holds none
     * @throws ServerException if the files are incomplete or unreadable
     */
    static Optional<ServerCertificate> load(Path sslDir) {
        return ServerTls.load(sslDir).map(m -> new ServerCertificate(m, false));
    }

    /** @return what {@code STARTTLS} wraps a connection with: the certificate in use at that moment */
    SSLSocketCreator socketCreator() {
        return ServerTls.socketCreator(() -> inUse.context());
    }

    /**
     * Reads {@code ssl_dir} again when its files changed. Files that cannot be read, or are gone, a key that does
     * not belong to the certificate, or a certificate that is not valid now leave the certificate in use as it is
     * (WARN): every handshake with them would fail while STARTTLS is still offered. So does a certificate given
     * in code. Synchronized: a SIGHUP and a file watcher reloading at once swap in one file set, not a mix.
     *
     * @param sslDir {@code ssl_dir} of the configuration in force
     * @return whether a new certificate is in use
     */
    synchronized boolean reload(Path sslDir) {
        if (given) {
            return false;
        }
        ServerTls.Material fresh;
        try {
            Map<String, byte[]> files = ServerTls.read(sslDir);
            if (ServerTls.fingerprint(files).equals(inUse.fingerprint())) {
                return false;
            }
            Optional<ServerTls.Material> loaded = ServerTls.load(sslDir, files);
            if (loaded.isEmpty()) {
                RelayServer.LOG.warn("ssl_dir {} holds no server certificate now; STARTTLS keeps the one in use until a restart",
                        sslDir);
                return false;
            }
            fresh = loaded.get();
            fresh.check(sslDir);
        } catch (ServerException e) {
            RelayServer.LOG.warn("{}; STARTTLS keeps the certificate in use", e.getMessage());
            return false;
        }
        inUse = fresh;
        RelayServer.LOG.info("the server certificate in ssl_dir {} changed: the next STARTTLS sessions get the new one", sslDir);
        return true;
    }
}
