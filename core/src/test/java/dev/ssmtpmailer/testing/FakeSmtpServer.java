package dev.ssmtpmailer.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A scripted SMTP server on 127.0.0.1 for unit tests of the client: every reply can be chosen, connections
 * can be dropped or left silent, and every command line is recorded. No TLS; AUTH only as {@link #xoauth2Token} and {@link #loginPasswordReply} say.
 *
 * <p>Like Postfix it supports pipelining (RFC 2920): replies are queued while more input is already
 * available and sent together when the input runs dry or after DATA; each such group of commands is recorded
 * ({@link #groups()}), so a test can tell a pipelining client from a lock-step one. Like Postfix it also keeps
 * the transaction state: RCPT and DATA without an accepted MAIL get 503, DATA without an accepted recipient
 * gets 554.
 */
public final class FakeSmtpServer implements AutoCloseable, AfterEachCallback {
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<List<String>> groups = new CopyOnWriteArrayList<>();

    /** Reply to MAIL FROM. */
    public volatile String mailReply = "250 2.1.0 Ok";
    /** Reply to RCPT TO, per recipient address. */
    public volatile Function<String, String> rcptReply = rcpt -> "250 2.1.5 Ok";
    /** Reply to DATA. */
    public volatile String dataReply = "354 End data with <CR><LF>.<CR><LF>";
    /** Reply after the message content. */
    public volatile String endOfDataReply = "250 2.0.0 Ok: queued";
    /** When true, new connections get no greeting and nothing else. */
    public volatile boolean silent;
    /** Whether EHLO offers PIPELINING. */
    public volatile boolean pipelining = true;
    /** When true, DATA gets {@link #dataReply} even without an accepted recipient, as no real server does. */
    public volatile boolean dataWithoutRecipients;
    /**
     * When set, EHLO offers {@code AUTH XOAUTH2} and an initial response carrying this token gets {@code 235};
     * any other token gets what Gmail answers: {@code 334} with a base64 JSON error, then {@code 535} after the
     * client's empty line.
     */
    public volatile String xoauth2Token;
    /**
     * When set, EHLO offers {@code AUTH LOGIN}; the server asks for the user name and the password ({@code 334}
     * each), then answers the password with this reply, or drops the connection when it is empty.
     */
    public volatile String loginPasswordReply;

    /**
     * A server for one test: as a field, {@code @RegisterExtension final FakeSmtpServer server =
     * FakeSmtpServer.started();}, it is closed after the test's {@code @AfterEach} methods (so after the clients
     * they close).
     *
     * @return a server listening on a free loopback port
     */
    public static FakeSmtpServer started() {
        try {
            return new FakeSmtpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FakeSmtpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fake-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** @return how many connections were accepted */
    public int connections() {
        return connections.get();
    }

    /** @return every command line received, in order */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /**
     * @return the commands in the groups they arrived in: a group is what the server read before it had to
     *     answer (its input ran dry, or DATA needed its 354 before the content)
     */
    public List<List<String>> groups() {
        return List.copyOf(groups);
    }

    /** @return the content of every accepted message, dot-unstuffed, CRLF line ends */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Closes every open client connection from the server side, as a server does with idle sessions. */
    public void dropConnections() throws IOException {
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "fake-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            if (silent) {
                while (in.read() >= 0) {
                    // swallow everything, answer nothing
                }
                return;
            }
            send(out, "220 fake.example ESMTP");
            StringBuilder replies = new StringBuilder();
            List<String> group = new ArrayList<>();
            boolean mailOk = false;
            int rcptOk = 0;
            boolean authChallenged = false;
            int loginLines = 0;
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                group.add(line);
                if (loginLines > 0) {
                    String reply = --loginLines > 0 ? "334 UGFzc3dvcmQ6" : loginPasswordReply;
                    if (reply.isEmpty()) {
                        return; // dropped without a reply
                    }
                    send(out, reply);
                    continue;
                }
                if (authChallenged) {
                    authChallenged = false;
                    reply(replies, "535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 BadCredentials");
                    flush(out, replies, group);
                    continue;
                }
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(replies, "250-fake.example\r\n" + (pipelining ? "250-PIPELINING\r\n" : "")
                            + (xoauth2Token != null ? "250-AUTH XOAUTH2\r\n" : loginPasswordReply != null ? "250-AUTH LOGIN\r\n" : "")
                            + "250-8BITMIME\r\n250 ENHANCEDSTATUSCODES");
                    case "AUTH" -> {
                        if (loginPasswordReply != null) {
                            loginLines = 2;
                            reply(replies, "334 VXNlcm5hbWU6");
                            break;
                        }
                        authChallenged = !xoauth2(line);
                        reply(replies, authChallenged ? GMAIL_TOKEN_ERROR : "235 2.7.0 Accepted");
                    }
                    case "HELO" -> reply(replies, "250 fake.example");
                    case "MAIL" -> {
                        String reply = mailReply;
                        mailOk = reply.startsWith("2");
                        rcptOk = 0;
                        reply(replies, reply);
                    }
                    case "RCPT" -> {
                        String reply = mailOk ? rcptReply.apply(between(line, '<', '>')) : "503 5.5.1 Error: need MAIL command";
                        rcptOk += reply.startsWith("2") ? 1 : 0;
                        reply(replies, reply);
                    }
                    case "DATA" -> {
                        String reply = !mailOk ? "503 5.5.1 Error: need RCPT command"
                                : rcptOk == 0 && !dataWithoutRecipients ? "554 5.5.1 Error: no valid recipients" : dataReply;
                        reply(replies, reply);
                        if (reply.startsWith("354")) {
                            flush(out, replies, group);
                            messages.add(readData(in));
                            reply(replies, endOfDataReply);
                            mailOk = false;
                            rcptOk = 0;
                        }
                    }
                    case "RSET" -> {
                        mailOk = false;
                        rcptOk = 0;
                        reply(replies, "250 2.0.0 Ok");
                    }
                    case "NOOP" -> reply(replies, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        reply(replies, "221 2.0.0 Bye");
                        flush(out, replies, group);
                        return;
                    }
                    default -> reply(replies, "502 5.5.2 Error: command not recognized");
                }
                if (!in.ready()) {
                    flush(out, replies, group);
                }
            }
        } catch (SocketException e) {
            // dropped on purpose, or the client went away
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            open.remove(s);
        }
    }

    /** The challenge Gmail sends for a refused XOAUTH2 token: base64 of a JSON error. */
    private static final String GMAIL_TOKEN_ERROR = "334 " + Base64.getEncoder().encodeToString(
            "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}"
                    .getBytes(StandardCharsets.US_ASCII));

    /** @return whether the {@code AUTH XOAUTH2} line carries {@link #xoauth2Token} */
    private boolean xoauth2(String line) {
        String[] words = line.split(" ");
        if (words.length != 3 || !words[1].equalsIgnoreCase("XOAUTH2")) {
            return false;
        }
        String response = new String(Base64.getDecoder().decode(words[2]), StandardCharsets.UTF_8);
        return response.contains("\u0001auth=Bearer " + xoauth2Token + "\u0001");
    }

    private static String readData(BufferedReader in) throws IOException {
        StringBuilder b = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            b.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
        return b.toString();
    }

    private static String between(String line, char open, char close) {
        int a = line.indexOf(open);
        int b = line.indexOf(close, a + 1);
        return a >= 0 && b > a ? line.substring(a + 1, b) : line;
    }

    private static void reply(StringBuilder replies, String reply) {
        replies.append(reply).append("\r\n");
    }

    /** Sends the queued replies at once and closes the group of commands they answer. */
    private void flush(OutputStream out, StringBuilder replies, List<String> group) throws IOException {
        if (!group.isEmpty()) {
            groups.add(List.copyOf(group));
            group.clear();
        }
        out.write(replies.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        replies.setLength(0);
    }

    private static void send(OutputStream out, String reply) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(reply.getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.write(b.toByteArray());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
    }
}
