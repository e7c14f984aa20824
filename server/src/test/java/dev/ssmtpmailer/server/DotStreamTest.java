package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DATA reader: terminator, dot-unstuffing, block boundaries, and what is left for the next command. */
class DotStreamTest {

    /** A stream that hands out at most {@code step} bytes per read, like a socket delivering small segments. */
    private static InputStream trickle(String s, int step) {
        InputStream raw = new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
        return new BufferedInputStream(raw, 16);
    }

    private static String readAll(InputStream in, int bufSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[bufSize];
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 1000})
    void read_anySegmentation_unstuffsAndStopsAtTheTerminator(int step) throws IOException {
        String data = "Subject: x\r\n\r\n..one\r\n.two\r\nthree.\r\n...\r\n\r\nend\r\n.\r\nNOOP\r\n";
        for (int buf : new int[] {1, 2, 4, 64}) {
            InputStream session = trickle(data, step);

            String got = readAll(new DotStream(session), buf);

            assertThat(got).isEqualTo("Subject: x\r\n\r\n.one\r\ntwo\r\nthree.\r\n..\r\n\r\nend\r\n");
            assertThat(new String(session.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("NOOP\r\n");
        }
    }

    @Test
    void read_emptyMessage_endsAtOnce() throws IOException {
        InputStream session = trickle(".\r\nQUIT\r\n", 1);

        assertThat(readAll(new DotStream(session), 8)).isEmpty();
        assertThat(new String(session.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("QUIT\r\n");
    }

    @Test
    void read_dotCrLfInsideALine_isData() throws IOException {
        assertThat(readAll(new DotStream(trickle("a.\r\nb .\r\n.\r\n", 3)), 16)).isEqualTo("a.\r\nb .\r\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 1000})
    void read_dotBeforeABareLineEnd_keptAsReceived(int step) throws IOException {
        String data = "a\r\n.\nb\r\n.\rc\r\n..\nd\r\n";

        assertThat(readAll(new DotStream(trickle(data + ".\r\n", step)), 16))
                .isEqualTo("a\r\n.\nb\r\n.\rc\r\n.\nd\r\n");
    }

    @Test
    void read_connectionClosedBeforeTheTerminator_throwsEof() {
        assertThatThrownBy(() -> readAll(new DotStream(trickle("Subject: x\r\n\r\nbody\r\n", 4)), 16))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void readToTheEnd_leavesTheNextCommand() throws IOException {
        InputStream session = trickle("a\r\nb\r\n.\r\nRSET\r\n", 2);
        DotStream d = new DotStream(session);
        assertThat(d.read()).isEqualTo('a');

        d.transferTo(OutputStream.nullOutputStream()); // as DataCommand.receive reads what the queue left

        assertThat(d.read()).isEqualTo(-1);
        assertThat(new String(session.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("RSET\r\n");
    }

    @Test
    void read_onAnotherThreadThanTheMaker_notMixedWithThatThreadsSession() throws Exception {
        CountDownLatch filled = new CountDownLatch(1);
        CountDownLatch otherSessionRead = new CountDownLatch(1);
        // Stops inside the first fill, after the block has been written, until this thread has read a message of its
        // own: a block buffer shared with this thread would then hold the other message's bytes.
        InputStream session = new BufferedInputStream(new ByteArrayInputStream(
                "mine\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)), 16) {
            private boolean first = true;

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (first) {
                    first = false;
                    filled.countDown();
                    await(otherSessionRead);
                }
                return n;
            }
        };
        DotStream made = new DotStream(session); // made on this thread, read on another one
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<String> got = reader.submit(() -> readAll(made, 64));
            await(filled);
            assertThat(readAll(new DotStream(trickle("another session's data\r\n.\r\n", 1000)), 64))
                    .isEqualTo("another session's data\r\n");
            otherSessionRead.countDown();

            assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo("mine\r\n");
        } finally {
            reader.shutdownNow();
        }
    }

    /** Waits for {@code latch}; the limit only keeps a broken build from hanging, it asserts nothing about time. */
    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IOException("the other thread never got there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
