package dev.ssmtpmailer.testing;

import dev.ssmtpmailer.internal.TrustAnyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway self-signed server certificate made at test time, valid for {@code 127.0.0.1} and
 * {@code localhost}, for test servers that offer TLS.
 *
 * @param keyPair the key pair
 * @param certificate the self-signed certificate
 */
public record TestCerts(KeyPair keyPair, X509Certificate certificate) {
    /** Password of the PKCS12 files this class writes. */
    public static final String PASSWORD = "changeit";

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
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair kp = gen.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(2))), name, kp.getPublic());
            GeneralName[] names = onlyDnsName != null
                    ? new GeneralName[] {new GeneralName(GeneralName.dNSName, onlyDnsName)}
                    : new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")};
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
            return new TestCerts(kp, cert);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /** @param file where to write the certificate as PEM @return {@code file} */
    public Path writePem(Path file) throws IOException {
        return writePem(certificate, file);
    }

    /** @param cert a certificate @param file where to write it as PEM @return {@code file} */
    public static Path writePem(Certificate cert, Path file) throws IOException {
        try {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded());
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n");
            return file;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
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
        String key = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keyPair.getPrivate().getEncoded());
        Files.writeString(sslDir.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\n" + key + "\n-----END PRIVATE KEY-----\n");
        return sslDir;
    }

    /** @return a key store holding the key and certificate under alias {@code server} */
    public KeyStore keyStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", keyPair.getPrivate(), PASSWORD.toCharArray(), new Certificate[] {certificate});
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
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
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(), PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
