package dev.ssmtpmailer.cli.sendmail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code ~/dead.letter}, as sendmail and mailx keep it: a message that could not be sent is appended in mbox
 * format ({@code From sender date} line, {@code >From } quoting, LF line ends), readable with {@code mail -f}.
 */
public final class DeadLetter {
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

    private DeadLetter() {
    }

    /**
     * @param file the mbox file; created with mode 600 when missing (by the umask of the caller otherwise)
     * @param sender the envelope sender, or {@code null}
     * @param message the message, CRLF line ends
     * @param now the time on the separator line
     * @throws IOException if the file cannot be written
     */
    public static void append(Path file, String sender, byte[] message, ZonedDateTime now) throws IOException {
        String text = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        StringBuilder b = new StringBuilder("From ").append(sender == null || sender.isEmpty() ? "MAILER-DAEMON" : sender)
                .append(' ').append(ASCTIME.format(now)).append('\n');
        for (String line : text.split("\n", -1)) {
            b.append(line.matches(">*From .*") ? ">" + line : line).append('\n');
        }
        if (!text.endsWith("\n")) {
            b.append('\n');
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or not ours: the message is saved, which is what matters
        }
    }
}
