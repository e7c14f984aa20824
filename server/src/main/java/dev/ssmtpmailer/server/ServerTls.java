package dev.ssmtpmailer.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.subethamail.smtp.server.SSLSocketCreator;

/**
 * The server's certificate and key for STARTTLS, read from {@code ssl_dir}:
 * <ul>
 *   <li>{@value #P12}: a PKCS#12 key store with one key entry; its password is the first line of
 *       {@value #P12_PASSWORD} (empty when that file is missing); or</li>
 *   <li>{@value #CERT} (PEM: the certificate, then any intermediate certificates) and {@value #KEY} (PEM: an
 *       unencrypted PKCS#8 {@code PRIVATE KEY}, or a PKCS#1 {@code RSA PRIVATE KEY}).</li>
 * </ul>
 * The {@code *.pem} files beside them are trusted CA certificates for upstream connections, not the server's.
 */
final class ServerTls {
    static final String P12 = "server.p12";
    static final String P12_PASSWORD = "server.p12.password";
    static final String CERT = "server.crt";
    static final String KEY = "server.key";

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private ServerTls() {
    }

    /**
     * The server's certificate as read from {@code ssl_dir} at one moment: the context is built from the same bytes
     * the fingerprint digests, so a reload never pairs one file's context with another's fingerprint.
     *
     * @param context what {@code STARTTLS} wraps connections with
     * @param fingerprint a digest of the files read ({@code ""} when there were none)
     * @param key the server's private key
     * @param leaf the server's own certificate (the first of the chain)
     */
    record Material(SSLContext context, String fingerprint, PrivateKey key, X509Certificate leaf) {
        /**
         * Checks what a handshake would find out too late: that the key belongs to the certificate (a renewed
         * {@value #CERT} beside the old {@value #KEY}, copied between two steps of a deploy hook) and that the
         * certificate is valid now.
         *
         * @param sslDir where it was read, for the message
         * @throws ServerException if the key is not the certificate's or the certificate is expired or not yet valid
         */
        void check(Path sslDir) {
            try {
                leaf.checkValidity();
            } catch (CertificateException e) {
                throw new ServerException("the server certificate in ssl_dir " + sslDir + " is not valid now (valid "
                        + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")", e);
            }
            if (!matches(key, leaf)) {
                throw new ServerException("the server key in ssl_dir " + sslDir + " does not belong to its certificate ("
                        + leaf.getSubjectX500Principal().getName() + ")");
            }
        }
    }

    /**
     * @param sslDir {@code ssl_dir}, or {@code null}
     * @return the TLS context, or empty when the directory holds no server certificate (STARTTLS is then not offered)
     * @throws ServerException if the files are incomplete or unreadable
     */
    static Optional<Material> load(Path sslDir) {
        return load(sslDir, read(sslDir));
    }

    /**
     * @param sslDir {@code ssl_dir}, or {@code null}
     * @return the server's files in it as they are now, name to content, in a fixed order; empty when there are none
     * @throws ServerException if one cannot be read
     */
    static Map<String, byte[]> read(Path sslDir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (sslDir == null) {
            return files;
        }
        try {
            for (String name : List.of(P12, P12_PASSWORD, CERT, KEY)) {
                Path file = sslDir.resolve(name);
                if (Files.isRegularFile(file)) {
                    files.put(name, Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new ServerException("cannot read the server certificate and key in ssl_dir " + sslDir + ": " + e, e);
        }
        return files;
    }

    /**
     * @param sslDir {@code ssl_dir}, for the messages
     * @param files what {@link #read} returned for it
     * @return the certificate in those bytes, or empty when there is none (STARTTLS is then not offered)
     * @throws ServerException if the files are incomplete or unreadable
     */
    static Optional<Material> load(Path sslDir, Map<String, byte[]> files) {
        String fingerprint = fingerprint(files);
        try {
            if (files.containsKey(P12)) {
                byte[] pw = files.get(P12_PASSWORD);
                char[] password = pw == null ? NO_PASSWORD
                        : new String(pw, StandardCharsets.UTF_8).lines().findFirst().orElse("").toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(new ByteArrayInputStream(files.get(P12)), password);
                for (String alias : Collections.list(ks.aliases())) {
                    if (ks.isKeyEntry(alias)) {
                        return Optional.of(new Material(context(ks, password), fingerprint,
                                (PrivateKey) ks.getKey(alias, password), (X509Certificate) ks.getCertificateChain(alias)[0]));
                    }
                }
                throw new GeneralSecurityException(P12 + " holds no key entry");
            }
            boolean hasCert = files.containsKey(CERT);
            boolean hasKey = files.containsKey(KEY);
            if (!hasCert && !hasKey) {
                return Optional.empty();
            }
            if (hasCert != hasKey) {
                throw new ServerException("ssl_dir " + sslDir + " holds " + (hasCert ? CERT : KEY) + " but not "
                        + (hasCert ? KEY : CERT) + ": STARTTLS needs both (or " + P12 + ")");
            }
            List<Certificate> chain = certificates(sslDir.resolve(CERT), files.get(CERT));
            PrivateKey privateKey = privateKey(sslDir.resolve(KEY), files.get(KEY));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", privateKey, NO_PASSWORD, chain.toArray(new Certificate[0]));
            return Optional.of(new Material(context(ks, NO_PASSWORD), fingerprint, privateKey,
                    (X509Certificate) chain.get(0)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new ServerException("cannot read the server certificate and key in ssl_dir " + sslDir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param files what {@link #read} returned
     * @return a digest of them ({@code ""} when there are none), which tells a renewed certificate from the one in
     *         use without parsing either
     */
    static String fingerprint(Map<String, byte[]> files) {
        if (files.isEmpty()) {
            return "";
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach((name, bytes) -> {
                digest.update(name.getBytes(StandardCharsets.US_ASCII));
                digest.update(bytes);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * @param sslDir {@code ssl_dir}, or {@code null}
     * @return a digest of the server's files in it as they are now ({@code ""} when there are none)
     */
    static String fingerprint(Path sslDir) {
        try {
            return fingerprint(read(sslDir));
        } catch (ServerException e) {
            return "unreadable: " + e.getMessage(); // differs from any digest: a reload tries, and reports what is wrong
        }
    }

    /** Signs a random block with the key and verifies it with the certificate's public key. */
    private static boolean matches(PrivateKey key, X509Certificate leaf) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // EdDSA, Ed25519
        };
        try {
            byte[] block = new byte[32];
            new SecureRandom().nextBytes(block);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(block);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(block);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another algorithm than the certificate's
        }
    }

    private static SSLContext context(KeyStore ks, char[] password) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static List<Certificate> certificates(Path file, byte[] pem) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = new ArrayList<>(cf.generateCertificates(new ByteArrayInputStream(pem)));
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no certificate");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file, byte[] pem) throws GeneralSecurityException {
        Matcher m = PEM.matcher(new String(pem, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new GeneralSecurityException(file + " holds no PEM private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        byte[] pkcs8 = switch (m.group(1)) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> rsaPkcs1ToPkcs8(der);
            default -> throw new GeneralSecurityException(file + " holds a '" + m.group(1)
                    + "'; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName());
        };
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // the PEM label does not say the algorithm: try the next one
            }
        }
        throw new GeneralSecurityException(file + ": not an RSA, EC or Ed25519 private key");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL). */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
                0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len;
        if (n < 0x80) {
            len = new byte[] {(byte) n};
        } else if (n < 0x100) {
            len = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }

    /**
     * Wraps an accepted connection for STARTTLS with the JDK's default protocols and cipher suites (TLS 1.2
     * and 1.3), unlike SubEthaSMTP's own factory, which enables every supported protocol; and without the
     * reverse DNS lookup that factory makes.
     */
    static SSLSocketCreator socketCreator(Supplier<SSLContext> contextInUse) {
        return socket -> {
            SSLContext context = contextInUse.get();
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            Socket s = context.getSocketFactory().createSocket(socket, remote.getAddress().getHostAddress(),
                    socket.getPort(), true);
            SSLSocket ssl = (SSLSocket) s;
            ssl.setUseClientMode(false);
            return ssl;
        };
    }
}
