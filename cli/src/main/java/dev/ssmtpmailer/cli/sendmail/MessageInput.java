package dev.ssmtpmailer.cli.sendmail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a message the way sendmail does: to the end of the input, or (without {@code -i}) to a line holding a
 * single dot; line ends become CRLF, as SMTP needs them, whatever the program wrote ({@code cron} and PHP write
 * bare LF).
 */
public final class MessageInput {
    private MessageInput() {
    }

    /** The message read; {@code tooLarge} when it outgrew the limit (then {@code bytes} holds only its start). */
    public record Result(byte[] bytes, boolean tooLarge) {
    }

    /**
     * @param in the message; read to its end (or its dot line, or until it is over {@code limit}, within a line
     *        too), not closed
     * @param dotEnds whether a line holding a single {@code .} ends the message (sendmail without {@code -i})
     * @param limit the largest message accepted, in bytes after the line ends became CRLF
     * @return the message with CRLF line ends, the last line ended too
     * @throws IOException if reading fails
     */
    public static Result read(InputStream in, boolean dotEnds, long limit) throws IOException {
        InputStream input = new BufferedInputStream(in, 64 * 1024);
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int b;
        while ((b = input.read()) != -1) {
            if (b != '\n') {
                line.write(b);
                // A line of 3 bytes or more is no dot line and will add at least its size - 1 (a last CR) + 2 (CRLF):
                // past the limit already, without waiting for a LF that may never come (head -c 3G /dev/zero).
                if (line.size() > 2 && out.size() + line.size() + 1 > limit) {
                    return new Result(out.toByteArray(), true);
                }
                continue;
            }
            byte[] l = withoutCr(line.toByteArray());
            line.reset();
            if (dotEnds && l.length == 1 && l[0] == '.') {
                return new Result(out.toByteArray(), false);
            }
            out.write(l);
            out.write('\r');
            out.write('\n');
            if (out.size() > limit) {
                return new Result(out.toByteArray(), true);
            }
        }
        if (line.size() > 0) {
            out.write(withoutCr(line.toByteArray()));
            out.write('\r');
            out.write('\n');
        }
        return new Result(out.toByteArray(), out.size() > limit);
    }

    private static byte[] withoutCr(byte[] l) {
        if (l.length > 0 && l[l.length - 1] == '\r') {
            byte[] shorter = new byte[l.length - 1];
            System.arraycopy(l, 0, shorter, 0, shorter.length);
            return shorter;
        }
        return l;
    }
}
