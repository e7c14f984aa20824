package dev.ssmtpmailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchingSocketTest {

    /** Records every write the socket would have made (a system call each). */
    private static final class Writes extends OutputStream {
        final List<String> writes = new ArrayList<>();
        int flushes;

        @Override
        public void write(int b) {
            writes.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(new String(b, off, len, StandardCharsets.US_ASCII));
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    private static void command(OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void write_whileHeld_sendsNothingThenEverythingWithTheNextWrite() throws Exception {
        Writes socket = new Writes();
        BatchingSocket.Batching out = new BatchingSocket.Batching(socket);

        BatchingSocket.Hold hold = BatchingSocket.holdWrites();
        try {
            command(out, "MAIL FROM:<a@b.c>");
            command(out, "RCPT TO:<d@e.f>");
        } finally {
            hold.close();
        }
        assertThat(socket.writes).isEmpty();
        assertThat(socket.flushes).isZero();
        assertThat(out.held()).isEqualTo(36);

        command(out, "DATA");

        assertThat(socket.writes).containsExactly("MAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\n");
        assertThat(socket.flushes).isEqualTo(1);
        assertThat(out.held()).isZero();
    }

    @Test
    void flush_afterHold_sendsHeldBytes() throws Exception {
        Writes socket = new Writes();
        BatchingSocket.Batching out = new BatchingSocket.Batching(socket);
        BatchingSocket.Hold hold = BatchingSocket.holdWrites();
        try {
            command(out, "NOOP");
        } finally {
            hold.close();
        }

        out.flush();

        assertThat(socket.writes).containsExactly("NOOP\r\n");
    }

    @Test
    void write_notHeld_passesEachWriteThrough() throws Exception {
        Writes socket = new Writes();
        BatchingSocket.Batching out = new BatchingSocket.Batching(socket);

        command(out, "MAIL FROM:<a@b.c>");
        command(out, "RCPT TO:<d@e.f>");

        assertThat(socket.writes).containsExactly("MAIL FROM:<a@b.c>\r\n", "RCPT TO:<d@e.f>\r\n");
        assertThat(socket.flushes).isEqualTo(2);
    }

    @Test
    void write_heldBeyondInitialBuffer_keepsEveryByte() throws Exception {
        Writes socket = new Writes();
        BatchingSocket.Batching out = new BatchingSocket.Batching(socket);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        BatchingSocket.Hold hold = BatchingSocket.holdWrites();
        try {
            for (int i = 0; i < 100; i++) {
                String line = "RCPT TO:<user" + i + "@example.com>";
                command(out, line);
                expected.writeBytes((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        } finally {
            hold.close();
        }
        command(out, "DATA");
        expected.writeBytes("DATA\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(socket.writes).containsExactly(expected.toString(StandardCharsets.US_ASCII));
    }
}
