package dev.ssmtpmailer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {

    @Test
    void issue_namesTheSubjectAndTheAlternativeNames_ipv4AsAnIpAddress() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.issue("smtp.test.invalid", Duration.ofDays(1), "127.0.0.1", "localhost");

        assertThat(c.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=smtp.test.invalid");
        assertThat(c.certificate().getIssuerX500Principal()).isEqualTo(c.certificate().getSubjectX500Principal());
        assertThat(c.certificate().getSubjectAlternativeNames())
                .containsExactly(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        c.certificate().verify(c.keyPair().getPublic());
    }

    @Test
    void issue_isValidFromADayAgo_untilValidForFromNow() {
        Instant before = Instant.now();
        SelfSignedCertificate c = SelfSignedCertificate.issue("x", Duration.ofDays(2), "localhost");

        assertThat(c.certificate().getNotBefore().toInstant()).isBeforeOrEqualTo(before.minus(Duration.ofHours(23)));
        assertThat(c.certificate().getNotAfter().toInstant()).isAfterOrEqualTo(before.plus(Duration.ofDays(2)).minusSeconds(1));
    }

    @Test
    void pems_readBackAsTheCertificateAndTheKey() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.issue("x", Duration.ofDays(1), "localhost");

        byte[] pem = c.certificatePem().getBytes(StandardCharsets.US_ASCII);
        assertThat(CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem)))
                .isEqualTo(c.certificate());
        String key = c.privateKeyPem();
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(key.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)))
                .isEqualTo(c.keyPair().getPrivate());
    }

    @Test
    void keyStore_holdsTheKeyAndCertificateUnderServer() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.issue("x", Duration.ofDays(1), "localhost");
        char[] password = "p".toCharArray();

        assertThat(c.keyStore(password).getCertificate("server")).isEqualTo(c.certificate());
        assertThat(c.keyStore(password).getKey("server", password)).isEqualTo(c.keyPair().getPrivate());
    }
}
