package dev.ssmtpmailer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command in this JVM with captured output, as {@code java -jar} would. */
final class Cli {
    private Cli() {
    }

    /** What one run printed and returned. */
    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }
}
