package dev.ssmtpmailer.spring;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What the tests' log backend (slf4j-simple, which writes to the current {@code System.err}) writes. */
public final class Stderr {
    private Stderr() {
    }

    /**
     * @param run what to run
     * @return what it wrote to standard error (its log lines among it)
     */
    public static String of(Runnable run) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
