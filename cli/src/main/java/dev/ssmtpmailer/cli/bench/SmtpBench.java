package dev.ssmtpmailer.cli.bench;

import dev.ssmtpmailer.internal.TrustAnyServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLSocket;

/**
 * Sends {@link BenchSettings#messages()} messages over {@link BenchSettings#connections()} sessions and measures.
 *
 * <pre>{@code
 * BenchResult r = SmtpBench.run(settings, sent -> {});
 * System.out.printf("msgs/s: %.1f%n", r.messagesPerSecond());
 * }</pre>
 */
public final class SmtpBench {
    private SmtpBench() {
    }

    /**
     * @param settings what to send where
     * @param progress called with the number of messages finished so far (accepted or refused), from the
     *        sending threads
     * @return the counts and time
     * @throws InterruptedException if interrupted while waiting for the sessions
     */
    public static BenchResult run(BenchSettings settings, LongConsumer progress) throws InterruptedException {
        byte[] message = message(settings);
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(settings.connections(), r -> {
            Thread t = new Thread(r, "ssmtp-mailer-bench");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        try {
            List<Future<?>> sessions = new ArrayList<>();
            for (int c = 0; c < settings.connections(); c++) {
                int share = settings.messages() / settings.connections() + (c < settings.messages() % settings.connections() ? 1 : 0);
                sessions.add(pool.submit(() -> session(settings, share, message, accepted, refused, firstError, progress)));
            }
            for (Future<?> f : sessions) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    firstError.compareAndSet(null, "a session failed: " + e.getCause().getMessage());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new BenchResult(accepted.get(), refused.get(), Duration.ofNanos(System.nanoTime() - start), firstError.get());
    }

    private static void session(BenchSettings s, int count, byte[] message, AtomicLong accepted, AtomicLong refused,
                                AtomicReference<String> firstError, LongConsumer progress) {
        int sent = 0;
        try (Socket socket = new Socket()) {
            int timeout = (int) s.timeout().toMillis();
            socket.connect(new InetSocketAddress(s.host(), s.port()), timeout);
            socket.setSoTimeout(timeout);
            socket.setTcpNoDelay(true);
            Conversation c = new Conversation(socket);
            c.expect(c.read(), 220, "greeting");
            c.expect(c.command("EHLO bench.ssmtp-mailer"), 250, "EHLO");
            if (s.startTls()) {
                c.expect(c.command("STARTTLS"), 220, "STARTTLS");
                c = new Conversation(tls(socket, s.host(), s.port()));
                c.expect(c.command("EHLO bench.ssmtp-mailer"), 250, "EHLO");
            }
            for (; sent < count; sent++) {
                String error = c.transaction(s.from(), s.to(), message);
                if (error == null) {
                    accepted.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                    firstError.compareAndSet(null, error);
                    c.command("RSET");
                }
                progress.accept(accepted.get() + refused.get());
            }
            c.command("QUIT");
        } catch (IOException e) {
            refused.addAndGet(count - sent);
            firstError.compareAndSet(null, describe(e));
            progress.accept(accepted.get() + refused.get());
        }
    }

    /** @return why a session ended, in words: a name that did not resolve says so, as the relay's client does */
    private static String describe(Exception e) {
        if (e instanceof UnknownHostException) {
            return "cannot resolve " + e.getMessage() + " (DNS lookup failed)";
        }
        return (e instanceof SocketTimeoutException ? "timeout: " : "") + e.getMessage();
    }

    /** The benchmark sends no secrets and measures throughput; it takes any certificate. */
    private static Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) TrustAnyServer.context().getSocketFactory().createSocket(plain, host, port, true);
        ssl.startHandshake();
        return ssl;
    }

    /** A message of about the requested size: a few headers and lines of 76 characters, dot-stuffing never needed. */
    static byte[] message(BenchSettings s) {
        StringBuilder b = new StringBuilder();
        b.append("From: <").append(s.from()).append(">\r\nTo: <").append(s.to()).append(">\r\n")
                .append("Subject: ssmtp-mailer bench\r\nMessage-ID: <bench@ssmtp-mailer>\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (b.length() + line.length() <= s.size()) {
            b.append(line);
        }
        while (b.length() < s.size() - 2) {
            b.append('y');
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static final class Conversation {
        private final BufferedReader in;
        private final OutputStream out;

        Conversation(Socket socket) throws IOException {
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        String read() throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("server closed the connection");
                }
            } while (line.length() >= 4 && line.charAt(3) == '-');
            return line;
        }

        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read();
        }

        void expect(String reply, int code, String step) throws IOException {
            if (!reply.startsWith(Integer.toString(code))) {
                throw new IOException(step + " refused: " + reply);
            }
        }

        /** @return null when accepted, else the refusing reply */
        String transaction(String from, String to, byte[] message) throws IOException {
            String r = command("MAIL FROM:<" + from + ">");
            if (!r.startsWith("2")) {
                return "MAIL: " + r;
            }
            r = command("RCPT TO:<" + to + ">");
            if (!r.startsWith("2")) {
                return "RCPT: " + r;
            }
            r = command("DATA");
            if (!r.startsWith("354")) {
                return "DATA: " + r;
            }
            out.write(message);
            r = command(".");
            return r.startsWith("2") ? null : "end of data: " + r;
        }
    }
}
