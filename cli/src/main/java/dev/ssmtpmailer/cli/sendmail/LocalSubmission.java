package dev.ssmtpmailer.cli.sendmail;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * An SMTP session with the {@code serve} of this host: the message is handed over and spooled there, durably,
 * and {@code serve}'s workers deliver it with retries. Only a server whose greeting names {@code ssmtp-mailer}
 * is used, so that another MTA on the same port is never taken for it.
 */
public final class LocalSubmission implements AutoCloseable {
    /** Connecting to a local port answers at once; this only bounds an address that drops packets. */
    private static final int CONNECT_TIMEOUT_MS = 1_000;
    private static final int READ_TIMEOUT_MS = 120_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final PrintWriter trace;

    /** A reply of the server: its code and its last line. */
    public record Reply(int code, String text) {
        /** @return whether the code is 2xx or 3xx */
        public boolean positive() {
            return code >= 200 && code < 400;
        }
    }

    private LocalSubmission(Socket socket, PrintWriter trace) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.trace = trace;
    }

    /**
     * @param address where {@code serve} listens
     * @param trace where to print the dialogue ({@code -v}), or {@code null}
     * @return a session, greeted; empty when nothing listens there or what listens is not {@code ssmtp-mailer}
     */
    public static Optional<LocalSubmission> connect(InetSocketAddress address, PrintWriter trace) {
        // serve is on this host: never through a proxy, and without the proxy selector's set-up (a properties file
        // read and a SOCKS wrapper), which a freshly started sendmail would pay for nothing
        Socket socket = new Socket(Proxy.NO_PROXY);
        try {
            socket.connect(address, CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            LocalSubmission s = new LocalSubmission(socket, trace);
            Reply greeting = s.reply();
            if (greeting.code() == 220 && greeting.text().contains("ssmtp-mailer")) {
                return Optional.of(s);
            }
            s.close();
        } catch (IOException e) {
            closeQuietly(socket);
        }
        return Optional.empty();
    }

    /**
     * Sends one message: all recipients or none (a refused recipient ends the transaction before {@code DATA}).
     *
     * @param sender the envelope sender, empty for {@code <>}
     * @param recipients at least one
     * @param message the message, CRLF line ends, ending with CRLF
     * @return the reply to the end of the data ({@code 250 ... queued as ID}), or the first refusal
     * @throws IOException if the session breaks off
     */
    public Reply send(String sender, List<String> recipients, byte[] message) throws IOException {
        Reply r = command("EHLO localhost");
        if (!r.positive()) {
            return r;
        }
        r = command("MAIL FROM:<" + sender + "> SIZE=" + message.length);
        for (int i = 0; r.positive() && i < recipients.size(); i++) {
            r = command("RCPT TO:<" + recipients.get(i) + ">");
        }
        if (r.positive()) {
            r = command("DATA");
        }
        if (r.code() != 354) {
            command("RSET");
            return r;
        }
        writeDotStuffed(message);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (trace != null) {
            trace.printf("C: (%d bytes)%nC: .%n", message.length);
        }
        return reply();
    }

    /** A line that starts with a dot gets a second one (RFC 5321 4.5.2). */
    private void writeDotStuffed(byte[] message) throws IOException {
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
    }

    private Reply command(String line) throws IOException {
        if (trace != null) {
            trace.println("C: " + line);
        }
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    private Reply reply() throws IOException {
        while (true) {
            String line = line();
            if (trace != null) {
                trace.println("S: " + line);
                trace.flush();
            }
            if (line.length() < 3) {
                throw new IOException("malformed reply from the local server: " + line);
            }
            if (line.length() == 3 || line.charAt(3) != '-') {
                try {
                    return new Reply(Integer.parseInt(line.substring(0, 3)), line);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed reply from the local server: " + line, e);
                }
            }
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c == -1) {
                throw new IOException("the local server closed the connection");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** Says QUIT (without waiting long for the answer) and closes the connection. */
    @Override
    public void close() {
        try {
            socket.setSoTimeout(2_000);
            command("QUIT");
        } catch (IOException e) {
            // the message is already handed over or refused; the session's end changes nothing
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do: it was never used for a message
        }
    }
}
