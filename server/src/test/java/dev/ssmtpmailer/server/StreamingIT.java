package dev.ssmtpmailer.server;

import dev.ssmtpmailer.testing.SmtpScript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 50 MB message through a server whose whole JVM has a 64 MB heap: the data is streamed, never held. */
class StreamingIT {
    @TempDir
    Path dir;

    @Test
    void data_50MegabytesWithXmx64m_acceptedAndCountedExactly() throws Exception {
        long size = 50L << 20;
        try (ChildServer child = ChildServer.start("64m", dir.resolve("child.log"), ServerMain.class, "count",
                Long.toString(size + (1 << 20)))) {
            byte[] line = ("y".repeat(1022) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] head = "Subject: fifty megabytes\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            long lines = (size - head.length) / line.length;
            String reply;
            try (SmtpScript s = new SmtpScript(child.port())) {
                s.send("EHLO client.example");
                assertThat(s.send("MAIL FROM:<a@example.org> SIZE=" + size)).startsWith("250");
                assertThat(s.send("RCPT TO:<contact-sales@mailer.domain1.com>")).startsWith("250");
                assertThat(s.send("DATA")).startsWith("354");
                OutputStream out = s.out();
                out.write(head);
                for (long i = 0; i < lines; i++) {
                    out.write(line);
                }
                out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                reply = s.reply();
            }

            assertThat(reply).startsWith("250 2.0.0 Ok: queued as C1");
            String accepted = child.await("ACCEPTED C1 ", 30);
            long counted = Long.parseLong(accepted.split(" ")[2]);
            long sent = head.length + lines * line.length;
            assertThat(counted).as("bytes the queue read: the Received header plus every byte sent")
                    .isGreaterThan(sent).isLessThan(sent + 400);
            long maxMemory = Long.parseLong(accepted.replaceAll(".*maxMemory=", ""));
            assertThat(maxMemory).as("the child's heap limit").isLessThanOrEqualTo(64L << 20);
            assertThat(child.isAlive()).isTrue();
        }
    }
}
