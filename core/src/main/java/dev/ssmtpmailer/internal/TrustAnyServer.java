package dev.ssmtpmailer.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The one "trust any server certificate, any name" of the project: the upstream client's
 * {@code verify_certificates = false}, {@code ssmtp-mailer bench} (which measures throughput and sends no secret),
 * and tests that look at what a server presents. It is an {@link X509ExtendedTrustManager}, so the JDK uses it
 * as it is instead of wrapping it in a manager of its own that would still check the host name; the overloads
 * with a socket or an engine come to the same verdict as the plain ones. It serves the client side of a
 * connection, which never receives client certificates, so it refuses to check one.
 */
public final class TrustAnyServer extends X509ExtendedTrustManager {
    /** The manager; it has no state. */
    public TrustAnyServer() {
    }

    /**
     * @return a new TLS context whose connections accept any server certificate
     * @throws IllegalStateException if the JDK has no TLS
     */
    public static SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAnyServer()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // any certificate: whoever chose this manager asked for exactly that
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        checkServerTrusted(chain, authType);
    }

    /** Refuses: the client side of a connection never receives a client certificate. */
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client-side trust manager does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
