package dev.ssmtpmailer.cli.sendmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageInputTest {
    private static MessageInput.Result read(String text, boolean dotEnds, long limit) throws IOException {
        return MessageInput.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), dotEnds, limit);
    }

    private static String text(MessageInput.Result r) {
        return new String(r.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void read_bareLfAndMissingLastLineEnd_becomeCrlf() throws IOException {
        assertThat(text(read("Subject: x\n\nline one\r\nline two", false, 1000))).isEqualTo("Subject: x\r\n\r\nline one\r\nline two\r\n");
    }

    @Test
    void read_dotLineWithoutI_endsTheMessage() throws IOException {
        assertThat(text(read("Subject: x\n\nbody\n.\nafter\n", true, 1000))).isEqualTo("Subject: x\r\n\r\nbody\r\n");
    }

    @Test
    void read_dotLineWithI_isPartOfTheMessage() throws IOException {
        assertThat(text(read("body\n.\nafter\n", false, 1000))).isEqualTo("body\r\n.\r\nafter\r\n");
    }

    @Test
    void read_overTheLimit_isTooLarge() throws IOException {
        assertThat(read("0123456789\n0123456789\n", false, 15).tooLarge()).isTrue();
        assertThat(read("0123456789\n", false, 12).tooLarge()).isFalse();
    }

    @Test
    void read_aLineWithoutEndPastTheLimit_stopsReadingSoon_insteadOfHoldingItAll() throws IOException {
        long[] given = {0};
        InputStream zeros = new InputStream() { // head -c 3G /dev/zero, 64 MiB of it here
            @Override
            public int read() {
                return given[0]++ < 64L << 20 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = (int) Math.min(len, (64L << 20) - given[0]);
                given[0] += Math.max(n, 0);
                return n <= 0 ? -1 : n;
            }
        };

        assertThat(MessageInput.read(zeros, true, 100).tooLarge()).isTrue();
        assertThat(given[0]).as("bytes taken from the input").isLessThan(1 << 20);
    }

    @Test
    void read_linesUpToTheLimitExactly_fit_andADotLineAtTheLimitStillEnds() throws IOException {
        assertThat(read("abc\n", false, 5).tooLarge()).isFalse();
        assertThat(read("abc\r\n", false, 5).tooLarge()).isFalse();
        assertThat(read("abcd\n", false, 5).tooLarge()).isTrue();
        assertThat(text(read("ab\r\n.\r\nmore than the limit\n", true, 4))).isEqualTo("ab\r\n");
    }
}
