package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.internal.TrustAnyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link SSLSocketFactory} of one account: the JDK's default trust store plus the account's own
 * {@code ca_file}, plus the {@code *.pem} files of the global {@code ca_dir} when the operator set one; or,
 * with {@code verify_certificates = false}, one that trusts any certificate. The {@code *.pem} files of
 * {@code ssl_dir} are not trusted: a CA added there for one upstream would have vouched for every other
 * upstream's host names, Gmail's included. Host names are checked by Angus
 * ({@code ssl.checkserveridentity}), through the endpoint identification of the socket, which the trust
 * managers below honour because they are {@link X509ExtendedTrustManager}s.
 */
final class TlsTrust {
    private static final Logger LOG = LoggerFactory.getLogger(TlsTrust.class);

    private TlsTrust() {
    }

    /**
     * @return the socket factory for TLS connections to {@code account}
     * @throws GeneralSecurityException if a trust store cannot be built
     * @throws IOException if a certificate file cannot be read or holds no certificate
     */
    static SSLSocketFactory socketFactory(DomainConfig account, GlobalSettings global)
            throws GeneralSecurityException, IOException {
        if (!account.verifyCertificates()) {
            // any certificate, any name: Angus's host name check is off with verification too
            return new NoDelaySslSocketFactory(TrustAnyServer.context().getSocketFactory());
        }
        List<X509Certificate> extra = new ArrayList<>();
        if (account.caFile() != null) {
            List<X509Certificate> own = readPem(account.caFile());
            if (own.isEmpty()) {
                throw new IOException("ca_file " + account.caFile() + " holds no certificate");
            }
            extra.addAll(own);
        }
        if (global.caDir() != null) {
            extra.addAll(directory(global.caDir()));
        } else if (global.sslDir() != null && !directory(global.sslDir()).isEmpty()) {
            LOG.warn("account {}: the CA certificates in ssl_dir {} are not trusted for upstream connections; "
                    + "name the one this account needs in its ca_file, or set ca_dir", account.name(), global.sslDir());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trusting(extra)}, null);
        LOG.debug("account {}: TLS trusts the JDK default CAs and {} extra certificate(s)", account.name(), extra.size());
        return new NoDelaySslSocketFactory(context.getSocketFactory());
    }

    /**
     * One trust manager over the JDK's default CAs and the extra ones: a chain is trusted when it leads to any of
     * them.
     *
     * @param extra CA certificates to trust besides the JDK's
     */
    static X509ExtendedTrustManager trusting(List<X509Certificate> extra) throws GeneralSecurityException, IOException {
        X509ExtendedTrustManager jdk = trustManager(null);
        return extra.isEmpty() ? jdk : trustManager(keyStore(jdk.getAcceptedIssuers(), extra));
    }

    /** The certificates of every {@code *.pem} file in {@code dir}; files without one (a private key) are skipped. */
    private static List<X509Certificate> directory(Path dir) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return certs;
        }
        try (DirectoryStream<Path> pems = Files.newDirectoryStream(dir, "*.pem")) {
            for (Path pem : pems) {
                try {
                    certs.addAll(readPem(pem));
                } catch (IOException e) {
                    LOG.debug("no CA certificate in {}: {}", pem, e.getMessage());
                }
            }
        }
        return certs;
    }

    static List<X509Certificate> readPem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            return certs;
        } catch (CertificateException e) {
            throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(X509Certificate[] jdkCas, List<X509Certificate> extra)
            throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        for (int i = 0; i < jdkCas.length; i++) {
            ks.setCertificateEntry("jdk-" + i, jdkCas[i]);
        }
        for (int i = 0; i < extra.size(); i++) {
            ks.setCertificateEntry("extra-" + i, extra.get(i));
        }
        return ks;
    }

    private static X509ExtendedTrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }
}
