package dev.ssmtpmailer.cli.probe;

import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The same trust as the relay's client: the JDK's CAs plus the account's {@code ca_file} and every certificate
 * in {@code ssl_dir/*.pem}; or anything, with {@code verify_certificates = false}.
 */
final class Trust {
    private Trust() {
    }

    static SSLSocketFactory socketFactory(DomainConfig account, GlobalSettings global) throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        if (!account.verifyCertificates()) {
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return context.getSocketFactory();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (X509Certificate ca : jdkTrustManager(null).getAcceptedIssuers()) {
            store.setCertificateEntry("jdk-" + n++, ca);
        }
        List<X509Certificate> extra = new ArrayList<>();
        if (account.caFile() != null) {
            extra.addAll(readPem(account.caFile()));
        }
        if (global.sslDir() != null && Files.isDirectory(global.sslDir())) {
            try (DirectoryStream<Path> pems = Files.newDirectoryStream(global.sslDir(), "*.pem")) {
                for (Path pem : pems) {
                    try {
                        extra.addAll(readPem(pem));
                    } catch (IOException e) {
                        // ssl_dir also holds the server's private key, which is no certificate: skip it as the relay does
                    }
                }
            }
        }
        for (X509Certificate c : extra) {
            store.setCertificateEntry("extra-" + n++, c);
        }
        context.init(null, new TrustManager[] {jdkTrustManager(store)}, null);
        return context.getSocketFactory();
    }

    private static X509TrustManager jdkTrustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    private static List<X509Certificate> readPem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new IOException(file + " holds no certificate");
            }
            return certs;
        } catch (CertificateException e) {
            throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code verify_certificates = false}: what the operator asked for. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // verification turned off by configuration
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // verification turned off by configuration
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // verification turned off by configuration
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a client does not check client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a client does not check client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
