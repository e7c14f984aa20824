package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DATA reader scanning {@link ClientInput}'s buffer in place, as a session reads: at the edges of the socket
 * reads and of the buffer's growth, what comes out is what the mark/reset way gives, and what follows the
 * terminator stays for the session. Growth is cumulative: while each socket read fills the buffer (8, then 16, 32,
 * 64 KiB), the reads end about 8192, 24576, 57344 and 122880 bytes into the wire, then every 64 KiB (a few bytes
 * earlier: each growth moves the up to two bytes a scan keeps for a possible terminator to the new buffer); a
 * client whose reads are smaller than the buffer (8 KiB at a time) grows it only to 16 KiB, and its reads end
 * every 8 KiB.
 */
class DotStreamClientBufferTest {
    private static final byte[] NEXT = "RSET\r\n".getBytes(StandardCharsets.US_ASCII);
    /** The growth edges with reads that fill the buffer (see above), and those of 8 KiB reads. */
    private static final int[] EDGES = {8192, 16384, 24576, 32768, 57344, 65536, 65536 + 8192, 122880, 131072};

    /**
     * A socket's input: hands out at most {@code step} bytes per read, and none past {@code gate} until
     * {@link #open()} (a real socket would wait there for the client's next write; this one fails the test).
     */
    static final class Wire extends ByteArrayInputStream {
        private final int step;
        private int gate;
        /** Where each read ended, in bytes of the wire. */
        final List<Integer> readEnds = new ArrayList<>();

        Wire(byte[] wire, int step, int gate) {
            super(wire);
            this.step = step;
            this.gate = gate;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (pos >= gate && gate < count) {
                throw new AssertionError("read past byte " + gate + ": a socket would wait for the client here");
            }
            int n = super.read(b, off, Math.min(Math.min(len, step), gate - pos));
            readEnds.add(pos);
            return n;
        }

        /** Lets reads go on past the gate: the client has sent its next command. */
        synchronized void open() {
            gate = count;
        }
    }

    /** The client's side: its input in data mode over a socket that hands out at most {@code step} per read. */
    static ClientInput client(byte[] wire, int step) {
        return client(new Wire(wire, step, wire.length));
    }

    private static ClientInput client(Wire socket) {
        ClientConnection connection = new ClientConnection(new Socket(),
                new SessionSettings(null, "test", 0, null, null, null, null, null));
        connection.inData(true);
        return new ClientInput(socket, connection);
    }

    /** Reads the data with the session's buffer (as SubEthaSMTP's, 8 KiB) over the client's input. */
    private static byte[] read(byte[] wire, int step, int buffer, ClientInput client) throws IOException {
        InputStream session = new BufferedInputStream(client, 8192);
        byte[] got = readAll(DotStream.of(session, client), buffer);
        assertThat(session.readNBytes(NEXT.length)).as("left for the session").isEqualTo(NEXT);
        return got;
    }

    private static byte[] readAll(InputStream in, int bufSize) throws IOException {
        return DotStreamProperties.readAll(in, bufSize);
    }

    /** A message whose line ends and stuffed dots fall at and around each edge of the wire. */
    private static byte[] wireWithMarksAt(int shift, String mark) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int edge : EDGES) {
            int at = edge + shift;
            while (wire.size() < at - 2) {
                wire.write('a' + wire.size() % 26);
                if (wire.size() % 997 == 0 && wire.size() < at - 2) {
                    wire.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            wire.writeBytes(("\r\n" + mark).getBytes(StandardCharsets.US_ASCII));
        }
        wire.writeBytes("\r\n.\r\nRSET\r\n".getBytes(StandardCharsets.US_ASCII));
        return wire.toByteArray();
    }

    /** What the session buffer's way (the reference) reads from the same wire. */
    private static byte[] reference(byte[] wire) throws IOException {
        return readAll(new DotStream(new BufferedInputStream(new ByteArrayInputStream(wire), 8192)), 4096);
    }

    @ParameterizedTest
    @ValueSource(ints = {-3, -2, -1, 0, 1, 2, 3})
    void read_dotsAndLineEndsAcrossBlockEdges_sameAsThroughTheSessionBuffer(int shift) throws IOException {
        for (String mark : new String[] {"..x", "...", "..\r\n", ".\n.", "\r\n"}) {
            byte[] wire = wireWithMarksAt(shift, mark);
            byte[] expected = reference(wire);
            for (int step : new int[] {1 << 20, 65536, 8192, 1000, 7}) {
                for (int buffer : new int[] {1 << 20, 16384, 100}) {
                    assertThat(read(wire, step, buffer, client(wire, step)))
                            .as("mark %s, step %d, buffer %d", mark, step, buffer).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void read_aLineLongerThanABlock_whole() throws IOException {
        byte[] line = new byte[3 * ClientInput.DATA_BUFFER + 5];
        Arrays.fill(line, (byte) 'x');
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(line);
        wire.writeBytes("\r\n..y\r\n.\r\nRSET\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(line);
        expected.writeBytes("\r\n.y\r\n".getBytes(StandardCharsets.US_ASCII));

        for (int step : new int[] {1 << 20, 65536, 8192}) {
            assertThat(read(wire.toByteArray(), step, 65536, client(wire.toByteArray(), step)))
                    .isEqualTo(expected.toByteArray());
        }
    }

    /**
     * Data and terminator that end exactly where a socket read ends (one full 8 KiB buffer; or 64 KiB, the last
     * read of four), and the client sends its next command only after the reply: the reader must not read again
     * (on a real socket it would wait until the idle timeout). Read whole, and a byte per call (the terminator
     * then comes in a call of its own, with no more look-ahead than it needs).
     */
    @ParameterizedTest
    @CsvSource({"8192, 1, 65536", "8192, 1, 1", "65536, 4, 65536", "65536, 4, 1"})
    void read_aMessageOfExactlyOneBlock_endsAtItsTerminator(int block, int reads, int buffer) throws IOException {
        byte[] wire = new byte[block + NEXT.length];
        Arrays.fill(wire, 0, block - 5, (byte) 'z');
        System.arraycopy("\r\n.\r\n".getBytes(StandardCharsets.US_ASCII), 0, wire, block - 5, 5);
        System.arraycopy(NEXT, 0, wire, block, NEXT.length);
        Wire socket = new Wire(wire, block, block);
        ClientInput client = client(socket);
        InputStream session = new BufferedInputStream(client, 8192);

        byte[] got = readAll(DotStream.of(session, client), buffer);

        assertThat(got).isEqualTo(Arrays.copyOf(wire, block - 3));
        assertThat(socket.readEnds).as("socket reads").hasSize(reads).last().isEqualTo(block);
        socket.open();
        assertThat(session.readNBytes(NEXT.length)).as("left for the session").isEqualTo(NEXT);
    }

    /** The marks of {@link #EDGES} sit where the reads of a fast client end, up to two bytes early per growth. */
    @Test
    void read_aFastClient_readsEndAtTheGrowthEdges() throws IOException {
        byte[] wire = wireWithMarksAt(0, "..x");
        Wire socket = new Wire(wire, 1 << 20, wire.length);
        ClientInput client = client(socket);

        readAll(DotStream.of(new BufferedInputStream(client, 8192), client), 65536);

        assertThat(socket.readEnds.subList(0, 4)).satisfiesExactly(
                e -> assertThat(e).isBetween(8192 - 2, 8192), e -> assertThat(e).isBetween(24576 - 4, 24576),
                e -> assertThat(e).isBetween(57344 - 6, 57344), e -> assertThat(e).isBetween(122880 - 8, 122880));
    }

    @Test
    void buffer_growsOnlyWhileReadsFillIt_andStaysForTheConnection() throws IOException {
        byte[] small = "Subject: s\r\n\r\nbody\r\n.\r\nRSET\r\n".getBytes(StandardCharsets.US_ASCII);
        ClientInput quiet = client(small, 1 << 20);
        read(small, 1 << 20, 8192, quiet);
        assertThat(quiet.block()).hasSize(8192);

        byte[] large = wireWithMarksAt(0, "..x");
        ClientInput busy = client(large, 1 << 20);
        read(large, 1 << 20, 8192, busy);
        assertThat(busy.block()).hasSize(ClientInput.DATA_BUFFER);
    }

    @Test
    void read_clientClosesBeforeTheTerminator_failsAsAClosedConnection() {
        byte[] wire = "Subject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        ClientInput client = client(wire, 5);

        assertThatThrownBy(() -> readAll(DotStream.of(new BufferedInputStream(client, 8192), client), 64))
                .isInstanceOf(SocketException.class);
    }

    @Test
    void of_sessionBufferHoldsBytesOfItsOwn_readsThroughIt() throws IOException {
        byte[] wire = "Subject: s\r\n\r\n..body\r\n.\r\nRSET\r\n".getBytes(StandardCharsets.US_ASCII);
        ClientInput client = client(wire, 1 << 20);
        InputStream session = new BufferedInputStream(client, 8192);
        session.mark(1);
        session.read(); // the session's buffer now holds the rest of the socket read
        session.reset();

        assertThat(readAll(DotStream.of(session, client), 64)).isEqualTo(
                "Subject: s\r\n\r\n.body\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(session.readNBytes(NEXT.length)).isEqualTo(NEXT);
    }
}
