package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** DotStream over any bytes and any segmentation: the exact content back, or a clean end of stream. */
class DotStreamProperties {

    @Property(tries = 1000)
    void read_stuffedContent_givesTheContentBackAndLeavesTheNextCommand(@ForAll("messages") byte[] content,
            @ForAll @IntRange(min = 1, max = 40) int step, @ForAll @IntRange(min = 1, max = 100) int buffer)
            throws IOException {
        byte[] message = endWithCrLf(content);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(stuff(message));
        wire.writeBytes(".\r\nRSET\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream session = trickle(wire.toByteArray(), step);

        byte[] got = readAll(new DotStream(session), buffer);

        assertThat(got).isEqualTo(message);
        assertThat(session.readAllBytes()).isEqualTo("RSET\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The same, scanned in the client's buffer under the session's, as {@code serve} reads. */
    @Property(tries = 1000)
    void read_stuffedContent_inTheClientBuffer_givesTheContentBackAndLeavesTheNextCommand(
            @ForAll("messages") byte[] content, @ForAll @IntRange(min = 1, max = 40) int step,
            @ForAll @IntRange(min = 1, max = 100) int buffer) throws IOException {
        byte[] message = endWithCrLf(content);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(stuff(message));
        wire.writeBytes(".\r\nRSET\r\n".getBytes(StandardCharsets.US_ASCII));
        ClientInput client = DotStreamClientBufferTest.client(wire.toByteArray(), step);
        InputStream session = new BufferedInputStream(client, 8192);

        byte[] got = readAll(DotStream.of(session, client), buffer);

        assertThat(got).isEqualTo(message);
        assertThat(session.readNBytes(6)).isEqualTo("RSET\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Property(tries = 1000)
    void read_anyBytes_endsAtATerminatorOrWithEof(@ForAll("messages") byte[] wire,
            @ForAll @IntRange(min = 1, max = 40) int step) {
        try {
            byte[] got = readAll(new DotStream(trickle(wire, step)), 64);
            assertThat(got.length).isLessThanOrEqualTo(wire.length);
        } catch (EOFException expected) {
            // the bytes ended before <CRLF>.<CRLF>
        } catch (IOException e) {
            throw new AssertionError("only a clean end of stream is expected", e);
        }
    }

    /** Bytes rich in the characters that matter: CR, LF and dots. */
    @Provide
    Arbitrary<byte[]> messages() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.of((byte) '\r', (byte) '\n', (byte) '.', (byte) 'a', (byte) 0, (byte) 0xff)
                        .array(byte[].class).ofMaxSize(300));
    }

    /** What an RFC 5321 client sends: a dot at the start of a (CRLF) line doubled. */
    private static byte[] stuff(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            if (lineStart && message[i] == '.') {
                out.write('.');
            }
            out.write(message[i]);
            lineStart = message[i] == '\n' && i > 0 && message[i - 1] == '\r';
        }
        return out.toByteArray();
    }

    private static byte[] endWithCrLf(byte[] b) {
        int n = b.length;
        if (n == 0 || n >= 2 && b[n - 2] == '\r' && b[n - 1] == '\n') {
            return b;
        }
        byte[] out = Arrays.copyOf(b, n + 2);
        out[n] = '\r';
        out[n + 1] = '\n';
        return out;
    }

    private static InputStream trickle(byte[] bytes, int step) {
        InputStream raw = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
        return new BufferedInputStream(raw, 16);
    }

    static byte[] readAll(InputStream in, int bufSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[bufSize];
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
