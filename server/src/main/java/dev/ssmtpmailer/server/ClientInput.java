package dev.ssmtpmailer.server;

import dev.ssmtpmailer.inbound.InboundRefusal;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * What a session reads from its client, under the connection's limits.
 *
 * <ul>
 *   <li>Once the connection was ended, every read fails.</li>
 *   <li>A failure that is not a timeout, and the end of the stream, reach the session as a
 *       {@link SocketException}: SubEthaSMTP treats that as the client hanging up (one DEBUG line) where any
 *       other {@link IOException}, such as a TLS alert, was logged as a WARN with a stack trace.</li>
 *   <li>Outside {@code DATA} and {@code BDAT} it hands out one command line per read, so that SubEthaSMTP's
 *       buffer never holds more than the command being read, and every byte {@code 0xFF} as {@code 0xFE}.
 *       Why: SubEthaSMTP's UTF-8 reader mistakes a {@code 0xFF} after a lead byte for the end of the stream
 *       and throws an {@code EOFException}, a WARN with a stack trace; {@code 0xFE}, as invalid in UTF-8 as
 *       {@code 0xFF}, gets the {@code 501} and the close that any invalid UTF-8 gets.</li>
 *   <li>In {@code DATA}, {@link DotStream} usually scans the data in this buffer itself ({@link #buffer(int)}, see
 *       {@link DotStream} for when not), which grows from 8 KiB up to {@value #DATA_BUFFER} bytes while socket
 *       reads fill it.</li>
 *   <li>A read that times out ({@code server_idle_timeout}) is reported as
 *       {@link InboundRefusal#IDLE_TIMEOUT}.</li>
 * </ul>
 */
final class ClientInput extends InputStream {
    private static final int BUFFER = 8192;
    /**
     * The largest the buffer grows to while a message's data comes faster than it is read (each socket read fills
     * the whole buffer): a 100 KB message then takes two or three socket reads instead of thirteen. Kept for the
     * rest of the connection, so it costs up to 56 KiB more heap per connection that sent a large message (and as
     * much more of the JDK's per-thread native buffer that a socket read goes through); a connection that sends
     * only small messages keeps 8 KiB.
     */
    static final int DATA_BUFFER = 64 * 1024;

    private final InputStream in;
    private final ClientConnection connection;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int count;

    ClientInput(InputStream in, ClientConnection connection) {
        this.in = in;
        this.connection = connection;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        read(one, 0, 1);
        return one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (connection.ended()) {
            throw new SocketException("connection ended: " + connection.endReason());
        }
        if (pos == count) {
            fill();
        }
        int n = Math.min(len, count - pos);
        if (connection.inData()) {
            System.arraycopy(buf, pos, b, off, n);
        } else {
            for (int i = 0; i < n; i++) {
                byte c = buf[pos + i];
                b[off + i] = c == (byte) 0xFF ? (byte) 0xFE : c;
                if (c == '\n') {
                    n = i + 1; // the end of this command line: the next read starts the next one
                }
            }
        }
        pos += n;
        return n;
    }

    /** @return the bytes read from the socket and not yet handed out: a read of that many does not block */
    @Override
    public int available() {
        return count - pos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * For {@link DotStream}'s scan of the data in place, in this buffer (no copy into a block of its own):
     * makes at least {@code min} bytes readable from {@link #start()} to {@link #end()} in {@link #block()}, reading
     * the socket if fewer are buffered. The bytes the scan takes are passed with {@link #consume(int)}; the rest
     * stay for the session's next read (the client's pipelined next command).
     *
     * @param min at most 8 bytes
     * @throws SocketException if the connection was ended or fails, or the client closed it first
     * @throws SocketTimeoutException if the client sends nothing for {@code server_idle_timeout}
     */
    void buffer(int min) throws IOException {
        if (connection.ended()) {
            throw new SocketException("connection ended: " + connection.endReason());
        }
        while (count - pos < min) {
            int kept = count - pos;
            // the last socket read filled the buffer: the client sends faster than one buffer per read
            byte[] into = count == buf.length && buf.length < DATA_BUFFER
                    ? new byte[Math.min(DATA_BUFFER, buf.length * 2)] : buf;
            System.arraycopy(buf, pos, into, 0, kept);
            buf = into;
            pos = 0;
            count = kept; // right even if the read fails
            count += read(kept);
        }
    }

    /** @return the buffer that {@link #buffer(int)} filled */
    byte[] block() {
        return buf;
    }

    /** @return where the unread bytes start in {@link #block()} */
    int start() {
        return pos;
    }

    /** @return where the unread bytes end in {@link #block()} */
    int end() {
        return count;
    }

    /** @param n bytes from {@link #start()} that were used */
    void consume(int n) {
        pos += n;
    }

    private void fill() throws IOException {
        count = read(0);
        pos = 0;
    }

    /** One socket read into the buffer from {@code at} to its end. */
    private int read(int at) throws IOException {
        int r;
        try {
            r = in.read(buf, at, buf.length - at);
        } catch (SocketTimeoutException e) {
            // server_idle_timeout: SubEthaSMTP answers 421 and ends the session, so this is the one report
            connection.refused(InboundRefusal.IDLE_TIMEOUT);
            throw e;
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            SocketException s = new SocketException(e.toString());
            s.initCause(e);
            throw s;
        }
        if (r < 0) {
            throw new SocketException("the client closed the connection");
        }
        return r;
    }
}
