package dev.ssmtpmailer.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A raw-socket SMTP client for tests: send one line, read one (possibly multi-line) reply. */
final class SmtpScript implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] lastLine = new byte[0];
    final String banner;

    SmtpScript(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        banner = reply();
    }

    /** @return the whole reply, lines joined with {@code \n}, without the final CRLF */
    String send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    /** Writes raw bytes without reading a reply. */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    /** Writes a message's data after DATA's 354 and the final dot; returns the reply. */
    String data(String message) throws IOException {
        String r = send("DATA");
        if (!r.startsWith("354")) {
            return r;
        }
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                return all.length() == 0 ? null : all.toString();
            }
            if (all.length() > 0) {
                all.append('\n');
            }
            all.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        lastLine = b.toByteArray();
        return b.toString(StandardCharsets.UTF_8);
    }

    /** @return the bytes of the last line read, as the server sent them */
    byte[] lastLineBytes() {
        return lastLine.clone();
    }

    /** STARTTLS, trusting any certificate (the test checks what is offered, not PKI), then EHLO again. */
    String startTls(String ehloName) throws Exception {
        String r = send("STARTTLS");
        if (!r.startsWith("220")) {
            return r;
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        socket = tls;
        in = new BufferedInputStream(tls.getInputStream());
        out = tls.getOutputStream();
        return send("EHLO " + ehloName);
    }

    /** @param millis how long {@link #reply()} waits before it fails with a timeout */
    void soTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    OutputStream out() {
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
