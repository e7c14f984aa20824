package dev.ssmtpmailer.testing;

import dev.ssmtpmailer.internal.SelfSignedCertificate;
import dev.ssmtpmailer.internal.TrustAnyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A throwaway self-signed server certificate made at test time, valid for {@code 127.0.0.1} and
 * {@code localhost}, for test servers that offer TLS: core's {@link SelfSignedCertificate} (the demo's maker
 * too), plus the files a server's {@code ssl_dir} holds.
 *
 * @param keyPair the key pair
 * @param certificate the self-signed certificate
 */
public record TestCerts(KeyPair keyPair, X509Certificate certificate) {
    /** Password of the PKCS12 files this class writes. */
    public static final String PASSWORD = "changeit";

    /** How long a test certificate stays valid from now. */
    private static final Duration VALIDITY = Duration.ofDays(2);

    /**
     * @param commonName the subject CN
     * @return a new key pair and certificate for 127.0.0.1 and localhost
     */
    public static TestCerts selfSigned(String commonName) {
        return selfSigned(commonName, null);
    }

    /**
     * @param commonName the subject CN
     * @param onlyDnsName when not null, the only subject alternative name (no IP address)
     * @return a new key pair and certificate
     */
    public static TestCerts selfSigned(String commonName, String onlyDnsName) {
        SelfSignedCertificate issued = onlyDnsName != null
                ? SelfSignedCertificate.issue(commonName, VALIDITY, onlyDnsName)
                : SelfSignedCertificate.issue(commonName, VALIDITY, "127.0.0.1", "localhost");
        return new TestCerts(issued.keyPair(), issued.certificate());
    }

    /** @param file where to write the certificate as PEM @return {@code file} */
    public Path writePem(Path file) throws IOException {
        return writePem(certificate, file);
    }

    /** @param cert a certificate @param file where to write it as PEM @return {@code file} */
    public static Path writePem(Certificate cert, Path file) throws IOException {
        return Files.writeString(file, SelfSignedCertificate.pem(cert));
    }

    /**
     * Writes the certificate and its private key as the inbound server reads them from {@code ssl_dir}:
     * {@code server.crt} and {@code server.key} (PKCS#8), both PEM.
     *
     * @param sslDir the directory
     * @return {@code sslDir}
     */
    public Path writeServerPem(Path sslDir) throws IOException {
        writePem(sslDir.resolve("server.crt"));
        Files.writeString(sslDir.resolve("server.key"), issued().privateKeyPem());
        return sslDir;
    }

    /** @return a key store holding the key and certificate under alias {@code server} */
    public KeyStore keyStore() {
        return issued().keyStore(PASSWORD.toCharArray());
    }

    /** @param file where to write a PKCS12 key store (password {@value #PASSWORD}) @return {@code file} */
    public Path writePkcs12(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore().store(out, PASSWORD.toCharArray());
            return file;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /**
     * Writes the key and certificate into a server's {@code ssl_dir} as a key store: {@code server.p12} and its
     * password in {@code server.p12.password}.
     *
     * @param sslDir the directory
     * @return {@code sslDir}
     */
    public Path writeServerPkcs12(Path sslDir) throws IOException {
        writePkcs12(sslDir.resolve("server.p12"));
        Files.writeString(sslDir.resolve("server.p12.password"), PASSWORD + "\n");
        return sslDir;
    }

    /** @return a server-side TLS context presenting this certificate */
    public SSLContext serverContext() {
        return issued().serverContext();
    }

    private SelfSignedCertificate issued() {
        return new SelfSignedCertificate(keyPair, certificate);
    }

    /**
     * A TLS client context that accepts any server certificate ({@link TrustAnyServer}, as
     * {@code verify_certificates = false} and the bench use): for tests that look at what a server offers or
     * presents, never for checking PKI.
     *
     * @return the context
     */
    public static SSLContext trustingAnyServer() {
        return TrustAnyServer.context();
    }
}
