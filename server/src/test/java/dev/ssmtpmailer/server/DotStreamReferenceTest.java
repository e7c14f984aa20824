package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * DotStream gives the same result as the simple byte-at-a-time reader it replaced, over random wire bytes and
 * random segmentation (a property test, as {@link DotStreamProperties}; both run in the build).
 */
class DotStreamReferenceTest {

    /**
     * The line-at-a-time copy against the byte-at-a-time loop it replaced ({@link ByteAtATime}), over the bytes that
     * matter to dot-unstuffing and the terminator (stuffed dots, bare CR and LF, {@code \n.\r\n}, {@code \r.\r},
     * {@code .\n}), arriving in any pieces and read into any buffer sizes: the same bytes returned by each read, the
     * same exception, and the same bytes left for the next command.
     */
    @Property(tries = 3000)
    void read_anyWireBytes_sameAsTheByteAtATimeReader(@ForAll("wires") byte[] wire,
            @ForAll("sizes") List<Integer> pieces, @ForAll("sizes") List<Integer> reads,
            @ForAll @IntRange(min = 1, max = 100) int buffer) {
        InputStream session = pieces(wire, pieces);
        InputStream reference = pieces(wire, pieces);

        String got = reads(new DotStream(session), reads, buffer);
        String expected = reads(new ByteAtATime(reference), reads, buffer);

        assertThat(got).isEqualTo(expected);
        assertThat(rest(session)).isEqualTo(rest(reference));
    }

    /** Mostly dots, CR, LF and one letter; sometimes any byte; often ending with a terminator and a command. */
    @Provide
    Arbitrary<byte[]> wires() {
        Arbitrary<Byte> any = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of((byte) '.', (byte) '\r', (byte) '\n',
                (byte) 'a')), Tuple.of(1, Arbitraries.bytes()));
        Arbitrary<byte[]> tail = Arbitraries.of("", "", "\r\n.\r\n", "\r\n.\r\nQUIT\r\n", ".\r\nRSET\r\n")
                .map(t -> t.getBytes(StandardCharsets.US_ASCII));
        return any.array(byte[].class).ofMaxSize(200).flatMap(body -> tail.map(t -> {
            byte[] w = Arrays.copyOf(body, body.length + t.length);
            System.arraycopy(t, 0, w, body.length, t.length);
            return w;
        }));
    }

    /** Sizes of the pieces the socket delivers, or of the reads: used in turn, over and over. */
    @Provide
    Arbitrary<List<Integer>> sizes() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(1, 8)),
                Tuple.of(1, Arbitraries.integers().between(1, 300))).list().ofMinSize(1).ofMaxSize(8);
    }

    /** A session input whose socket delivers at most {@code sizes} bytes per read, in turn. */
    private static InputStream pieces(byte[] bytes, List<Integer> sizes) {
        InputStream raw = new ByteArrayInputStream(bytes) {
            private int next;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, sizes.get(next++ % sizes.size())));
            }
        };
        return new BufferedInputStream(raw, 16);
    }

    /**
     * @return what each read returned, in order, and how the data ended; reads of {@code sizes} in turn, at the end
     *         of a buffer of {@code buffer} bytes (so at an offset)
     */
    private static String reads(InputStream data, List<Integer> sizes, int buffer) {
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[buffer];
        try {
            for (int k = 0;; k++) {
                int len = Math.min(buffer, sizes.get(k % sizes.size()));
                int n = data.read(buf, buffer - len, len);
                if (n < 0) {
                    return out.append("end").toString();
                }
                out.append(Arrays.toString(Arrays.copyOfRange(buf, buffer - len, buffer - len + n))).append(' ');
            }
        } catch (IOException e) {
            return out.append(e).toString();
        }
    }

    private static String rest(InputStream session) {
        try {
            return Arrays.toString(session.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The DATA reader as it was before it copied a line at a time: the same blocks, marks and skips, with the
     * line state updated at every byte. Kept here as the reference of the property above.
     */
    private static final class ByteAtATime extends InputStream {
        private final InputStream in;
        private final byte[] chunk = new byte[64 * 1024];
        private boolean lineStart = true;
        private boolean prevCr;
        private boolean ended;

        ByteAtATime(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended || len == 0) {
                return ended ? -1 : 0;
            }
            while (true) {
                in.mark(chunk.length);
                int n = 0;
                int max = Math.min(chunk.length, Math.max(len, 3));
                while (n < 3) { // at least a terminator's length of look-ahead
                    int r = in.read(chunk, n, max - n);
                    if (r < 0) {
                        throw new EOFException("connection closed before the <CRLF>.<CRLF> that ends the data");
                    }
                    n += r;
                }
                int i = 0;
                int o = off;
                while (i < n && o < off + len) {
                    byte c = chunk[i];
                    if (lineStart && c == '.') {
                        if (i + 2 >= n) {
                            break;
                        }
                        if (chunk[i + 1] == '\r' && chunk[i + 2] == '\n') {
                            i += 3;
                            ended = true;
                            break;
                        }
                        if (chunk[i + 1] != '\r' && chunk[i + 1] != '\n') {
                            i++;
                            lineStart = false;
                            prevCr = false;
                            continue;
                        }
                    }
                    b[o++] = c;
                    i++;
                    lineStart = prevCr && c == '\n';
                    prevCr = c == '\r';
                }
                in.reset();
                for (long left = i; left > 0;) {
                    long s = in.skip(left);
                    if (s <= 0) {
                        throw new IOException("cannot skip within the session buffer");
                    }
                    left -= s;
                }
                if (o > off) {
                    return o - off;
                }
                if (ended) {
                    return -1;
                }
            }
        }
    }
}
