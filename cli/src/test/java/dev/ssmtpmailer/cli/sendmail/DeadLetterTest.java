package dev.ssmtpmailer.cli.sendmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTest {
    @TempDir
    Path dir;

    @Test
    void append_twoMessages_areAnMboxWithQuotedFromLines() throws IOException {
        Path mbox = dir.resolve("dead.letter");
        ZonedDateTime t = ZonedDateTime.of(2026, 12, 1, 4, 5, 6, 0, ZoneOffset.UTC);

        DeadLetter.append(mbox, "a@x.org", "Subject: one\r\n\r\nFrom here on\r\n".getBytes(StandardCharsets.UTF_8), t);
        DeadLetter.append(mbox, null, "Subject: two\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8), t);

        assertThat(Files.readString(mbox)).isEqualTo("From a@x.org Tue Dec 1 04:05:06 2026\nSubject: one\n\n>From here on\n\n"
                + "From MAILER-DAEMON Tue Dec 1 04:05:06 2026\nSubject: two\n\nbody\n\n");
        assertThat(Files.getPosixFilePermissions(mbox)).hasSize(2);
    }
}
