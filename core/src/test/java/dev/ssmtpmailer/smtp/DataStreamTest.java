package dev.ssmtpmailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.angus.mail.smtp.SMTPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DataStream} against the reference it replaces: Angus's {@code SMTPOutputStream}, its
 * {@code ensureAtBOL} and the {@code "."} line. Both write to a real socket; the bytes the peer reads must be
 * identical, whatever the content and however the caller splits its writes.
 */
class DataStreamTest {
    /** Bytes next to CR and LF, with and without the high bit: what a word-at-a-time search could mistake. */
    private static final byte[] NEAR_MISSES = {0x0B, 0x0C, 0x0E, 0x09, (byte) 0x8D, (byte) 0x8A, 0x00, (byte) 0xFF, 0x2E};
    private ServerSocket server;
    private ScheduledThreadPoolExecutor timer;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        timer = new ScheduledThreadPoolExecutor(1);
    }

    @AfterEach
    void stop() throws IOException {
        timer.shutdownNow();
        server.close();
    }

    @Test
    void write_edgeCases_sendsWhatAngusSends() throws IOException {
        String[] cases = {"", ".", "..", "\r\n", "\n", "\r", "\r\r\n", "\n\r", "a", "a\n.b", "a\r.b", ".\r\n.\r\n",
            "Subject: x\n\n.leading dot\nlast line without end", "\r\n.\r\n", "x\n\n\n.", "a\r\n\r\n..\r\n",
            "line\r", "trailing dot.", "...\n..\r\n.", "\r\r.", "\n\r", "\r\n\r", "0123456789\r\n.abcdefgh\r",
            "01234567\n.", "0123456\r\n.0123456\n0123456\r0"};
        for (String c : cases) {
            byte[] in = c.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(ours(in, new int[] {in.length})).as("%s", c.replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(angus(in, new int[] {in.length}));
        }
    }

    @Test
    void write_randomContentAndSplits_sendsWhatAngusSends() throws IOException {
        Random random = new Random(42);
        byte[] alphabet = {'\r', '\n', '.', 'a', 'b', ' ', '\t', 0x0C, (byte) 0x8D, 0x00};
        for (int round = 0; round < 300; round++) {
            byte[] in = new byte[random.nextInt(round < 250 ? 200 : 3 * DataStream.BUFFER)];
            for (int i = 0; i < in.length; i++) {
                in[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int[] splits = splits(random, in.length);
            assertThat(ours(in, splits)).as("round %d", round).isEqualTo(angus(in, splits));
        }
    }

    @Test
    void write_longCanonicalRunsWithRareChanges_sendsWhatAngusSends() throws IOException {
        // runs longer than the buffer go to the socket uncopied, or top up what waits in the buffer: lines
        // starting with a dot, bare CR and LF, 8-bit bytes and CRLF split across writes land anywhere in them
        // the rate of changes varies per round: one line in 400 (a change every 8.5 KB: only top-ups), one in
        // 50,000 and none, so whole unchanged buffers go out uncopied in two rounds in three
        Random random = new Random(7);
        int[] linesPerChange = {400, 50_000, 0};
        for (int round = 0; round < 45; round++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int size = random.nextInt(4 * DataStream.BUFFER);
            int rate = linesPerChange[round % linesPerChange.length];
            while (b.size() < size) {
                switch (rate == 0 ? -1 : random.nextInt(rate)) {
                    case 0 -> b.write('.');
                    case 1 -> b.write('\n');
                    case 2 -> b.write('\r');
                    default -> { }
                }
                for (int n = random.nextInt(120); n > 0; n--) {
                    b.write(0x20 + random.nextInt(0xE0));  // printable and 8-bit, never CR or LF
                }
                b.write('\r');
                b.write('\n');
            }
            byte[] in = b.toByteArray();
            int[] splits = round % 4 == 0 ? new int[] {in.length} : splits(random, in.length);
            assertThat(ours(in, splits)).as("round %d", round).isEqualTo(angus(in, splits));
        }
    }

    /**
     * A line-start dot, a bare CR and a bare LF at one before, at and one after the first buffer's end, in
     * content that is otherwise canonical (a first buffer without the change goes out uncopied), written whole or split
     * at one of those places, with a CRLF split across that write or not.
     */
    @Test
    void write_changesAndSplitsAroundTheBufferEnd_sendsWhatAngusSends() throws IOException {
        int k = DataStream.BUFFER;
        byte[] base = canonical(2 * k + 50);
        int[] places = {k - 1, k, k + 1};
        for (int at : places) {
            for (char change : new char[] {'.', '\r', '\n'}) {
                for (int split : new int[] {0, k - 1, k, k + 1}) {
                    for (boolean crlfAcross : new boolean[] {false, true}) {
                        byte[] in = base.clone();
                        if (split > 0 && crlfAcross) {
                            in[split - 1] = '\r';
                            in[split] = '\n';
                        }
                        switch (change) {
                            case '.' -> {
                                in[at - 2] = '\r';
                                in[at - 1] = '\n';
                                in[at] = '.';
                            }
                            case '\r' -> {
                                in[at] = '\r';
                                in[at + 1] = 'y';
                            }
                            default -> {
                                in[at - 1] = 'y';
                                in[at] = '\n';
                            }
                        }
                        int[] parts = split == 0 ? new int[] {in.length} : new int[] {split, in.length - split};
                        assertThat(ours(in, parts)).as("%s at %d, split at %d, CRLF across: %s",
                                change == '.' ? "." : change == '\r' ? "CR" : "LF", at, split, crlfAcross)
                                .isEqualTo(angus(in, parts));
                    }
                }
            }
        }
    }

    @Test
    void write_canonicalMessageUnderOneBuffer_isOneSocketWriteWithItsEndOfData() throws IOException {
        byte[] in = canonical(60_000);
        List<Boolean> fromCaller = new ArrayList<>();
        List<byte[]> writes = socketWrites(in, fromCaller);
        assertThat(writes).singleElement().satisfies(w -> {
            assertThat(w).hasSize(60_003);
            assertThat(Arrays.copyOfRange(w, 60_000, 60_003)).isEqualTo(".\r\n".getBytes(StandardCharsets.US_ASCII));
        });
    }

    @Test
    void write_canonicalTwoBuffersAndMore_isThreeWritesTheFirstTwoUncopied() throws IOException {
        byte[] in = canonical(2 * DataStream.BUFFER + 1000);
        List<Boolean> fromCaller = new ArrayList<>();
        List<byte[]> writes = socketWrites(in, fromCaller);
        assertThat(writes).extracting(w -> w.length).containsExactly(DataStream.BUFFER, DataStream.BUFFER, 1003);
        assertThat(fromCaller).containsExactly(true, true, false);
        assertThat(new String(writes.get(2), 1000, 3, StandardCharsets.US_ASCII)).isEqualTo(".\r\n");
    }

    /** @return the socket writes of {@code in} written in one piece and finished, each copied */
    private List<byte[]> socketWrites(byte[] in, List<Boolean> fromCaller) throws IOException {
        List<byte[]> writes = new ArrayList<>();
        exchange(socket -> {
            DataStream data = new DataStream(counting(socket, in, writes, fromCaller), timer, 10_000);
            data.write(in);
            data.finish();
        });
        return writes;
    }

    /** @return {@code size} bytes of 100-byte CRLF lines of 'x', ending with CRLF */
    private static byte[] canonical(int size) {
        byte[] in = new byte[size];
        Arrays.fill(in, (byte) 'x');
        for (int i = 99; i < size; i += 100) {
            in[i - 1] = '\r';
            in[i] = '\n';
        }
        in[size - 2] = '\r';
        in[size - 1] = '\n';
        return in;
    }

    /**
     * @return {@code socket}, whose output stream records a copy of each write and whether it wrote from
     *     {@code caller}'s array (uncopied)
     */
    private static Socket counting(Socket socket, byte[] caller, List<byte[]> writes, List<Boolean> fromCaller)
            throws IOException {
        OutputStream real = socket.getOutputStream();
        OutputStream recording = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes.add(Arrays.copyOfRange(b, off, off + len));
                fromCaller.add(b == caller);
                real.write(b, off, len);
            }
        };
        return new Socket() {
            @Override
            public OutputStream getOutputStream() {
                return recording;
            }

            @Override
            public synchronized void close() throws IOException {
                socket.close();
            }
        };
    }

    @Test
    void write_canonicalContentAroundBufferMultiples_arrivesUnchangedWithEndOfData() throws IOException {
        int[] sizes = {DataStream.BUFFER - 3, DataStream.BUFFER - 1, DataStream.BUFFER, DataStream.BUFFER + 1,
            2 * DataStream.BUFFER, 2 * DataStream.BUFFER + 2};
        for (int size : sizes) {
            byte[] in = canonical(size);
            byte[] expected = Arrays.copyOf(in, size + 3);
            expected[size] = '.';
            expected[size + 1] = '\r';
            expected[size + 2] = '\n';
            assertThat(ours(in, new int[] {size})).as("%d bytes", size).isEqualTo(expected);
            assertThat(ours(in, new int[] {1, size - 1})).as("%d bytes after one", size).isEqualTo(expected);
        }
    }

    @Test
    void lineEnd_findsTheFirstCrOrLfAtEveryOffset() {
        for (int at = 0; at < 20; at++) {
            for (byte end : new byte[] {'\r', '\n'}) {
                byte[] b = new byte[20];
                for (int i = 0; i < b.length; i++) {
                    b[i] = NEAR_MISSES[i % NEAR_MISSES.length];
                }
                b[at] = end;
                if (at + 1 < b.length) {
                    b[at + 1] = end == '\r' ? (byte) '\n' : (byte) '\r';
                }
                assertThat(DataStream.lineEnd(b, 0, b.length)).isEqualTo(at);
                assertThat(DataStream.lineEnd(b, 0, at)).isEqualTo(at);
            }
        }
    }

    @Test
    void lineEnd_randomBytesRichInControlBytes_findsWhatAByteLoopFinds() {
        Random random = new Random(11);
        byte[] alphabet = {'\r', '\n', '\t', 0x00, 0x01, 0x0B, 0x0C, 0x0E, (byte) 0x8A, (byte) 0x8D, (byte) 0xFF, 'a', ' '};
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) (0x0E + random.nextInt(0xF2));
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int expected = from;
            while (expected < b.length && b[expected] != '\r' && b[expected] != '\n') {
                expected++;
            }
            assertThat(DataStream.lineEnd(b, from, b.length)).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void write_canonicalMessageLargerThanTheBuffer_arrivesUnchangedWithEndOfData() throws IOException {
        StringBuilder b = new StringBuilder("Subject: big\r\n\r\n");
        while (b.length() < 2 * DataStream.BUFFER + 100) {
            b.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123\r\n");
        }
        byte[] in = b.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] expected = Arrays.copyOf(in, in.length + 3);
        expected[in.length] = '.';
        expected[in.length + 1] = '\r';
        expected[in.length + 2] = '\n';
        assertThat(ours(in, new int[] {in.length})).isEqualTo(expected);
    }

    @Test
    void flush_beforeFinish_sendsNothingYet() throws IOException {
        try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort()); Socket peer = server.accept()) {
            DataStream data = new DataStream(client, timer, 10_000);
            data.write("short\r\n".getBytes(StandardCharsets.US_ASCII));
            data.flush();
            assertThat(peer.getInputStream().available()).isZero();
            data.finish();
            assertThat(new String(peer.getInputStream().readNBytes(10), StandardCharsets.US_ASCII)).isEqualTo("short\r\n.\r\n");
        }
    }

    @Test
    void begin_afterAnUnfinishedMessage_startsClean() throws IOException {
        try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort()); Socket peer = server.accept()) {
            DataStream data = new DataStream(client, timer, 10_000);
            data.begin().write("abandoned, no line end".getBytes(StandardCharsets.US_ASCII));
            data.begin().write(".x\n".getBytes(StandardCharsets.US_ASCII));
            data.finish();
            assertThat(new String(peer.getInputStream().readNBytes(8), StandardCharsets.US_ASCII)).isEqualTo("..x\r\n.\r\n");
        }
    }

    @Test
    @Timeout(60)  // a safety net should the deadline never fire; the test measures no time
    void finish_peerStopsReading_closesTheSocketAtTheWriteTimeout() throws IOException {
        try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort()); Socket peer = server.accept()) {
            client.setSendBufferSize(4096);
            DataStream data = new DataStream(client, timer, 200);
            byte[] chunk = new byte[DataStream.BUFFER];
            Arrays.fill(chunk, (byte) 'x');
            assertThatThrownBy(() -> {
                while (true) {  // the peer never reads: the socket buffers fill, a write blocks until the deadline
                    data.write(chunk);
                }
            }).isInstanceOf(SocketException.class);
            assertThat(client.isClosed()).isTrue();
            assertThat(peer.isClosed()).isFalse();
        }
    }

    private static int[] splits(Random random, int length) {
        int[] parts = new int[1 + random.nextInt(8)];
        int left = length;
        for (int i = 0; i < parts.length - 1; i++) {
            parts[i] = left == 0 ? 0 : random.nextInt(left + 1);
            left -= parts[i];
        }
        parts[parts.length - 1] = left;
        return parts;
    }

    private byte[] ours(byte[] in, int[] parts) throws IOException {
        return exchange(socket -> {
            DataStream data = new DataStream(socket, timer, 10_000);
            writeInParts(data, in, parts);
            data.finish();
        });
    }

    /** Angus's path: {@code SMTPOutputStream} over the session's buffered stream, then ensureAtBOL and ".". */
    private byte[] angus(byte[] in, int[] parts) throws IOException {
        return exchange(socket -> {
            OutputStream session = new java.io.BufferedOutputStream(socket.getOutputStream());
            SMTPOutputStream data = new SMTPOutputStream(session);
            writeInParts(data, in, parts);
            data.ensureAtBOL();
            session.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            session.flush();
        });
    }

    private static void writeInParts(OutputStream out, byte[] in, int[] parts) throws IOException {
        int off = 0;
        for (int p : parts) {
            if (p == 1) {
                out.write(in[off]);  // the single-byte path too
            } else {
                out.write(in, off, p);
            }
            off += p;
        }
    }

    private interface Writer {
        void write(Socket socket) throws IOException;
    }

    /** Writes through a connected socket and returns every byte the peer read until the writer closed. */
    private byte[] exchange(Writer writer) throws IOException {
        try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort()); Socket peer = server.accept()) {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = peer.getInputStream()) {
                    in.transferTo(received);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            reader.start();
            writer.write(client);
            client.shutdownOutput();
            reader.join();
            return received.toByteArray();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
