package dev.ssmtpmailer.cli.probe;

import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.cli.probe.ProbeStep.Step;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import dev.ssmtpmailer.config.TlsMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** A short, hand-driven SMTP session per account: EHLO, STARTTLS, AUTH, QUIT. */
final class SmtpProbe implements UpstreamProbe {
    private final TokenProvider tokens;
    private final Consumer<String> trace;

    SmtpProbe(TokenProvider tokens, Consumer<String> trace) {
        this.tokens = tokens;
        this.trace = trace;
    }

    @Override
    public ProbeReport probe(DomainConfig account, GlobalSettings global) {
        String host = account.smtpServer();
        int port = account.smtpPort();
        String server = host + ":" + port;
        String name = account.accountName() == null ? "-" : account.accountName();
        List<ProbeStep> steps = new ArrayList<>();

        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
            steps.add(new ProbeStep(Step.RESOLVE, true, Arrays.stream(addresses).map(InetAddress::getHostAddress)
                    .collect(Collectors.joining(", "))));
        } catch (UnknownHostException e) {
            steps.add(new ProbeStep(Step.RESOLVE, false, "cannot resolve " + host));
            return new ProbeReport(account.name(), name, server, steps);
        }

        Session s = null;
        try {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(addresses[0], port), millis(global.connectionTimeout().toMillis()));
                socket.setSoTimeout(millis(global.readTimeout().toMillis()));
            } catch (IOException e) {
                socket.close();
                steps.add(new ProbeStep(Step.CONNECT, false, "cannot connect to " + addresses[0].getHostAddress() + ":" + port
                        + ": " + e.getMessage()));
                return new ProbeReport(account.name(), name, server, steps);
            }
            String tlsDetail = null;
            if (account.tls() == TlsMode.IMPLICIT) {
                try {
                    SSLSocket ssl = wrap(socket, account, global);
                    tlsDetail = describe(ssl.getSession());
                    socket = ssl;
                } catch (IOException | GeneralSecurityException e) {
                    socket.close();
                    steps.add(new ProbeStep(Step.CONNECT, true, "connected to " + addresses[0].getHostAddress() + ":" + port));
                    steps.add(new ProbeStep(Step.TLS, false, "implicit TLS failed: " + tlsReason(e)));
                    return new ProbeReport(account.name(), name, server, steps);
                }
            }
            s = new Session(socket);
            Reply greeting = s.read();
            if (greeting.code != 220) {
                steps.add(new ProbeStep(Step.CONNECT, false, "greeting: " + greeting));
                return new ProbeReport(account.name(), name, server, steps);
            }
            Reply ehlo = s.command("EHLO " + ehloName(global));
            if (ehlo.code != 250) {
                steps.add(new ProbeStep(Step.CONNECT, false, "EHLO refused: " + ehlo));
                return new ProbeReport(account.name(), name, server, steps);
            }
            steps.add(new ProbeStep(Step.CONNECT, true, greeting.firstLine()));

            if (account.tls() == TlsMode.STARTTLS) {
                if (!ehlo.hasExtension("STARTTLS")) {
                    steps.add(new ProbeStep(Step.TLS, false, "server does not offer STARTTLS (use_starttls = true requires it)"));
                    return finish(s, account, name, server, steps);
                }
                Reply start = s.command("STARTTLS");
                if (start.code != 220) {
                    steps.add(new ProbeStep(Step.TLS, false, "STARTTLS refused: " + start));
                    return finish(s, account, name, server, steps);
                }
                try {
                    SSLSocket ssl = wrap(s.socket, account, global);
                    tlsDetail = describe(ssl.getSession());
                    s = new Session(ssl);
                } catch (IOException | GeneralSecurityException e) {
                    steps.add(new ProbeStep(Step.TLS, false, "TLS handshake failed: " + tlsReason(e)));
                    s.socket.close();
                    return new ProbeReport(account.name(), name, server, steps);
                }
                ehlo = s.command("EHLO " + ehloName(global));
                if (ehlo.code != 250) {
                    steps.add(new ProbeStep(Step.TLS, false, "EHLO after STARTTLS refused: " + ehlo));
                    return finish(s, account, name, server, steps);
                }
            }
            steps.add(new ProbeStep(Step.TLS, true, tlsDetail != null ? tlsDetail : "none (use_ssl = false, use_starttls = false)"));
            steps.add(auth(s, ehlo, account));
            return finish(s, account, name, server, steps);
        } catch (IOException e) {
            Step at = steps.isEmpty() ? Step.CONNECT : Step.values()[Math.min(steps.size(), Step.values().length - 1)];
            steps.add(new ProbeStep(at, false, "connection lost: " + e.getMessage()));
            return new ProbeReport(account.name(), name, server, steps);
        } finally {
            if (s != null) {
                s.closeQuietly();
            }
        }
    }

    private ProbeReport finish(Session s, DomainConfig account, String name, String server, List<ProbeStep> steps) {
        try {
            s.command("QUIT");
        } catch (IOException e) {
            // the checks are done; a server that hangs up without answering QUIT changes nothing
        }
        return new ProbeReport(account.name(), name, server, steps);
    }

    private ProbeStep auth(Session s, Reply ehlo, DomainConfig account) throws IOException {
        AuthMethod method = account.authMethod();
        if (method == AuthMethod.NONE) {
            return new ProbeStep(Step.AUTH, true, "none (auth_method = NONE)");
        }
        if (!ehlo.hasAuth(method.name())) {
            return new ProbeStep(Step.AUTH, false, "server does not offer AUTH " + method.name()
                    + " (offers: " + ehlo.extension("AUTH") + ")");
        }
        String login = account.login();
        Reply reply;
        switch (method) {
            case LOGIN -> {
                reply = s.command("AUTH LOGIN");
                if (reply.code == 334) {
                    reply = s.secret(b64(login));
                }
                if (reply.code == 334) {
                    reply = s.secret(b64(password(account)));
                }
            }
            case PLAIN -> reply = s.command("AUTH PLAIN", b64("\0" + login + "\0" + password(account)));
            case XOAUTH2 -> {
                String token;
                try {
                    token = tokens.accessToken(account);
                } catch (RuntimeException e) {
                    return new ProbeStep(Step.AUTH, false, "no access token: " + e.getMessage());
                }
                reply = s.command("AUTH XOAUTH2", b64("user=" + login + "\1auth=Bearer " + token + "\1\1"));
                if (reply.code == 334) {
                    reply = s.command("");
                }
            }
            default -> throw new IllegalStateException("unknown auth method " + method);
        }
        if (reply.code == 235) {
            return new ProbeStep(Step.AUTH, true, method.name() + " as " + login + ": " + reply);
        }
        return new ProbeStep(Step.AUTH, false, "authentication failed for " + login + " (" + method.name() + "): " + reply);
    }

    private static String password(DomainConfig account) {
        return account.password() == null ? "" : account.password().reveal();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String ehloName(GlobalSettings global) {
        return global.defaultHostname() != null ? global.defaultHostname() : "localhost";
    }

    private static SSLSocket wrap(Socket plain, DomainConfig account, GlobalSettings global)
            throws IOException, GeneralSecurityException {
        SSLSocketFactory factory = SmtpRelayClient.tlsSocketFactory(account, global);
        SSLSocket ssl = (SSLSocket) factory.createSocket(plain, account.smtpServer(), account.smtpPort(), true);
        if (account.verifyCertificates()) {
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
        }
        ssl.startHandshake();
        return ssl;
    }

    private static String describe(SSLSession session) throws IOException {
        Certificate[] chain = session.getPeerCertificates();
        StringBuilder b = new StringBuilder(session.getProtocol()).append(' ').append(session.getCipherSuite());
        if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
            b.append(", certificate ").append(x.getSubjectX500Principal().getName())
                    .append(", expires ").append(x.getNotAfter().toInstant());
        }
        return b.toString();
    }

    private static String tlsReason(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return e == t ? m : e.getMessage() + (m.equals(e.getMessage()) ? "" : " (" + m + ")");
    }

    private static int millis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, ms));
    }

    /** An SMTP reply: code and lines. */
    private record Reply(int code, List<String> lines) {
        String firstLine() {
            return lines.isEmpty() ? "" : lines.get(0);
        }

        boolean hasExtension(String name) {
            return extension(name) != null;
        }

        String extension(String name) {
            for (int i = 1; i < lines.size(); i++) {
                String l = lines.get(i).substring(Math.min(4, lines.get(i).length())).strip();
                String upper = l.toUpperCase(Locale.ROOT);
                if (upper.equals(name) || upper.startsWith(name + " ")) {
                    return l;
                }
            }
            return null;
        }

        boolean hasAuth(String mechanism) {
            String auth = extension("AUTH");
            return auth != null && Arrays.asList(auth.toUpperCase(Locale.ROOT).split("\\s+")).contains(mechanism);
        }

        @Override
        public String toString() {
            return lines.isEmpty() ? Integer.toString(code) : lines.get(lines.size() - 1);
        }
    }

    /** One connection's line reader and writer, tracing every line with secrets masked. */
    private final class Session {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        Reply read() throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("server closed the connection");
                }
                trace.accept("S: " + line);
                lines.add(line);
                if (line.length() < 4 || line.charAt(3) != '-') {
                    try {
                        return new Reply(Integer.parseInt(line.substring(0, Math.min(3, line.length()))), lines);
                    } catch (NumberFormatException e) {
                        throw new IOException("not an SMTP reply: " + line, e);
                    }
                }
            }
        }

        Reply command(String line) throws IOException {
            trace.accept("C: " + line);
            return send(line);
        }

        /** A command whose argument is a credential: traced as {@code command ******}. */
        Reply command(String command, String secretArgument) throws IOException {
            trace.accept("C: " + command + " ******");
            return send(command + " " + secretArgument);
        }

        Reply secret(String line) throws IOException {
            trace.accept("C: ******");
            return send(line);
        }

        private Reply send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing after the checks; nothing left to report
            }
        }
    }
}
