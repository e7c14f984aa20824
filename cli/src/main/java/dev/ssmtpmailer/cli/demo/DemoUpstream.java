package dev.ssmtpmailer.cli.demo;

import dev.ssmtpmailer.internal.SelfSignedCertificate;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The demo's stand-in for {@code smtp.gmail.com:587}: SubEthaSMTP on 127.0.0.1, a free port, STARTTLS required
 * before any other command, AUTH required (LOGIN or PLAIN) with one account, every accepted message recorded.
 */
final class DemoUpstream implements AutoCloseable {

    /** One message as the upstream received it (always over TLS: {@code requireTLS} refuses anything else). */
    record Received(String login, String envelopeSender, String recipient, String headers) {
    }

    private final SMTPServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> logins = new CopyOnWriteArrayList<>();

    DemoUpstream(SelfSignedCertificate certificate, String login, String password) {
        Objects.requireNonNull(password, "password");
        EasyAuthenticationHandlerFactory auth = new EasyAuthenticationHandlerFactory((user, pass, ctx) -> {
            if (!login.equals(user) || !password.equals(pass)) {
                throw new LoginFailedException();
            }
            logins.add(user);
        });
        server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("smtp.demo.invalid")
                .authenticationHandlerFactory(auth).requireAuth()
                .startTlsSocketFactory(certificate.serverContext()).requireTLS()
                .messageHandler((ctx, from, to, data) -> received.add(new Received(
                        ctx.getAuthenticationHandler().map(h -> String.valueOf(h.getIdentity())).orElse(null),
                        from, to, headers(data))))
                .build();
        server.start();
    }

    int port() {
        return server.getPortAllocated();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private static String headers(byte[] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    @Override
    public void close() {
        server.stop();
    }
}
