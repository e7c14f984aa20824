package dev.ssmtpmailer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.testing.TestCerts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class TrustAnyServerTest {

    @Test
    void context_acceptsASelfSignedCertificateIssuedForAnotherName() throws Exception {
        TestCerts cert = TestCerts.selfSigned("elsewhere.invalid", "elsewhere.invalid");
        try (SSLServerSocket server = (SSLServerSocket) cert.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) TrustAnyServer.context().getSocketFactory()
                    .createSocket(server.getInetAddress(), server.getLocalPort())) {
                // a host name check, had the JDK added one, would refuse: the certificate names another host
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.startHandshake();

                assertThat(client.getSession().getPeerCertificates()[0]).isEqualTo(cert.certificate());
            }
            served.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void checkClientTrusted_refuses() {
        TrustAnyServer trust = new TrustAnyServer();

        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[0], "RSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(trust.getAcceptedIssuers()).isEmpty();
    }
}
