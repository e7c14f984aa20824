package dev.ssmtpmailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.testing.TestCerts;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

class TlsTrustTest {
    private static final X509Certificate EXTRA_CA = TestCerts.selfSigned("extra-ca").certificate();

    @Test
    void trusting_extraCa_trustsItAndEveryJdkCaToo() throws Exception {
        X509ExtendedTrustManager jdkOnly = TlsTrust.trusting(List.of());
        X509Certificate jdkCa = jdkOnly.getAcceptedIssuers()[0];

        X509ExtendedTrustManager both = TlsTrust.trusting(List.of(EXTRA_CA));

        assertThat(both.getAcceptedIssuers()).contains(jdkOnly.getAcceptedIssuers()).contains(EXTRA_CA);
        both.checkServerTrusted(new X509Certificate[] {EXTRA_CA}, "RSA");
        both.checkServerTrusted(new X509Certificate[] {jdkCa}, jdkCa.getPublicKey().getAlgorithm());
    }

    @Test
    void trusting_noExtraCa_refusesAnUnknownCertificate() throws Exception {
        X509ExtendedTrustManager jdkOnly = TlsTrust.trusting(List.of());

        assertThatThrownBy(() -> jdkOnly.checkServerTrusted(new X509Certificate[] {EXTRA_CA}, "RSA"))
                .isInstanceOf(CertificateException.class);
    }
}
