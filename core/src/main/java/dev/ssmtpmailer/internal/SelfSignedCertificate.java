package dev.ssmtpmailer.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
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
 * The project's one maker of throwaway server certificates: the in-process upstream of {@code ssmtp-mailer demo}
 * presents one, and so does every test server that offers TLS ({@code TestCerts} in core's test fixtures). The
 * JDK has no public API to issue a certificate, hence Bouncy Castle (signing uses the JDK's own RSA provider).
 * Bouncy Castle is an optional dependency of core: only the callers of this class need it, and the CLI ships it.
 *
 * @param keyPair the RSA key pair
 * @param certificate the certificate, signed with its own key
 */
public record SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
    /** How long before it is made a certificate is already valid, for a peer whose clock is behind. */
    private static final Duration CLOCK_SKEW = Duration.ofDays(1);

    /** The password of the in-memory key store behind {@link #serverContext()}; it never leaves this class. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    /** Checks that both parts are there. */
    public SelfSignedCertificate {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(certificate, "certificate");
    }

    /**
     * Issues a new key pair (RSA 2048) and a certificate for it, signed with SHA-256.
     *
     * @param commonName the subject's CN
     * @param validFor how long from now the certificate stays valid; it is valid from a day ago already
     * @param altNames the subject alternative names: an IPv4 literal becomes an IP address entry, any other
     *                 name a DNS name
     * @return the key pair and the certificate
     * @throws IllegalStateException if the JDK cannot make an RSA key or signature
     */
    public static SelfSignedCertificate issue(String commonName, Duration validFor, String... altNames) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair kp = gen.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(validFor)), name, kp.getPublic());
            GeneralName[] names = Arrays.stream(altNames).map(SelfSignedCertificate::altName).toArray(GeneralName[]::new);
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
            return new SelfSignedCertificate(kp, cert);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    private static GeneralName altName(String name) {
        boolean ipv4 = name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        return new GeneralName(ipv4 ? GeneralName.iPAddress : GeneralName.dNSName, name);
    }

    /**
     * @return the certificate as PEM, as a {@code ca_file} holds it
     * @throws IllegalStateException if the certificate cannot be encoded (it was made by {@link #issue})
     */
    public String certificatePem() {
        return pem(certificate);
    }

    /** @return the private key as PEM, PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}) */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
    }

    /**
     * @param certificate any certificate
     * @return the certificate as one PEM block
     * @throws IllegalStateException if the certificate cannot be encoded
     */
    public static String pem(Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(String label, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
    }

    /**
     * @param password the password of the store and of its key entry
     * @return a new PKCS#12 key store holding the key and the certificate under the alias {@code server}
     * @throws IllegalStateException if the JDK has no PKCS#12 key store
     */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", keyPair.getPrivate(), password, new Certificate[] {certificate});
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store: " + e.getMessage(), e);
        }
    }

    /**
     * @return a new server-side TLS context presenting the certificate
     * @throws IllegalStateException if the JDK has no TLS
     */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(IN_MEMORY), IN_MEMORY);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server TLS context: " + e.getMessage(), e);
        }
    }
}
