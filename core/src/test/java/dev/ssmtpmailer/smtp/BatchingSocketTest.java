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

    /** Writes the commands under a hold, as the client does for a pipelined group. */
    private static void commandsHeld(OutputStream out, String... lines) throws Exception {
        BatchingSocket.Hold hold = BatchingSocket.holdWrites();
        try {
            for (String line : lines) {
                command(out, line);
            }
        } finally {
            hold.close();
        }
    }

    @Test
    void write_whileHeld_sendsNothingThenEverythingWithTheNextWrite() throws Exception {
        Writes socket = new Writes();
        BatchingSocket.Batching out = new BatchingSocket.Batching(socket);

        commandsHeld(out, "MAIL FROM:<a@b.c>", "RCPT TO:<d@e.f>");
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
        commandsHeld(out, "NOOP");

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
        String[] lines = new String[100];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "RCPT TO:<user" + i + "@example.com>";
            expected.writeBytes((lines[i] + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        commandsHeld(out, lines);
        command(out, "DATA");
        expected.writeBytes("DATA\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(socket.writes).containsExactly(expected.toString(StandardCharsets.US_ASCII));
    }
}
