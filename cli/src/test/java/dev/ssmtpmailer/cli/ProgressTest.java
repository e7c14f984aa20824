package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void update_onATerminal_rewritesOneLineAtMostEveryPercent() {
        StringWriter err = new StringWriter();
        Progress p = new Progress(new PrintWriter(err), "bench", 1000, true);

        for (int i = 1; i <= 1000; i++) {
            p.update(i);
        }
        p.done();

        assertThat(err.toString()).startsWith("\rbench: 1/1000 (0%)").contains("\rbench: 1000/1000 (100%)")
                .endsWith("\r\033[K");
        assertThat(err.toString().split("\r")).hasSizeLessThanOrEqualTo(103);
    }

    @Test
    void update_notATerminal_printsNothing() {
        StringWriter err = new StringWriter();
        Progress p = new Progress(new PrintWriter(err), "demo", 6, false);

        p.update(3);
        p.done();

        assertThat(err.toString()).isEmpty();
    }
}
