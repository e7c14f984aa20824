package dev.ssmtpmailer.server;

import dev.ssmtpmailer.inbound.InboundListener;
import dev.ssmtpmailer.inbound.InboundRefusal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One client connection as the limits see it: every reply passes {@link #reply(byte[])}, which counts commands
 * and errors, slows the client down past the soft error limit and ends the connection past the hard one, the
 * command limit or the session time. The {@link ConnectionWatchdog} ends it when a write or the session
 * outlasts its bound. It is also where the session's events reach the server's {@link InboundListener}: every
 * refusal once ({@link #refused}), the session's opening and closing once each.
 *
 * <p>Counters are touched only by the session's thread; {@code ended} and the write start are read by the
 * watchdog and by {@link RelayServer#close()}.
 */
final class ClientConnection {
    private final Socket raw;
    private final InetAddress client;
    private final SessionSettings settings;
    private final long startNanos;
    private final CountDownLatch endedLatch = new CountDownLatch(1);
    private volatile String endReason;
    /** {@link System#nanoTime()} when the write in progress started, 0 when none is. */
    private volatile long writeStartedNanos;
    private boolean bannerSent;
    private int commands;
    private int errors;
    private int messages;
    private boolean inData;
    private boolean opened;
    private boolean closed;

    ClientConnection(Socket raw, SessionSettings settings) {
        this.raw = raw;
        this.client = raw.getInetAddress();
        this.settings = settings;
        this.startNanos = System.nanoTime();
    }

    /**
     * Applies the limits to one reply on its way to the client.
     *
     * @param reply one whole reply as the session wrote it, CRLF included
     * @return what to write: the reply, made ASCII, maybe followed by the {@code 421} that ends the connection
     */
    byte[] reply(byte[] reply) {
        byte[] ascii = ascii(reply);
        int code = code(ascii);
        if (!bannerSent) {
            bannerSent = true;
            return ascii;
        }
        if (code != 354 && code != 334) {
            commands++; // every command gets exactly one final reply; 354 and 334 are intermediate
        }
        if (code >= 400 && code != 421) {
            errors++;
        }
        if (errors >= settings.limits().softErrorLimit() && !settings.limits().errorDelay().isZero()) {
            pause(); // Postfix's smtpd_error_sleep_time: every reply is slowed past the soft limit
        }
        InboundRefusal closing = null;
        if (code == 421) {
            return ascii; // the session closes the connection itself
        }
        if (errors >= settings.limits().hardErrorLimit()) {
            closing = InboundRefusal.ERROR_LIMIT;
        } else if (commands >= settings.limits().maxCommandsPerSession()) {
            closing = InboundRefusal.COMMAND_LIMIT;
        } else if (System.nanoTime() - startNanos > settings.limits().maxSessionTime().toNanos()) {
            closing = InboundRefusal.SESSION_TIME;
        }
        if (closing == null) {
            return ascii;
        }
        String enhanced = closing == InboundRefusal.SESSION_TIME ? "4.4.2" : "4.7.0";
        byte[] bye = ("421 " + enhanced + " " + settings.hostName() + " Error: " + describe(closing)
                + ", closing connection\r\n").getBytes(StandardCharsets.US_ASCII);
        settings.log().info("{}: closing the connection, {}", client.getHostAddress(), describe(closing));
        endReason = describe(closing);
        refused(closing);
        byte[] both = new byte[ascii.length + bye.length];
        System.arraycopy(ascii, 0, both, 0, ascii.length);
        System.arraycopy(bye, 0, both, ascii.length, bye.length);
        return both;
    }

    /**
     * A message was queued: like Postfix, errors count only while a client delivers nothing, so a busy
     * legitimate client that makes a few mistakes is never slowed down for good; and so do commands, so that a
     * client streaming messages over one connection is never cut off (Postfix counts only junk commands).
     */
    void messageAccepted() {
        errors = 0;
        commands = 0;
        settings.listener().messageAccepted(client);
    }

    /** @param reason a refusal to report to the server's listener, once per refusal */
    void refused(InboundRefusal reason) {
        settings.listener().refused(client, reason);
    }

    /** The server admitted this connection: reported once. */
    void opened() {
        opened = true;
        settings.listener().sessionOpened(client);
    }

    /** The session of an admitted connection ended: reported once, however many times it is called. */
    void closed() {
        if (opened && !closed) {
            closed = true;
            settings.listener().sessionClosed(client);
        }
    }

    /** @return whether the connection was ended (past a limit, dropped, or the server closing) */
    boolean ended() {
        return endReason != null;
    }

    /** @return why the connection ended, or {@code null} */
    String endReason() {
        return endReason;
    }

    /**
     * Drops the connection: closes the socket, which also unblocks a write or read in progress, and wakes a
     * session delayed past the soft error limit. Safe from any thread, any number of times.
     *
     * @param reason said in the log line and in the failure the session sees
     */
    void drop(String reason) {
        if (endReason == null) {
            endReason = reason;
        }
        endedLatch.countDown();
        try {
            raw.close();
        } catch (IOException e) {
            // closing a socket that failed: nothing more to release
        }
    }

    void writeStarted() {
        writeStartedNanos = Math.max(System.nanoTime(), 1);
    }

    void writeEnded() {
        writeStartedNanos = 0;
    }

    /**
     * @param nowNanos {@link System#nanoTime()}
     * @return why the watchdog must drop this connection now ({@link InboundRefusal#WRITE_TIMEOUT} or
     *         {@link InboundRefusal#SESSION_TIME}), or {@code null}
     */
    InboundRefusal overdue(long nowNanos) {
        long write = writeStartedNanos;
        if (write != 0 && nowNanos - write > settings.limits().writeTimeout().toNanos()) {
            return InboundRefusal.WRITE_TIMEOUT;
        }
        // The session answers a command after the time limit with 421 itself; this is for one stuck in a read.
        if (nowNanos - startNanos > settings.limits().maxSessionTime().toNanos() + settings.limits().idleTimeout().toNanos() / 2) {
            return InboundRefusal.SESSION_TIME;
        }
        return null;
    }

    /** @return why a connection past one of its limits is closed, as the log and the {@code 421} say it */
    static String describe(InboundRefusal closing) {
        return switch (closing) {
            case ERROR_LIMIT -> "too many errors";
            case COMMAND_LIMIT -> "too many commands in one connection";
            case SESSION_TIME -> "session time limit exceeded";
            case WRITE_TIMEOUT -> "write timeout: the client does not read its replies";
            default -> closing.tag().replace('_', ' ');
        };
    }

    /** @return whether the session is reading the data of {@code DATA} or {@code BDAT}, not command lines */
    boolean inData() {
        return inData;
    }

    /** @param reading whether the session now reads message data (raw bytes) rather than command lines */
    void inData(boolean reading) {
        inData = reading;
    }

    /** @return the number of this message in the connection, counting from 1 */
    int startMessage() {
        return ++messages;
    }

    InetAddress client() {
        return client;
    }

    int errors() {
        return errors;
    }

    private void pause() {
        try {
            endedLatch.await(settings.limits().errorDelay().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Replies are ASCII (RFC 5321 section 2.4): anything else, such as an echoed UTF-8 address, becomes '?'.
     *
     * @param reply the session's bytes (a copy of its own: {@link GuardedSocket} hands each reply over once)
     * @return {@code reply} itself when it is ASCII already (every reply the server words itself), else a copy
     */
    private static byte[] ascii(byte[] reply) {
        byte[] out = reply;
        int bareLf = 0;
        for (int i = 0; i < out.length; i++) {
            int c = out[i] & 0xff;
            if (c == '\n' && (i == 0 || out[i - 1] != '\r')) {
                bareLf++;
            } else if (c >= 0x7f || c < 0x20 && c != '\r' && c != '\n' && c != '\t') {
                if (out == reply) {
                    out = reply.clone();
                }
                out[i] = '?';
            }
        }
        return bareLf == 0 ? out : crlf(out, bareLf);
    }

    /**
     * Ends every line of a reply with CRLF: SubEthaSMTP's help for a command ({@code HELP HELO}) separates its lines
     * with a bare LF, which RFC 5321 does not allow in a reply.
     */
    private static byte[] crlf(byte[] reply, int bareLf) {
        byte[] out = new byte[reply.length + bareLf];
        int o = 0;
        for (int i = 0; i < reply.length; i++) {
            if (reply[i] == '\n' && (i == 0 || reply[i - 1] != '\r')) {
                out[o++] = '\r';
            }
            out[o++] = reply[i];
        }
        return out;
    }

    /** The code of the reply's last line (the one a client acts on), or 0 if it has none. */
    private static int code(byte[] reply) {
        int end = reply.length;
        while (end > 0 && (reply[end - 1] == '\r' || reply[end - 1] == '\n')) {
            end--;
        }
        int start = end;
        while (start > 0 && reply[start - 1] != '\n') {
            start--;
        }
        if (end - start < 3) {
            return 0;
        }
        int code = 0;
        for (int i = start; i < start + 3; i++) {
            if (reply[i] < '0' || reply[i] > '9') {
                return 0;
            }
            code = code * 10 + reply[i] - '0';
        }
        return code;
    }
}
