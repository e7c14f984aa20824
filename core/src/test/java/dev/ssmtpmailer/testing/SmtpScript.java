package dev.ssmtpmailer.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** The raw-socket SMTP client of the test suites: send one line, read one (possibly multi-line) reply. */
public final class SmtpScript implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] lastLine = new byte[0];
    /** The server's greeting. */
    public final String banner;

    /** @param port a server on 127.0.0.1 @throws IOException if it cannot connect or read the banner */
    public SmtpScript(int port) throws IOException {
        this(null, port);
    }

    /**
     * @param from the local address to connect from, such as {@code 127.0.0.2} (another client on the same host);
     *        {@code null} for the system's choice
     * @param port a server on 127.0.0.1
     * @throws IOException if it cannot connect or read the banner
     */
    public SmtpScript(String from, int port) throws IOException {
        socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        banner = reply();
    }

    /**
     * Connects and greets the server as most tests begin.
     *
     * @param port a server on 127.0.0.1
     * @return the script after {@code EHLO client.example} was answered {@code 250}
     * @throws IOException if it cannot connect or read
     * @throws AssertionError if the server does not answer the EHLO with {@code 250}
     */
    public static SmtpScript ehlo(int port) throws IOException {
        SmtpScript s = new SmtpScript(port);
        s.expect("EHLO client.example", "250");
        return s;
    }

    /** @return the whole reply, lines joined with {@code \n}, without the final CRLF */
    public String send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    /**
     * Sends a line and checks the reply's start.
     *
     * @return the reply
     * @throws AssertionError if the reply does not start with {@code expected} (or the server closed)
     */
    public String expect(String line, String expected) throws IOException {
        return checked(line, expected, send(line));
    }

    private static String checked(String sent, String expected, String reply) {
        if (reply == null || !reply.startsWith(expected)) {
            throw new AssertionError("expected " + expected + " to " + sent + ", got " + reply);
        }
        return reply;
    }

    /**
     * Runs a dialog, one exchange a line: {@code COMMAND -> REPLY-START}, as in
     * {@code MAIL FROM:<a@example.org> -> 250}; a line {@code -> REPLY-START} without a command reads a reply
     * the server sends unasked (a {@code 421} before it closes). Blank lines are passed over.
     *
     * @throws AssertionError at the first reply that does not start as the line says
     */
    public void converse(String dialog) throws IOException {
        for (String exchange : dialog.split("\n")) {
            String line = exchange.strip();
            if (line.isEmpty()) {
                continue;
            }
            int arrow = line.startsWith("-> ") ? 0 : line.lastIndexOf(" -> ") + 1;
            if (arrow == 0 && !line.startsWith("-> ")) {
                throw new IllegalArgumentException("not COMMAND -> REPLY-START: " + line);
            }
            String command = line.substring(0, arrow).strip();
            String expected = line.substring(arrow + 2).strip();
            if (command.isEmpty()) {
                checked("nothing", expected, reply());
            } else {
                expect(command, expected);
            }
        }
    }

    /**
     * Starts a message: {@code MAIL FROM} and one {@code RCPT TO} a recipient, each answered {@code 250}.
     *
     * @param from the envelope sender, {@code ""} for the null sender
     * @param to the recipients
     * @throws AssertionError if the server refuses the sender or a recipient
     */
    public void envelope(String from, String... to) throws IOException {
        expect("MAIL FROM:<" + from + ">", "250");
        for (String rcpt : to) {
            expect("RCPT TO:<" + rcpt + ">", "250");
        }
    }

    /**
     * One message: {@link #envelope(String, String...)} for one recipient, then {@link #data(String)}.
     *
     * @return the reply to the end of the data
     */
    public String message(String from, String to, String message) throws IOException {
        envelope(from, to);
        return data(message);
    }

    /** Writes raw bytes without reading a reply. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    /** Writes a message's data after DATA's 354 and the final dot; returns the reply. */
    public String data(String message) throws IOException {
        String r = send("DATA");
        if (!r.startsWith("354")) {
            return r;
        }
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    public String reply() throws IOException {
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
    public byte[] lastLineBytes() {
        return lastLine.clone();
    }

    /** STARTTLS, trusting any certificate (the test checks what is offered, not PKI), then EHLO again. */
    public String startTls(String ehloName) throws Exception {
        String r = send("STARTTLS");
        if (!r.startsWith("220")) {
            return r;
        }
        return tlsHandshake(ehloName);
    }

    /**
     * After the server's {@code 220} to a {@code STARTTLS} the test sent itself: the handshake, trusting any
     * certificate, then EHLO again.
     *
     * @return the reply read first over TLS
     */
    public String tlsHandshake(String ehloName) throws Exception {
        SSLContext ctx = TestCerts.trustingAnyServer();
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        socket = tls;
        in = new BufferedInputStream(tls.getInputStream());
        out = tls.getOutputStream();
        return send("EHLO " + ehloName);
    }

    /** @param millis how long {@link #reply()} waits before it fails with a timeout */
    public void soTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public OutputStream out() {
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
